#pragma once
// Helpers shared by the fuzz targets: splitting one input into the several
// documents a target needs, and a property check that aborts (so the fuzzer
// and the replay driver both see a violated property as a crash).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace cwlog::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at NUL bytes into exactly `n` parts: the last part keeps any
// further NULs, missing parts are empty. Seeds are written with printf '\0'.
inline std::vector<std::string_view> split_parts(std::string_view input, std::size_t n) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    const auto nul = input.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(input.substr(0, nul));
    input.remove_prefix(nul + 1);
  }
  parts.push_back(input);
  parts.resize(n);
  return parts;
}

// A property every input must keep; a violation is a finding.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace cwlog::fuzz

#pragma once
// Independent re-statements of CloudWatch's name rules for the tests, written
// from the API reference (LogGroupName pattern [\.\-_/#A-Za-z0-9]+, 1-512, not
// "aws/..."; LogStreamName [^:*]*, 1-512), so the library's own checks are not
// used to judge the library's output.
#include <string>
#include <string_view>

namespace cwlog::test {

inline bool group_name_ok(std::string_view s) {
  constexpr std::string_view allowed = ".-_/#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  if (s.empty() || s.size() > 512 || s.substr(0, 4) == "aws/") return false;
  return s.find_first_not_of(allowed) == std::string_view::npos;
}

inline bool stream_name_ok(std::string_view s) {
  return !s.empty() && s.size() <= 512 && s.find(':') == std::string_view::npos &&
         s.find('*') == std::string_view::npos;
}

// The inverse of encode_name_value for non-digest values, written from
// docs/tenant-names.md: if it exists, the encoding is injective on them.
inline bool decode_name_value(std::string_view enc, std::string& out) {
  out.clear();
  if (enc == "_") return true;
  for (std::size_t i = 0; i < enc.size(); ++i) {
    const char c = enc[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
      continue;
    }
    if (c != '_' || i + 2 >= enc.size()) return false;
    auto hex = [](char h) -> int {
      if (h >= '0' && h <= '9') return h - '0';
      if (h >= 'a' && h <= 'f') return h - 'a' + 10;
      return -1;
    };
    const int hi = hex(enc[i + 1]), lo = hex(enc[i + 2]);
    if (hi < 0 || lo < 0) return false;
    const char byte = static_cast<char>(hi * 16 + lo);
    // Canonical form only: a plain character must not have been escaped.
    if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) return false;
    out += byte;
    i += 2;
  }
  return !out.empty();
}

}  // namespace cwlog::test

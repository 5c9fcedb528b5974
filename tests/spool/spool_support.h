#pragma once
// Shared by the spool tests: settings on a test's directory, and draining
// every replayed record.
#include <filesystem>
#include <string>
#include <vector>

#include "spool/spool.h"

namespace cwlog::test {

inline detail::spool_settings spool_settings_in(const std::filesystem::path& dir) {
  detail::spool_settings s;
  s.dir = dir / "spool";
  s.write_interval = std::chrono::milliseconds(200);
  return s;
}

// Every record the spool replays, with the sequence numbers it gave them.
inline std::vector<detail::replayed_record> replay_all(detail::spool& s) {
  std::vector<detail::replayed_record> out;
  while (s.replay_pending()) s.replay(out, 1 << 20);
  return out;
}

inline std::vector<std::string> texts(const std::vector<detail::replayed_record>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.record);
  return out;
}

// The regular files below dir, recursively.
inline std::size_t files_below(const std::filesystem::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    n += it->is_regular_file() ? 1 : 0;
  return n;
}

}  // namespace cwlog::test

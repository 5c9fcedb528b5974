#pragma once
// A directory of its own for one test, removed with everything in it when the
// object goes. Named after the running test (cwlog-<suite>.<test>-XXXXXX), so
// a leftover from a crashed run tells whose it was, and unique (mkdtemp), so
// tests running in parallel, or repeated, never share files.
#include <filesystem>
#include <string>
#include <string_view>

namespace cwlog::test {

class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name (binary, replacing it; `name` may hold
  // directories, created as needed) and returns the full path.
  std::filesystem::path write(const std::string& name, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace cwlog::test

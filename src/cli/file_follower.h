#pragma once
// Follows a file like `tail -F`: reads complete lines as they are appended,
// reopens the path when the file is rotated (renamed or replaced: its inode
// changes) after reading the old file to its end, and starts over when it is
// truncated. The position (inode, offset of the first byte not yet handed out)
// can be saved and restored, so a restart resumes where delivery was confirmed.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::cli {

struct file_position {
  std::uint64_t inode = 0;
  std::uint64_t offset = 0;
};

class file_follower {
 public:
  explicit file_follower(std::string path, std::optional<file_position> resume = std::nullopt);
  ~file_follower();
  file_follower(const file_follower&) = delete;
  file_follower& operator=(const file_follower&) = delete;

  // Reads what is available and calls on_line for each complete line (without
  // its newline). Returns the number of lines. Never blocks waiting for data.
  std::size_t poll(const std::function<void(std::string_view)>& on_line);

  // At EOF, an unterminated last line is handed out only by drain() (used when
  // not following, e.g. `cwlog ship --once`).
  std::size_t drain(const std::function<void(std::string_view)>& on_line);

  // The position after the last line handed out.
  file_position position() const { return {inode_, consumed_}; }
  const std::string& path() const { return path_; }

 private:
  bool open_path();
  std::size_t read_lines(const std::function<void(std::string_view)>& on_line);

  std::string path_;
  int fd_ = -1;
  std::uint64_t inode_ = 0;
  std::uint64_t consumed_ = 0;  // offset of the first byte not handed out
  std::string pending_;         // bytes read after consumed_ (an incomplete line)
  std::optional<file_position> resume_;
};

// The state file of a followed path: "<inode> <offset>\n". Saved atomically.
std::optional<file_position> load_position(const std::string& state_file);
bool save_position(const std::string& state_file, const file_position& position);

}  // namespace cwlog::cli

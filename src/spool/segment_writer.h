#pragma once
// One segment file being appended to: frames collect in a memory buffer and
// reach the file only in write_out(), which the spool calls at most every
// write interval (and before the segment is closed). The file is created
// on the first write_out(), 0600, with O_EXCL: a name is never reused.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace cwlog::detail {

class segment_writer {
 public:
  explicit segment_writer(std::filesystem::path path);
  ~segment_writer();  // closes; does not write what is still buffered (the spool decides)
  segment_writer(const segment_writer&) = delete;
  segment_writer& operator=(const segment_writer&) = delete;

  void append(std::string_view payload);  // into the buffer
  // Writes the buffer to the file (creating it first), then, when `sync`,
  // fdatasync()s if anything was written since the last sync. Returns an empty string, or what failed (with
  // strerror). After a failure the writer is broken: the spool starts a new segment.
  std::string write_out(bool sync);

  const std::filesystem::path& path() const noexcept { return path_; }
  bool created() const noexcept { return fd_ >= 0; }
  // Nothing buffered, nothing written but not synced.
  bool clean() const noexcept { return buffer_.empty() && !unsynced_; }
  bool broken() const noexcept { return broken_; }
  std::uint64_t buffered_bytes() const noexcept { return buffer_.size(); }
  std::uint64_t total_bytes() const noexcept { return written_ + buffer_.size(); }  // file size once written

 private:
  std::filesystem::path path_;
  std::string buffer_;
  std::uint64_t written_ = 0;
  int fd_ = -1;
  bool broken_ = false;
  bool unsynced_ = false;
};

}  // namespace cwlog::detail

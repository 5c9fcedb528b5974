// Buffered appends to one segment file (segment_writer.h).
#include "spool/segment_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "spool/segment_format.h"

namespace cwlog::detail {
namespace {

std::string failure(const char* what, const std::filesystem::path& p) {
  return std::string(what) + " " + p.string() + ": " + std::strerror(errno);
}

}  // namespace

segment_writer::segment_writer(std::filesystem::path path) : path_(std::move(path)) {
  append_segment_header(buffer_);
}

segment_writer::~segment_writer() {
  if (fd_ >= 0) ::close(fd_);
}

void segment_writer::append(std::string_view payload) {
  append_frame(buffer_, payload);
}

std::string segment_writer::write_out(bool sync) {
  if (broken_) return "segment " + path_.string() + " failed earlier";
  if (fd_ < 0) {
    // O_CLOEXEC: a program the host exec()s must not hold our files open.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      broken_ = true;
      return failure("cannot create", path_);
    }
    // The umask may have taken bits away; 0600 exactly, whatever it is.
    if (::fchmod(fd_, 0600) != 0) {
      broken_ = true;
      return failure("cannot chmod", path_);
    }
  }
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Part of a frame may be in the file: a reader skips it as damage.
      broken_ = true;
      written_ += done;
      buffer_.erase(0, done);
      return failure("cannot write", path_);
    }
    done += static_cast<std::size_t>(n);
  }
  written_ += done;
  buffer_.clear();
  unsynced_ = unsynced_ || done > 0;
  if (sync && unsynced_) {
    if (::fdatasync(fd_) != 0) {
      broken_ = true;
      return failure("cannot sync", path_);
    }
    unsynced_ = false;
  }
  return {};
}

}  // namespace cwlog::detail

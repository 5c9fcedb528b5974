#include "file_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace cwlog::cli {

file_follower::file_follower(std::string path, std::optional<file_position> resume)
    : path_(std::move(path)), resume_(resume) {
  open_path();
}

file_follower::~file_follower() {
  if (fd_ >= 0) ::close(fd_);
}

bool file_follower::open_path() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return false;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  inode_ = st.st_ino;
  consumed_ = 0;
  pending_.clear();
  // Resume only in the same file, and only if it was not truncated meanwhile.
  if (resume_ && resume_->inode == inode_ && resume_->offset <= static_cast<std::uint64_t>(st.st_size)) {
    consumed_ = resume_->offset;
  }
  resume_.reset();
  ::lseek(fd_, static_cast<off_t>(consumed_), SEEK_SET);
  return true;
}

std::size_t file_follower::read_lines(const std::function<void(std::string_view)>& on_line) {
  std::size_t lines = 0;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    pending_.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending_.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line(line);
      ++lines;
    }
    consumed_ += start;
    pending_.erase(0, start);
  }
  return lines;
}

std::size_t file_follower::poll(const std::function<void(std::string_view)>& on_line) {
  if (fd_ < 0 && !open_path()) return 0;  // not there yet (or between rotate and create)
  std::size_t lines = read_lines(on_line);

  struct stat by_path {};
  if (::stat(path_.c_str(), &by_path) != 0) return lines;  // renamed away, new one not yet created
  if (by_path.st_ino != inode_) {
    // Rotated: the old file was read to its end above; continue in the new one.
    lines += read_lines(on_line);
    if (open_path()) lines += read_lines(on_line);
    return lines;
  }
  struct stat by_fd {};
  if (::fstat(fd_, &by_fd) == 0 && static_cast<std::uint64_t>(by_fd.st_size) < consumed_ + pending_.size()) {
    // Truncated in place (copytruncate): start again from the beginning.
    consumed_ = 0;
    pending_.clear();
    ::lseek(fd_, 0, SEEK_SET);
    lines += read_lines(on_line);
  }
  return lines;
}

std::size_t file_follower::drain(const std::function<void(std::string_view)>& on_line) {
  std::size_t lines = poll(on_line);
  if (!pending_.empty()) {
    on_line(pending_);
    consumed_ += pending_.size();
    pending_.clear();
    ++lines;
  }
  return lines;
}

std::optional<file_position> load_position(const std::string& state_file) {
  std::ifstream in(state_file);
  file_position p;
  if (in >> p.inode >> p.offset) return p;
  return std::nullopt;
}

bool save_position(const std::string& state_file, const file_position& position) {
  const std::string temp = state_file + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << position.inode << ' ' << position.offset << '\n';
    if (!out.flush()) return false;
  }
  return std::rename(temp.c_str(), state_file.c_str()) == 0;
}

}  // namespace cwlog::cli

// flock()-based directory ownership, safe across fork() (dir_lock.h).
#include "spool/dir_lock.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>
#include <utility>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

// The descriptors of the locks this process holds, for the atfork child
// handler. Lock-free slots rather than a mutex-guarded set: the handler runs
// in the child, where a mutex some other thread held at fork() stays locked.
// A slot holds fd + 1, so that the zero-initialised array is all empty.
constexpr std::size_t max_held_locks = 1024;
std::array<std::atomic<int>, max_held_locks> held_fds{};
std::once_flag atfork_once;

void close_held_in_child() noexcept {
  for (auto& s : held_fds) {
    const int slot = s.exchange(0, std::memory_order_relaxed);
    if (slot > 0) ::close(slot - 1);
  }
}

void remember(int fd) {
  std::call_once(atfork_once, [] { pthread_atfork(nullptr, nullptr, close_held_in_child); });
  for (auto& s : held_fds) {
    int empty = 0;
    if (s.compare_exchange_strong(empty, fd + 1, std::memory_order_relaxed)) return;
  }
  ::close(fd);
  throw cwlog::error("cwlog spool: more than " + std::to_string(max_held_locks) +
                     " spool directories locked by one process");
}

void forget(int fd) noexcept {
  for (auto& s : held_fds) {
    int expected = fd + 1;
    if (s.compare_exchange_strong(expected, 0, std::memory_order_relaxed)) return;
  }
}

}  // namespace

std::optional<dir_lock> dir_lock::try_lock(const std::filesystem::path& dir) {
  const auto file = dir / lock_file_name;
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return std::nullopt;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  // The owner removes its directory by unlinking the lock file while holding
  // the lock; a descriptor opened just before that locks a file nobody sees.
  struct stat held {};
  struct stat named {};
  if (::fstat(fd, &held) != 0 || ::stat(file.c_str(), &named) != 0 || held.st_ino != named.st_ino ||
      held.st_dev != named.st_dev) {
    ::close(fd);
    return std::nullopt;
  }
  remember(fd);
  return dir_lock(dir, fd);
}

dir_lock::dir_lock(std::filesystem::path dir, int fd) noexcept
    : dir_(std::move(dir)), fd_(fd), owner_(::getpid()) {}

dir_lock::dir_lock(dir_lock&& other) noexcept
    : dir_(std::move(other.dir_)), fd_(std::exchange(other.fd_, -1)), owner_(other.owner_) {}

dir_lock& dir_lock::operator=(dir_lock&& other) noexcept {
  if (this != &other) {
    release();
    dir_ = std::move(other.dir_);
    fd_ = std::exchange(other.fd_, -1);
    owner_ = other.owner_;
  }
  return *this;
}

dir_lock::~dir_lock() {
  release();
}

bool dir_lock::owned_here() const noexcept {
  return fd_ >= 0 && owner_ == ::getpid();
}

void dir_lock::release() noexcept {
  if (fd_ < 0) return;
  // In a forked child the handler has closed the copy already, and the number
  // may now belong to something else.
  if (owner_ == ::getpid()) {
    forget(fd_);
    ::close(fd_);
  }
  fd_ = -1;
}

bool dir_lock::rename_dir(const std::filesystem::path& to) {
  if (::rename(dir_.c_str(), to.c_str()) != 0) return false;
  dir_ = to;
  return true;
}

bool dir_lock::remove_dir_and_release() {
  if (!owned_here()) return false;
  std::error_code ec;
  std::filesystem::remove(dir_ / lock_file_name, ec);
  const bool removed = std::filesystem::remove(dir_, ec) && !ec;
  release();
  return removed;
}

}  // namespace cwlog::detail

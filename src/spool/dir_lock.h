#pragma once
// Ownership of one spool subdirectory: an exclusive flock() on the file
// "lock" inside it. The kernel drops the lock when the owner dies however it
// dies (SIGKILL, OOM kill, crash), so "the lock can be taken" means "the
// owner is gone".
//
// fork(): a child inherits the descriptor, and with it the lock (flock locks
// belong to the open file description, which parent and child share). A child
// that outlived its parent would then keep the parent's directory from ever
// being adopted. So every held lock's descriptor is closed in the child by a
// pthread_atfork handler (closing the child's copy leaves the parent's lock
// in place), and a dir_lock remembers its owner's pid: in a child it neither
// touches the descriptor number (which may by then name another file) nor
// removes anything. O_CLOEXEC covers exec().
#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace cwlog::detail {

class dir_lock {
 public:
  // Takes the lock of `dir` (creating its lock file, 0600) without waiting.
  // nullopt when another live process holds it, or when `dir` is being
  // removed by its owner (the lock file we locked is no longer the one at
  // its path).
  static std::optional<dir_lock> try_lock(const std::filesystem::path& dir);

  dir_lock(dir_lock&& other) noexcept;
  dir_lock& operator=(dir_lock&& other) noexcept;
  ~dir_lock();  // releases the lock (in the owning process)

  // Removes the lock file and then the (otherwise empty) directory, and
  // releases the lock. False when the directory was not empty (it stays, the
  // lock is released either way).
  bool remove_dir_and_release();

  // Renames the directory, keeping the lock (the descriptor follows it).
  // False with errno set when rename() fails.
  bool rename_dir(const std::filesystem::path& to);

  const std::filesystem::path& dir() const noexcept { return dir_; }
  // True in the process that took the lock (not in a forked child).
  bool owned_here() const noexcept;

 private:
  dir_lock(std::filesystem::path dir, int fd) noexcept;
  void release() noexcept;

  std::filesystem::path dir_;
  int fd_ = -1;
  pid_t owner_ = 0;
};

inline constexpr const char* lock_file_name = "lock";

}  // namespace cwlog::detail

#include "support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace cwlog::test {
namespace {

struct pipe_fds {
  int read = -1;
  int write = -1;
};

// Close-on-exec on both ends: a child started by another thread must not
// inherit them (it would hold our pipes open and hide EOF).
pipe_fds make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  return {fds[0], fds[1]};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Spawns argv with the given descriptors as its stdin/stdout/stderr (-1:
// inherit ours). posix_spawn's dup2 clears close-on-exec on the targets only.
pid_t spawn(const std::vector<std::string>& argv, int in, int out, int err) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in >= 0) posix_spawn_file_actions_adddup2(&actions, in, STDIN_FILENO);
  if (out >= 0) posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, STDERR_FILENO);
  // The child starts as from a shell: no blocked signals, SIGPIPE at its
  // default (the test process ignores it for its own sockets).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, pipe_signal;
  sigemptyset(&none);
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_signal);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

process_result run_process(const std::vector<std::string>& argv, const std::string& input) {
  auto in = make_pipe();
  auto out = make_pipe();
  auto err = make_pipe();
  const pid_t pid = spawn(argv, in.read, out.write, err.write);
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);
  // A child that exits without reading its input must not kill us with SIGPIPE.
  ::signal(SIGPIPE, SIG_IGN);

  // Feed stdin and drain both outputs together: a child that fills one pipe
  // while we block on another would otherwise deadlock.
  process_result result;
  std::size_t written = 0;
  if (input.empty()) close_fd(in.write);
  while (out.read >= 0 || err.read >= 0) {
    pollfd fds[3] = {{in.write, POLLOUT, 0}, {out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    if (in.write >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(in.write, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == input.size()) close_fd(in.write);
    }
    const std::pair<int*, std::string*> readers[] = {{&out.read, &result.out}, {&err.read, &result.err}};
    for (std::size_t i = 0; i < 2; ++i) {
      if (*readers[i].first < 0 || !(fds[i + 1].revents & (POLLIN | POLLERR | POLLHUP))) continue;
      char buffer[8192];
      const ssize_t n = ::read(*readers[i].first, buffer, sizeof buffer);
      if (n > 0)
        readers[i].second->append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || errno != EINTR)
        close_fd(*readers[i].first);
    }
  }
  close_fd(in.write);
  result.exit_code = wait_exit_code(pid);
  return result;
}

child_process::child_process(const std::vector<std::string>& argv) {
  auto out = make_pipe();
  try {
    pid_ = spawn(argv, -1, out.write, -1);
  } catch (...) {
    close_fd(out.read);
    close_fd(out.write);
    throw;
  }
  close_fd(out.write);
  out_fd_ = out.read;
}

child_process::~child_process() {
  if (pid_ > 0) stop(SIGKILL);
  close_fd(out_fd_);
}

std::optional<std::string> child_process::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto nl = buffered_.find('\n'); nl != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      return line;
    }
    if (out_fd_ < 0) return std::nullopt;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd fd{out_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return std::nullopt;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(out_fd_, buffer, sizeof buffer);
    if (n > 0)
      buffered_.append(buffer, static_cast<std::size_t>(n));
    else if (n == 0 || errno != EINTR)
      close_fd(out_fd_);
  }
}

int child_process::stop(int signal) {
  if (pid_ <= 0) throw std::logic_error("child_process: already stopped");
  ::kill(pid_, signal);
  const int code = wait_exit_code(pid_);
  pid_ = -1;
  return code;
}

}  // namespace cwlog::test

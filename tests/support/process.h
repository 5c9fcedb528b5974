#pragma once
// Running programs from tests: one call that runs a command to its end and
// captures stdout, stderr and the exit code, and a child process that keeps
// running (a server) until the test stops it. argv is passed as is, never
// through a shell, so arguments need no quoting. A program that cannot be
// started throws: a test that needs a binary fails when it is missing.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cwlog::test {

struct process_result {
  int exit_code = -1;  // the exit status, or 128 + the signal that killed it (as a shell says)
  std::string out;
  std::string err;
};

// Runs argv[0] (searched on PATH when it has no '/') with `input` on its stdin.
process_result run_process(const std::vector<std::string>& argv, const std::string& input = {});

// A started child with its stdout readable line by line; stderr goes to the
// test's own. The destructor kills it (SIGKILL) if the test did not stop it.
class child_process {
 public:
  explicit child_process(const std::vector<std::string>& argv);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The next line of stdout without its newline; nullopt at EOF or when
  // `timeout` (a generous bound, real time) passes first.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = std::chrono::seconds(60));

  // Sends `signal` and waits for the exit; returns the exit code as run_process does.
  int stop(int signal);

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffered_;
};

}  // namespace cwlog::test

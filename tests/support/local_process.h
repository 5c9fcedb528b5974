#pragma once
// `cwlog local` as its own process, the way a user runs it: started with
// --port 0 on loopback, its port read from the line it prints, stopped with a
// signal. For tests of the command line itself; everything else uses the
// in-process local_fixture (support/local_fixture.h), which is faster.
#include <signal.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "support/cwlog_cli.h"
#include "support/process.h"

namespace cwlog::test {

class local_process {
 public:
  // Extra arguments follow `cwlog local --port 0`; without --db, add --memory.
  explicit local_process(const std::vector<std::string>& args = {"--memory"}) : child_(argv(args)) {
    const auto line = child_.read_line();
    const std::string prefix = "cwlog local listening on http://127.0.0.1:";
    if (!line || line->rfind(prefix, 0) != 0) {
      throw std::runtime_error("cwlog local did not report its port; first line: " + line.value_or("<none>"));
    }
    port_ = std::stoi(line->substr(prefix.size()));
  }

  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Stops it as a service manager would; returns its exit code.
  int stop(int signal = SIGTERM) { return child_.stop(signal); }

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& args) {
    std::vector<std::string> out{cwlog_cli_path(), "local", "--port", "0"};
    out.insert(out.end(), args.begin(), args.end());
    return out;
  }

  child_process child_;
  int port_ = 0;
};

}  // namespace cwlog::test

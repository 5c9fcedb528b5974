#pragma once
// Shared pieces of the shipping benchmarks: cwlog local to deliver to (in
// this process, or as a process of its own so that only the shipper is
// measured), shipper options pointed at it, CPU time, percentiles and VmHWM.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <cwlog/shipper.h>

#include "aws/credentials.h"
#include "http/curl_transport.h"
#include "local/local_server.h"
#include "ship/shipper_factory.h"

namespace cwlog::bench {

inline std::unique_ptr<detail::local_server> start_local(bool discard) {
  detail::local_server_options o;
  o.memory = true;
  o.discard = discard;
  auto s = std::make_unique<detail::local_server>(o);
  s->start();
  return s;
}

// `cwlog local --memory --discard --admin` as a child process (the built
// binary at cli_path, an ephemeral loopback port), so the process that ships
// is measured alone: the project's rule is to measure delivery against a sink
// in another process that is not the bottleneck. `extra` follows the
// arguments (e.g. "--fault", "latency:ms=20,op=PutLogEvents").
class local_sink {
 public:
  explicit local_sink(const std::string& cli_path, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{cli_path, "local", "--port", "0", "--memory", "--discard", "--admin"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    // Close-on-exec: a sink started later must not inherit this one's pipe.
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      ::dup2(fds[1], STDOUT_FILENO);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    // Line 1: "cwlog local listening on http://127.0.0.1:PORT"; line 2: the
    // console's address, whose ?token= also opens /_cwlog/stats.
    std::string lines[2];
    char c;
    for (auto& line : lines)
      while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(fds[0]);  // it prints nothing else
    const auto listening = lines[0].find("http://");
    const auto token = lines[1].find("?token=");
    if (listening == std::string::npos || token == std::string::npos) {
      stop();
      throw std::runtime_error(cli_path + " local did not start: " + lines[0]);
    }
    endpoint_ = lines[0].substr(listening);
    token_ = lines[1].substr(token + 7);
  }
  ~local_sink() { stop(); }
  local_sink(const local_sink&) = delete;
  local_sink& operator=(const local_sink&) = delete;

  const std::string& endpoint() const { return endpoint_; }

  // PutLogEvents events that passed every check so far (GET /_cwlog/stats).
  std::uint64_t events_accepted() const {
    detail::http_request r;
    r.method = "GET";
    r.url = endpoint_ + "/_cwlog/stats?token=" + token_;
    const auto res = detail::make_curl_transport()->send(r);
    if (!res || res->status != 200) return 0;
    constexpr std::string_view key = "\"eventsAccepted\":";
    const auto at = res->body.find(key);
    return at == std::string::npos ? 0 : std::stoull(res->body.substr(at + key.size()));
  }

  // Stops it (SIGTERM) and returns the CPU seconds (user + system) it used in
  // its whole life, from the kernel's account of the exited child.
  double stop() {
    if (pid_ <= 0) return cpu_seconds_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    rusage usage{};
    while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    cpu_seconds_ = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    return cpu_seconds_;
  }

 private:
  static double seconds(const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  }
  pid_t pid_ = -1;
  std::string endpoint_;
  std::string token_;
  double cpu_seconds_ = 0;
};

inline options shipper_options(const std::string& endpoint, std::size_t queue_bytes) {
  options o;
  o.aws.endpoint = endpoint;
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;  // the same keys are injected below
  o.aws.access_key_id = detail::local_default_access_key_id;
  o.aws.secret_access_key = detail::local_default_secret_access_key;
  destination_options d;
  d.name = "bench";
  d.group = "bench";
  d.stream = "s";
  d.format = formatter_kind::json;
  o.destinations.push_back(d);
  o.default_destination = "bench";
  o.shipping.queue_bytes = queue_bytes;
  o.shipping.flush_interval = std::chrono::milliseconds(200);
  return o;
}

inline detail::shipper_dependencies local_deps() {
  detail::shipper_dependencies d;
  d.credentials = std::make_shared<detail::static_credentials_provider>(detail::credentials{
      detail::local_default_access_key_id, detail::local_default_secret_access_key, "", std::nullopt});
  d.diagnostics = [](const diagnostic& m) {
    std::fprintf(stderr, "cwlog: %.*s\n", static_cast<int>(m.message.size()), m.message.data());
  };
  return d;
}

// CPU seconds used so far by the whole process (every thread: getrusage's
// RUSAGE_SELF, user + system) and by the calling thread: their difference
// over a run is what the other threads did.
inline double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
// Minor page faults so far in this process (fresh memory the kernel had to
// zero: a cost per event when buffers are not reused).
inline long process_minor_faults() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}
inline double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Peak resident set size (VmHWM) in KiB.
inline long vm_hwm_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

struct percentiles {
  double p50, p90, p99, p999, max;
};

inline percentiles compute(std::vector<std::uint32_t>& ns) {
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) {
    return static_cast<double>(ns[static_cast<std::size_t>(q * static_cast<double>(ns.size() - 1))]);
  };
  return {at(0.5), at(0.9), at(0.99), at(0.999), static_cast<double>(ns.back())};
}

}  // namespace cwlog::bench

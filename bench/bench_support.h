#pragma once
// Shared pieces of the shipping benchmarks: an in-process cwlog local to
// deliver to, shipper options pointed at it, percentiles and VmHWM.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <time.h>

#include <cwlog/shipper.h>

#include "aws/credentials.h"
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

// CPU seconds used so far by the whole process (every thread) and by the
// calling thread: their difference over a run is what the other threads did.
inline double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
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

// log() as a program linked with libcwlog.so sees it: the other programs here
// link the library's objects, where thread_locals are reached at a fixed
// offset and calls go direct; through the shared library they go through its
// TLS and call model (cmake/cwlog_areas.cmake, cwlog_set_call_model).
//
// 100-byte messages in bursts of 256 at 200,000 records/s, each call timed
// with steady_clock (the pair of reads is in the figures), through the public
// API only. Nothing is delivered: the endpoint is a closed loopback port, so
// the records wait in the queue (512 MiB, enough for every call) while the
// shipper retries; the caller's path is the same as with a server.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <cwlog/options.h>
#include <cwlog/shipper.h>

int main(int argc, char** argv) {
  const int bursts = argc > 1 ? std::atoi(argv[1]) : 1000;
  cwlog::options o;
  o.aws.endpoint = "http://127.0.0.1:9";  // discard: nothing listens
  o.aws.region = "us-east-1";
  o.aws.credentials = cwlog::credentials_source::static_keys;
  o.aws.access_key_id = "AKIDEXAMPLE";
  o.aws.secret_access_key = "bench-secret";
  cwlog::destination_options d;
  d.name = "bench";
  d.group = "bench";
  d.stream = "s";
  o.destinations.push_back(d);
  o.default_destination = "bench";
  o.shipping.queue_bytes = std::size_t{512} << 20;
  cwlog::shipper s(o, [](const cwlog::diagnostic&) {});
  const std::string message(100, 'm');
  std::vector<long> ns;
  ns.reserve(static_cast<std::size_t>(bursts) * 256);
  std::size_t refused = 0;
  for (int b = 0; b < bursts; ++b) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 256; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      refused += s.log(cwlog::level::info, cwlog::logger_name{"app"}, message) ? 0 : 1;
      const auto t1 = std::chrono::steady_clock::now();
      ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    }
    std::this_thread::sleep_until(start + std::chrono::microseconds(1280));
  }
  std::sort(ns.begin(), ns.end());
  std::printf("log() through libcwlog.so  calls=%zu  median=%ld ns  p90=%ld ns  p99=%ld ns  refused=%zu\n",
              ns.size(), ns[ns.size() / 2], ns[ns.size() * 9 / 10], ns[ns.size() * 99 / 100], refused);
  std::fflush(stdout);
  // The shipper would wait out its shutdown deadline retrying the closed port.
  std::_Exit(0);
}

// Peak RSS under a 10x overload: the service answers slowly (200 ms latency
// injected on every PutLogEvents), the caller offers 10x the queue bound in
// 1 KB records as fast as it can (drop_newest). Prints VmHWM before the
// shipper exists and at the end, against the bound (queue_bytes + 16 MiB).
// cwlog local runs in a forked child process, so its own memory (request
// buffers, parsed JSON, per-thread malloc arenas) is not counted against the
// shipper's peak.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "bench_support.h"

int main(int argc, char** argv) {
  using namespace cwlog;
  const std::size_t queue_bytes = (argc > 1 ? std::stoul(argv[1]) : 64) << 20;
  int to_parent[2], to_child[2];
  if (pipe(to_parent) != 0 || pipe(to_child) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) {
    close(to_child[1]);
    close(to_parent[0]);
    auto server = bench::start_local(true);
    server->faults().add("latency:ms=200,op=PutLogEvents");
    const int port = server->port();
    if (write(to_parent[1], &port, sizeof port) != sizeof port) _exit(1);
    char c;
    while (read(to_child[0], &c, 1) > 0) {
    }  // EOF: the parent is done
    server->stop();
    _exit(0);
  }
  close(to_child[0]);
  close(to_parent[1]);
  int port = 0;
  if (read(to_parent[0], &port, sizeof port) != sizeof port) return 1;
  auto o = bench::shipper_options("http://127.0.0.1:" + std::to_string(port), queue_bytes);
  o.shipping.overflow = overflow_policy::drop_newest;
  const long before_kib = bench::vm_hwm_kib();
  std::uint64_t offered = 0;
  {
    auto owned = detail::make_shipper(o, bench::local_deps());
    shipper& s = *owned;
    const std::string message(1024, 'o');
    const std::size_t n = 10 * queue_bytes / 1024;
    for (std::size_t i = 0; i < n; ++i, ++offered) s.log(level::info, logger_name{"bench"}, message);
    const auto c = s.counters();
    std::printf("offered=%llu enqueued=%llu dropped=%llu (queue_full=%llu) queue_bytes_now=%zu\n",
                static_cast<unsigned long long>(offered), static_cast<unsigned long long>(c.enqueued),
                static_cast<unsigned long long>(c.dropped_total()),
                static_cast<unsigned long long>(c.dropped_by(drop_reason::queue_full)), c.queue_bytes);
    s.shutdown(std::chrono::seconds(60));
  }
  const long after_kib = bench::vm_hwm_kib();
  const double bound_mib = static_cast<double>(queue_bytes) / (1 << 20) + 16;
  std::printf(
      "queue_bytes=%zu MiB  VmHWM before=%.1f MiB  peak=%.1f MiB  growth=%.1f MiB  bound(queue+16)=%.1f MiB  "
      "%s\n",
      queue_bytes >> 20, before_kib / 1024.0, after_kib / 1024.0, (after_kib - before_kib) / 1024.0,
      bound_mib, (after_kib - before_kib) / 1024.0 <= bound_mib ? "WITHIN" : "OVER");
  close(to_child[1]);
  waitpid(child, nullptr, 0);
  return 0;
}

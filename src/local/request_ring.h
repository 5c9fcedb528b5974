#pragma once
// The server's most recent API requests, for the console's "Requests" page: a
// bounded in-memory ring (the oldest entry is overwritten), so a developer sees
// throttling, injected faults and retries as they happen. Unlike the audit log
// it is always on, holds timings, and costs one short lock per request.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace cwlog::detail {

struct request_record {
  std::int64_t seq = 0;      // 1, 2, ... in arrival order (set by the ring)
  std::int64_t time_ms = 0;  // when the request arrived (the server's clock)
  std::string request_id;
  std::string operation;
  std::string resource_arn;
  std::string access_key_id;
  int status = 0;       // 0: no response (connection reset)
  std::string outcome;  // "ok", the error __type, "reset-before", "reset-after-commit"
  std::string fault;    // the injected fault(s) applied, e.g. "throttle", "latency 200ms"; empty: none
  double latency_ms = 0;
  std::string remote;
};

class request_ring {
 public:
  static constexpr std::size_t default_capacity = 1000;
  explicit request_ring(std::size_t capacity = default_capacity);

  void add(request_record r);  // thread-safe
  // The newest records first, at most limit, only those with seq > after_seq.
  std::vector<request_record> recent(std::size_t limit, std::int64_t after_seq = 0) const;
  std::int64_t total() const;  // records ever added

 private:
  mutable std::mutex mutex_;
  std::vector<request_record> slots_;
  std::size_t capacity_;
  std::int64_t added_ = 0;
};

}  // namespace cwlog::detail

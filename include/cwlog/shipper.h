#pragma once
// The shipper: takes records from any thread and delivers them to CloudWatch
// Logs in the background. log() never does I/O, never waits for the network
// and never throws; delivery, batching, retries and group/stream creation
// happen on the shipper's own threads. See docs/delivery.md for the
// guarantees (at-least-once; what a crash loses) and the counters.
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string_view>

#include <cwlog/counters.h>
#include <cwlog/destination.h>
#include <cwlog/export.h>
#include <cwlog/options.h>
#include <cwlog/record.h>

namespace cwlog {

// cwlog's own diagnostics (a group that could not be created, retries given up,
// credentials failing...). They go to this channel only, never back into cwlog
// or into the spdlog logger feeding it. Called from the shipper's threads; keep
// it short and do not call the shipper from it. Never carries a secret.
enum class diagnostic_severity : std::uint8_t { info, warning, error };

struct diagnostic {
  diagnostic_severity severity = diagnostic_severity::info;
  std::string_view message;
};

using diagnostics_handler = std::function<void(const diagnostic&)>;

struct flush_result {
  bool complete = false;      // everything logged before flush() was delivered or settled
  std::uint64_t pending = 0;  // copies (one per destination of a record) logged before flush()
                              // still not settled at the timeout
};

struct shutdown_result {
  bool complete = false;          // nothing was left undelivered
  std::uint64_t undelivered = 0;  // copies dropped with reason shutdown_deadline (a record still
                                  // queued, not yet routed, counts once)
  std::uint64_t undelivered_bytes = 0;
};

namespace detail {
struct shipper_dependencies;
class shipper_engine;
}  // namespace detail

class CWLOG_API shipper {
 public:
  // Throws cwlog::error when the options are invalid (no destination, bad
  // retention, no region...). A null handler writes diagnostics to stderr.
  explicit shipper(const options& opts, diagnostics_handler diagnostics = {});
  // Internal: injected transport, clock, credentials (tests, benchmarks).
  shipper(const options& opts, detail::shipper_dependencies deps);
  // Without a prior shutdown(): a bounded shutdown (shipping_options::shutdown_deadline).
  ~shipper();
  shipper(const shipper&) = delete;
  shipper& operator=(const shipper&) = delete;

  // Copies the record into the queue; false when it was dropped (counted).
  // timestamp_ns == 0 means "now". Never blocks on the network; with
  // overflow_policy::block it may wait up to block_timeout for queue space.
  bool log(const record_view& record) noexcept;
  bool log(level lvl, std::string_view logger, std::string_view message,
           std::initializer_list<field_view> fields = {}) noexcept;

  // Opens a fixed (group, stream) with its creation options (destination.h):
  // group and stream are literal names; retention, KMS key, tags and class are
  // validated here, once, and throw cwlog::error when CloudWatch would refuse
  // them. format/pattern choose how the record is rendered, as for routed
  // destinations; options::routes and min levels do not apply. Thread-safe.
  destination open(const destination_options& d);
  // Like log(record), to a destination this shipper opened (another
  // shipper's handle, or an empty one, is dropped as no_destination).
  bool log(const destination& to, const record_view& record) noexcept;

  // Sends everything logged so far and waits (up to timeout) until it is
  // delivered or settled; shuts nothing down.
  flush_result flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Stops accepting records, delivers what it can before the deadline, stops
  // the threads and reports what was not delivered. Idempotent.
  shutdown_result shutdown(std::chrono::milliseconds deadline);
  shutdown_result shutdown();  // with shipping_options::shutdown_deadline

  delivery_counters counters() const;

 private:
  std::unique_ptr<detail::shipper_engine> engine_;
};

}  // namespace cwlog

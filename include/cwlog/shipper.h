#pragma once
// The shipper: takes records from any thread and delivers them to CloudWatch
// Logs in the background. log() never does I/O, never waits for the network
// and never throws; delivery, batching, retries and group/stream creation
// happen on the shipper's own threads. See docs/delivery.md for the
// guarantees (at-least-once; what a crash loses) and the counters, and
// docs/api.md for the recipes.
//
// A shipper is an ordinary object (no global registry): create one per
// process (or per configuration), keep it alive as long as anything logs to
// it. cwlog::logger (logger.h) borrows it; the spdlog sink shares it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

#include <cwlog/counters.h>
#include <cwlog/deferred_arg.h>
#include <cwlog/destination.h>
#include <cwlog/export.h>
#include <cwlog/options.h>
#include <cwlog/record.h>

namespace cwlog {

// How serious one of cwlog's own diagnostics is; named like cwlog::level.
enum class diagnostic_severity : std::uint8_t { info, warn, error };

// cwlog's own diagnostics (a group that could not be created, retries given up,
// credentials failing...). They go to this channel only, never back into cwlog
// or into the spdlog logger feeding it. Called from the shipper's threads; keep
// it short and do not call the shipper from it. Never carries a secret.
struct diagnostic {
  diagnostic_severity severity = diagnostic_severity::info;
  std::string_view message;  // valid only during the handler's call
};

// Receives every diagnostic; see above for the thread it runs on.
using diagnostics_handler = std::function<void(const diagnostic&)>;

// What flush() achieved.
struct flush_result {
  bool complete = false;      // everything logged before flush() was delivered or settled
  std::uint64_t pending = 0;  // copies (one per destination of a record) logged before flush()
                              // still not settled at the timeout
};

// What shutdown() achieved.
struct shutdown_result {
  bool complete = false;          // nothing was left undelivered
  std::uint64_t undelivered = 0;  // copies dropped with reason shutdown_deadline (a record still
                                  // queued, not yet routed, counts once)
  std::uint64_t undelivered_bytes = 0;
};

// The component a record comes from ("api", "api.http"), spelled out at the
// call so that it cannot be swapped with the message by accident:
//   shipper.log(cwlog::level::info, cwlog::logger_name{"api"}, "started");
struct logger_name {
  constexpr explicit logger_name(std::string_view name) noexcept : value(name) {}
  std::string_view value;
};

namespace detail {
class shipper_engine;
class shipper_factory;
}  // namespace detail

class CWLOG_API shipper {
 public:
  // Throws cwlog::error when the options are invalid (no destination, bad
  // retention, no region...). A null handler writes diagnostics to stderr.
  explicit shipper(const options& opts, diagnostics_handler diagnostics = {});
  // Without a prior shutdown(): a bounded shutdown (shipping_options::shutdown_deadline).
  // Every cwlog::logger borrowing this shipper must be gone by then (builds
  // with CWLOG_CHECK_LIFETIMES, the default without NDEBUG, abort otherwise).
  ~shipper();
  shipper(const shipper&) = delete;
  shipper& operator=(const shipper&) = delete;

  // Copies the record into the calling thread's buffer, without waiting for
  // another thread; false when it was dropped (counted). The byte bound and
  // the overflow policy apply when the background thread moves it into the
  // tenant-fair queue (within a tick), so a record accepted here may still be
  // dropped there, counted as queue_full or evicted (docs/architecture.md).
  // The calling thread's context_scope fields are added (context.h).
  // timestamp_ns == 0 means "now". Never blocks on the network; with
  // overflow_policy::block it may wait up to block_timeout for space when
  // its thread's buffer is full.
  bool log(const record_view& record) noexcept;
  bool log(level lvl, logger_name logger, std::string_view message,
           std::initializer_list<field_view> fields = {}) noexcept;
  // What cwlog::logger calls: the record plus its bound context (fields the
  // record has win on a shared key); with args, record.message is a format
  // string whose arguments are formatted on the background thread.
  bool log(const record_view& record, std::span<const field_view> context,
           std::span<const deferred_arg> args = {}) noexcept;
  // True when a record of this level can pass options::min_level (a cheap
  // check so that callers skip formatting what would be dropped).
  bool enabled(level lvl) const noexcept { return lvl >= min_level_; }
  // The level a record of this logger needs: options::min_level, or the
  // longest logger_min_levels prefix that matches. cwlog::logger asks once
  // and keeps the answer, so its level check costs one comparison.
  level min_level_for(std::string_view logger) const noexcept;

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
  // delivered or settled; shuts nothing down. After shutdown() it returns at
  // once with complete = true and pending = 0: shutdown() settled every record
  // (delivered, or dropped as shutdown_deadline and reported in its result),
  // and records logged since are refused (dropped as stopped).
  flush_result flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  // Stops accepting records, delivers what it can before the deadline, stops
  // the threads and reports what was not delivered. Idempotent.
  shutdown_result shutdown(std::chrono::milliseconds deadline);
  shutdown_result shutdown();  // with shipping_options::shutdown_deadline

  delivery_counters counters() const;

 private:
  friend class detail::shipper_factory;  // tests inject transport and clock (src/ship/shipper_factory.h)
  friend class logger;                   // counts its borrowers (CWLOG_CHECK_LIFETIMES)
  friend class metrics;                  // cwlog/metrics.h: logs EMF documents through the engine
  explicit shipper(std::unique_ptr<detail::shipper_engine> engine);

  std::unique_ptr<detail::shipper_engine> engine_;
  level min_level_ = level::trace;
  std::atomic<std::uint32_t> borrowers_{0};  // live loggers, counted only in checking builds
};

}  // namespace cwlog

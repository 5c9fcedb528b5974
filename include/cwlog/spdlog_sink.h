#pragma once
// The spdlog sink (CMake target cwlog::spdlog): an existing spdlog program
// adds one line,
//   logger->sinks().push_back(cwlog::make_spdlog_sink(shipper));
// log() only converts spdlog's message to a record_view and enqueues it: no
// formatting by spdlog's formatter (cwlog's formatters run in the background,
// so set_pattern/set_formatter do nothing), no I/O. The logger name becomes
// the record's logger, spdlog's source_loc (SPDLOG_INFO and friends) the
// record's source location; the tenant and context fields come from the
// thread's cwlog::tenant_scope and cwlog::context_scope.
//
// Levels map one to one (trace..critical); a message at spdlog::level::off
// never produces a record.
//
// No mutex: the shipper is thread-safe, so the sink derives from
// spdlog::sinks::sink rather than base_sink<Mutex>. flush() waits (up to the
// flush timeout) for the shipper to deliver what was logged before it, on
// the flushing thread only, holding no lock: other threads keep logging
// through the same logger meanwhile. With flush_on(spdlog::level::err) the
// thread that logged the error is the one that waits; pass a zero flush
// timeout to make flush() return at once (delivery then follows the
// shipper's flush_interval).
//
// The sink holds a shared_ptr to the shipper, so the shipper outlives every
// spdlog logger using it, including at spdlog::shutdown(). cwlog's
// diagnostics never go through spdlog (see shipper.h), so a sink on the
// default logger cannot loop back into itself.
#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/sink.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <cwlog/record.h>
#include <cwlog/shipper.h>

namespace cwlog {

class spdlog_sink final : public spdlog::sinks::sink {
 public:
  explicit spdlog_sink(std::shared_ptr<shipper> target,
                       std::chrono::milliseconds flush_timeout = std::chrono::milliseconds(2000))
      : shipper_(std::move(target)), flush_timeout_(flush_timeout) {}

  const std::shared_ptr<shipper>& target() const noexcept { return shipper_; }

  void log(const spdlog::details::log_msg& msg) override {
    if (msg.level == spdlog::level::off || !should_log(msg.level)) return;
    record_view r;
    r.timestamp_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(msg.time.time_since_epoch()).count();
    r.lvl = static_cast<cwlog::level>(msg.level);  // same order, checked below
    r.logger = std::string_view(msg.logger_name.data(), msg.logger_name.size());
    r.message = std::string_view(msg.payload.data(), msg.payload.size());
    if (!msg.source.empty()) {
      r.source.file = msg.source.filename != nullptr ? msg.source.filename : "";
      r.source.function = msg.source.funcname != nullptr ? msg.source.funcname : "";
      r.source.line = static_cast<std::uint32_t>(msg.source.line);
    }
    shipper_->log(r);  // adds the thread's tenant and context; drops are counted
  }
  void flush() override {
    if (flush_timeout_.count() > 0) shipper_->flush(flush_timeout_);
  }
  void set_pattern(const std::string&) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

 private:
  static_assert(static_cast<int>(cwlog::level::trace) == spdlog::level::trace &&
                static_cast<int>(cwlog::level::debug) == spdlog::level::debug &&
                static_cast<int>(cwlog::level::info) == spdlog::level::info &&
                static_cast<int>(cwlog::level::warn) == spdlog::level::warn &&
                static_cast<int>(cwlog::level::error) == spdlog::level::err &&
                static_cast<int>(cwlog::level::critical) == spdlog::level::critical);

  std::shared_ptr<shipper> shipper_;
  std::chrono::milliseconds flush_timeout_;
};

// Kept for code written against the earlier template: both are the one sink,
// which needs no mutex of its own.
using spdlog_sink_mt = spdlog_sink;
using spdlog_sink_st = spdlog_sink;

inline std::shared_ptr<spdlog_sink> make_spdlog_sink(
    std::shared_ptr<shipper> target,
    std::chrono::milliseconds flush_timeout = std::chrono::milliseconds(2000)) {
  return std::make_shared<spdlog_sink>(std::move(target), flush_timeout);
}

}  // namespace cwlog

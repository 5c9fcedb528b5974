#pragma once
// The spdlog sink (CMake target cwlog::spdlog): an existing spdlog program
// adds one line,
//   logger->sinks().push_back(cwlog::make_spdlog_sink(shipper));
// sink_it_ only converts spdlog's message to a record_view and enqueues it: no
// formatting by spdlog's formatter (cwlog's formatters run in the background),
// no I/O. The logger name becomes the record's logger; the tenant comes from
// the thread's cwlog::tenant_scope. The sink holds a shared_ptr to the shipper,
// so the shipper outlives every logger using it, including at spdlog::shutdown().
//
// cwlog's diagnostics never go through spdlog (see shipper.h), so a sink on
// the default logger cannot loop back into itself.
#include <spdlog/details/log_msg.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include <cwlog/record.h>
#include <cwlog/shipper.h>
#include <cwlog/tenant.h>

namespace cwlog {

template <typename Mutex>
class spdlog_sink final : public spdlog::sinks::base_sink<Mutex> {
 public:
  explicit spdlog_sink(std::shared_ptr<shipper> target,
                       std::chrono::milliseconds flush_timeout = std::chrono::milliseconds(2000))
      : shipper_(std::move(target)), flush_timeout_(flush_timeout) {}

  const std::shared_ptr<shipper>& target() const noexcept { return shipper_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    record_view r;
    r.timestamp_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(msg.time.time_since_epoch()).count();
    r.lvl = to_level(msg.level);
    r.logger = std::string_view(msg.logger_name.data(), msg.logger_name.size());
    r.message = std::string_view(msg.payload.data(), msg.payload.size());
    r.tenant = current_tenant();
    shipper_->log(r);  // drops are counted by the shipper
  }
  void flush_() override { shipper_->flush(flush_timeout_); }

 private:
  static level to_level(spdlog::level::level_enum l) noexcept {
    switch (l) {
      case spdlog::level::trace:
        return level::trace;
      case spdlog::level::debug:
        return level::debug;
      case spdlog::level::info:
        return level::info;
      case spdlog::level::warn:
        return level::warn;
      case spdlog::level::err:
        return level::error;
      default:
        return level::critical;
    }
  }

  std::shared_ptr<shipper> shipper_;
  std::chrono::milliseconds flush_timeout_;
};

using spdlog_sink_mt = spdlog_sink<std::mutex>;
using spdlog_sink_st = spdlog_sink<spdlog::details::null_mutex>;

inline std::shared_ptr<spdlog_sink_mt> make_spdlog_sink(std::shared_ptr<shipper> target) {
  return std::make_shared<spdlog_sink_mt>(std::move(target));
}

}  // namespace cwlog

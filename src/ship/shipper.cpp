// cwlog::shipper: the public face of the engine (engine.h).
#include <cwlog/shipper.h>

#include <array>

#include "ship/engine.h"

namespace cwlog {

std::string_view to_string(drop_reason reason) noexcept {
  static constexpr std::array<std::string_view, drop_reason_count> names{"queue_full",
                                                                         "evicted",
                                                                         "block_timeout",
                                                                         "below_min_level",
                                                                         "dropped_by_rule",
                                                                         "no_destination",
                                                                         "invalid_name",
                                                                         "group_missing",
                                                                         "retries_exhausted",
                                                                         "service_error",
                                                                         "shutdown_deadline",
                                                                         "stopped",
                                                                         "forked",
                                                                         "too_old"};
  const auto i = static_cast<std::size_t>(reason);
  return i < names.size() ? names[i] : std::string_view{"unknown"};
}

shipper::shipper(const options& opts, diagnostics_handler diagnostics) {
  detail::shipper_dependencies deps;
  deps.diagnostics = std::move(diagnostics);
  engine_ = std::make_unique<detail::shipper_engine>(opts, std::move(deps));
}

shipper::shipper(const options& opts, detail::shipper_dependencies deps)
    : engine_(std::make_unique<detail::shipper_engine>(opts, std::move(deps))) {}

shipper::~shipper() {
  if (engine_ && engine_->forked()) {
    // In a child after fork(): the engine's threads exist only in the parent.
    // Joining or destroying them here would hang or abort, so the child leaves
    // the engine's memory alone (it is reclaimed when the child exits).
    (void)engine_.release();
    return;
  }
}

bool shipper::log(const record_view& record) noexcept {
  return engine_->log(record);
}

bool shipper::log(level lvl, std::string_view logger, std::string_view message,
                  std::initializer_list<field_view> fields) noexcept {
  record_view r;
  r.lvl = lvl;
  r.logger = logger;
  r.message = message;
  r.fields = std::span<const field_view>(fields.begin(), fields.size());
  return engine_->log(r);
}

destination shipper::open(const destination_options& d) {
  const std::uint32_t id = engine_->open_destination(d);
  return destination(engine_.get(), id, d.group, d.stream);
}

bool shipper::log(const destination& to, const record_view& record) noexcept {
  if (to.owner_ != engine_.get() || to.id_ == 0) {
    engine_->count_drop(drop_reason::no_destination);
    return false;
  }
  return engine_->log(record, to.id_);
}

flush_result shipper::flush(std::chrono::milliseconds timeout) {
  return engine_->flush(timeout);
}

shutdown_result shipper::shutdown(std::chrono::milliseconds deadline) {
  return engine_->shutdown(deadline);
}

shutdown_result shipper::shutdown() {
  return engine_->shutdown(engine_->shipping().shutdown_deadline);
}

delivery_counters shipper::counters() const {
  return engine_->counters();
}

}  // namespace cwlog

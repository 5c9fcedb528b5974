// cwlog::shipper: the public face of the engine (engine.h).
#include <cwlog/context.h>
#include <cwlog/shipper.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "ship/engine.h"
#include "ship/shipper_factory.h"

namespace cwlog {
namespace {

// The lowest level any record can pass with these options (logger_min_levels
// may let a logger go below options::min_level).
level lowest_min_level(const options& opts) noexcept {
  level lowest = opts.min_level;
  for (const auto& [prefix, lvl] : opts.logger_min_levels) lowest = std::min(lowest, lvl);
  return lowest;
}

// Fields on the caller's stack up to this many; beyond, a vector (rare).
constexpr std::size_t inline_fields = 32;

bool has_key(std::span<const field_view> fields, std::size_t n, std::string_view key) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if (fields[i].key == key) return true;
  return false;
}

// Appends the context fields whose key is not already in out[0, n); returns the new n.
std::size_t merge_into(std::span<field_view> out, std::size_t n,
                       std::span<const field_view> context) noexcept {
  for (const auto& f : context)
    if (!has_key(out, n, f.key)) out[n++] = f;
  return n;
}

// A record with context to merge: the fields on this frame's stack (out of
// line, so a call without context never sets up that frame).
[[gnu::noinline]] bool log_with_context(detail::shipper_engine& engine, const record_view& record,
                                        std::span<const field_view> context,
                                        std::span<const field_view> scope, std::span<const deferred_arg> args,
                                        std::uint32_t destination) noexcept {
  // Before the context is merged.
  if (record.lvl < engine.min_level_for(record.logger)) {
    engine.count_drop(drop_reason::below_min_level);
    return false;
  }
  // The call's fields first, then the logger's bound context, then the
  // thread's scope; a key already present is not repeated (context.h).
  const std::size_t most = record.fields.size() + context.size() + scope.size();
  std::array<field_view, inline_fields> stack;
  std::vector<field_view> heap;
  std::span<field_view> out(stack);
  if (most > inline_fields) {
    try {
      heap.resize(most);
    } catch (...) {
      engine.count_drop(drop_reason::queue_full);  // out of memory, as in the engine
      return false;
    }
    out = heap;
  }
  std::size_t n = 0;
  for (const auto& f : record.fields) out[n++] = f;
  n = merge_into(out, n, context);
  n = merge_into(out, n, scope);
  record_view merged = record;
  merged.fields = out.first(n);
  return engine.log(merged, destination, args);
}

bool log_merged(detail::shipper_engine& engine, const record_view& record,
                std::span<const field_view> context, std::span<const deferred_arg> args,
                std::uint32_t destination) noexcept {
  const auto scope = current_context();
  if (context.empty() && scope.empty()) return engine.log(record, destination, args);  // checks the level
  return log_with_context(engine, record, context, scope, args, destination);
}

}  // namespace

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

shipper::shipper(const options& opts, diagnostics_handler diagnostics) : min_level_(lowest_min_level(opts)) {
  detail::shipper_dependencies deps;
  deps.diagnostics = std::move(diagnostics);
  engine_ = std::make_unique<detail::shipper_engine>(opts, std::move(deps));
}

shipper::shipper(std::unique_ptr<detail::shipper_engine> engine) : engine_(std::move(engine)) {}

std::unique_ptr<shipper> detail::shipper_factory::make(const options& opts, shipper_dependencies deps) {
  std::unique_ptr<shipper> s(new shipper(std::make_unique<shipper_engine>(opts, std::move(deps))));
  s->min_level_ = lowest_min_level(opts);
  return s;
}

shipper::~shipper() {
  if (const auto live = borrowers_.load(); live != 0) {
    // A logger borrows its shipper (logger.h): one still alive would log into
    // freed memory. Only builds with CWLOG_CHECK_LIFETIMES count borrowers.
    std::fprintf(stderr, "cwlog: shipper destroyed while %u logger(s) still borrow it\n",
                 static_cast<unsigned>(live));
    std::abort();
  }
  if (engine_ && engine_->forked()) {
    // In a child after fork(): the engine's threads exist only in the parent.
    // Joining or destroying them here would hang or abort, so the child leaves
    // the engine's memory alone (it is reclaimed when the child exits).
    (void)engine_.release();
    return;
  }
}

bool shipper::log(const record_view& record) noexcept {
  return log(record, {}, {});
}

bool shipper::log(const record_view& record, std::span<const field_view> context,
                  std::span<const deferred_arg> args) noexcept {
  return log_merged(*engine_, record, context, args, 0);
}

bool shipper::log(level lvl, logger_name logger, std::string_view message,
                  std::initializer_list<field_view> fields) noexcept {
  record_view r;
  r.lvl = lvl;
  r.logger = logger.value;
  r.message = message;
  r.fields = std::span<const field_view>(fields.begin(), fields.size());
  return log(r);
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
  return log_merged(*engine_, record, {}, {}, to.id_);
}

level shipper::min_level_for(std::string_view logger) const noexcept {
  return engine_->min_level_for(logger);
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

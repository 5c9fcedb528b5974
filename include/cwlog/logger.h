#pragma once
// A logger: a name (component), an optional tenant and bound context over a
// shipper it borrows. spdlog-style calls, format strings checked at compile
// time (format.h), structured fields and the call's source location:
//   cwlog::shipper shipper(opts);
//   cwlog::logger log(shipper, "api");
//   log.info("order {} placed for {}", id, customer);
//   log.info({{"order_id", id}}, "order {} placed", id);   // fields + format
//   log.info("order placed", {{"order_id", id}});          // message + fields
//   auto req = log.bind({{"request_id", rid}});            // bound context
//
// Lifetime: a logger borrows its shipper, which must outlive it. Builds with
// CWLOG_CHECK_LIFETIMES (by default those without NDEBUG) count live loggers,
// and the shipper's destructor aborts with a message if any is left.
//
// Cost of a call: no atomic operation and no allocation (up to 32 fields in
// all; see format.h for the message). Copying a logger, bind() and
// with_tenant() allocate; make them once per request or component, not per
// call (for a tenant per call, use tenant_scope). A logger is immutable once
// made, so one logger may be used from any number of threads.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <cwlog/context.h>
#include <cwlog/format.h>
#include <cwlog/record.h>
#include <cwlog/shipper.h>

#ifndef CWLOG_CHECK_LIFETIMES
#ifdef NDEBUG
#define CWLOG_CHECK_LIFETIMES 0
#else
#define CWLOG_CHECK_LIFETIMES 1
#endif
#endif

namespace cwlog {

class logger {
 public:
  logger(shipper& target, std::string_view name)
      : shipper_(&target), min_level_(target.min_level_for(name)), name_(name) {
    borrow();
  }
  logger(const logger& other)
      : shipper_(other.shipper_),
        min_level_(other.min_level_),
        name_(other.name_),
        tenant_(other.tenant_),
        context_(other.context_) {
    borrow();
  }
  logger& operator=(const logger& other) {
    if (this != &other) {
      logger copy(other);
      release();
      shipper_ = copy.shipper_;
      borrow();
      min_level_ = copy.min_level_;
      name_ = std::move(copy.name_);
      tenant_ = std::move(copy.tenant_);
      context_ = std::move(copy.context_);
    }
    return *this;
  }
  ~logger() { release(); }

  // A logger with these fields added to its bound context (same key: replaced).
  logger bind(std::initializer_list<field_view> fields) const {
    logger copy = *this;
    copy.context_.set(std::span<const field_view>(fields.begin(), fields.size()));
    return copy;
  }
  logger with_tenant(std::string_view tenant) const {
    logger copy = *this;
    copy.tenant_ = std::string(tenant);
    return copy;
  }
  logger without_tenant() const {
    logger copy = *this;
    copy.tenant_.reset();
    return copy;
  }

  const std::string& name() const noexcept { return name_; }
  const std::optional<std::string>& tenant() const noexcept { return tenant_; }
  std::span<const field_view> context() const noexcept { return context_.view(); }
  shipper& target() const noexcept { return *shipper_; }
  // False when a record of this level from this logger would be dropped
  // (options::min_level, logger_min_levels): asked of the shipper once, when
  // the logger is made, so the check on each call is one comparison.
  bool should_log(level lvl) const noexcept { return lvl >= min_level_; }

  // A message as written, with fields.
  bool log(level lvl, message_at m, std::initializer_list<field_view> fields = {}) const noexcept {
    return emit(lvl, m.text, m.location, span_of(fields), {});
  }
  // A format string and its arguments (format.h: formatted in the background
  // when every argument is cheap to copy, else here).
  template <class... Args>
  bool log(level lvl, format_at<std::type_identity_t<Args>...> f, Args&&... args) const noexcept {
    return emit_format(lvl, {}, f, args...);
  }
  // Fields, then a format string and its arguments.
  template <class... Args>
  bool log(level lvl, std::initializer_list<field_view> fields, format_at<std::type_identity_t<Args>...> f,
           Args&&... args) const noexcept {
    return emit_format(lvl, span_of(fields), f, args...);
  }

#define CWLOG_DETAIL_LEVEL_CALLS(name)                                                            \
  bool name(message_at m, std::initializer_list<field_view> fields = {}) const noexcept {         \
    return emit(level::name, m.text, m.location, span_of(fields), {});                            \
  }                                                                                               \
  template <class... Args>                                                                        \
  bool name(format_at<std::type_identity_t<Args>...> f, Args&&... args) const noexcept {          \
    return emit_format(level::name, {}, f, args...);                                              \
  }                                                                                               \
  template <class... Args>                                                                        \
  bool name(std::initializer_list<field_view> fields, format_at<std::type_identity_t<Args>...> f, \
            Args&&... args) const noexcept {                                                      \
    return emit_format(level::name, span_of(fields), f, args...);                                 \
  }
  CWLOG_DETAIL_LEVEL_CALLS(trace)
  CWLOG_DETAIL_LEVEL_CALLS(debug)
  CWLOG_DETAIL_LEVEL_CALLS(info)
  CWLOG_DETAIL_LEVEL_CALLS(warn)
  CWLOG_DETAIL_LEVEL_CALLS(error)
  CWLOG_DETAIL_LEVEL_CALLS(critical)
#undef CWLOG_DETAIL_LEVEL_CALLS

 private:
  static std::span<const field_view> span_of(std::initializer_list<field_view> f) noexcept {
    return std::span<const field_view>(f.begin(), f.size());
  }
  void borrow() noexcept {
    if constexpr (CWLOG_CHECK_LIFETIMES) shipper_->borrowers_.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if constexpr (CWLOG_CHECK_LIFETIMES) shipper_->borrowers_.fetch_sub(1, std::memory_order_relaxed);
  }

  bool emit(level lvl, std::string_view message, const std::source_location& where,
            std::span<const field_view> fields, std::span<const deferred_arg> args) const noexcept {
    if (lvl < min_level_) return filtered(lvl);
    record_view r;
    r.lvl = lvl;
    r.logger = name_;
    r.message = message;
    r.fields = fields;
    if (tenant_) r.tenant = std::string_view(*tenant_);
    r.source.file = where.file_name();
    r.source.function = where.function_name();
    r.source.line = static_cast<std::uint32_t>(where.line());
    return shipper_->log(r, context_.view(), args);
  }

  // Below this logger's level: nothing is copied or formatted; the shipper
  // sees just the level and name, and counts the drop (below_min_level).
  bool filtered(level lvl) const noexcept {
    return shipper_->log(lvl, logger_name{name_}, {});
  }

  template <class... Checked, class... Args>
  bool emit_format(level lvl, std::span<const field_view> fields, const format_at<Checked...>& f,
                   const Args&... args) const noexcept {
    if (lvl < min_level_) return filtered(lvl);  // before copying or formatting anything
    const fmt::string_view text = f.format;
    const std::string_view format(text.data(), text.size());
    if constexpr (sizeof...(Args) == 0) {
      // fmt's rules still apply: "{{" in a checked format string means "{".
      return emit_text(lvl, fields, f, format);
    } else if constexpr ((detail::is_deferrable_v<std::decay_t<const Args&>> && ...)) {
      // Copied here, formatted by the shipper's background thread.
      const deferred_arg packed[] = {detail::make_deferred<std::decay_t<const Args&>>(args)...};
      return emit(lvl, format, f.location, fields, packed);
    } else {
      return emit_text(lvl, fields, f, format, args...);
    }
  }

  template <class... Checked, class... Args>
  bool emit_text(level lvl, std::span<const field_view> fields, const format_at<Checked...>& f,
                 std::string_view format, const Args&... args) const noexcept {
    fmt::basic_memory_buffer<char, 256> buf;  // on the stack unless the message is longer
    try {
      fmt::vformat_to(fmt::appender(buf), fmt::string_view(format.data(), format.size()),
                      fmt::make_format_args(args...));
    } catch (...) {
      // A formatter that throws (or no memory for a long message): the
      // format string is kept, so the record is not lost.
      return emit(lvl, format, f.location, fields, {});
    }
    return emit(lvl, std::string_view(buf.data(), buf.size()), f.location, fields, {});
  }

  shipper* shipper_;
  level min_level_;
  std::string name_;
  std::optional<std::string> tenant_;
  detail::owned_fields context_;
};

}  // namespace cwlog

// Compile-time level filtering (as spdlog's SPDLOG_ACTIVE_LEVEL): calls below
// CWLOG_ACTIVE_LEVEL vanish, arguments unevaluated. Define it before the
// first include, e.g. -DCWLOG_ACTIVE_LEVEL=CWLOG_LEVEL_INFO in release builds.
// The logger's functions stay the primary API; these are the one macro family.
//   CWLOG_DEBUG(log, "cache {} of {}", hits, lookups);
//   CWLOG_INFO(log, {{"order_id", id}}, "order {} placed", id);
#define CWLOG_LEVEL_TRACE 0
#define CWLOG_LEVEL_DEBUG 1
#define CWLOG_LEVEL_INFO 2
#define CWLOG_LEVEL_WARN 3
#define CWLOG_LEVEL_ERROR 4
#define CWLOG_LEVEL_CRITICAL 5
#define CWLOG_LEVEL_OFF 6

#ifndef CWLOG_ACTIVE_LEVEL
#define CWLOG_ACTIVE_LEVEL CWLOG_LEVEL_TRACE
#endif

#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_TRACE
#define CWLOG_TRACE(logger, ...) static_cast<void>((logger).trace(__VA_ARGS__))
#else
#define CWLOG_TRACE(logger, ...) static_cast<void>(0)
#endif
#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_DEBUG
#define CWLOG_DEBUG(logger, ...) static_cast<void>((logger).debug(__VA_ARGS__))
#else
#define CWLOG_DEBUG(logger, ...) static_cast<void>(0)
#endif
#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_INFO
#define CWLOG_INFO(logger, ...) static_cast<void>((logger).info(__VA_ARGS__))
#else
#define CWLOG_INFO(logger, ...) static_cast<void>(0)
#endif
#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_WARN
#define CWLOG_WARN(logger, ...) static_cast<void>((logger).warn(__VA_ARGS__))
#else
#define CWLOG_WARN(logger, ...) static_cast<void>(0)
#endif
#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_ERROR
#define CWLOG_ERROR(logger, ...) static_cast<void>((logger).error(__VA_ARGS__))
#else
#define CWLOG_ERROR(logger, ...) static_cast<void>(0)
#endif
#if CWLOG_ACTIVE_LEVEL <= CWLOG_LEVEL_CRITICAL
#define CWLOG_CRITICAL(logger, ...) static_cast<void>((logger).critical(__VA_ARGS__))
#else
#define CWLOG_CRITICAL(logger, ...) static_cast<void>(0)
#endif

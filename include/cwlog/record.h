#pragma once
// A log record as the caller hands it over. record_view borrows everything;
// the shipper copies what it needs into its queue before log() returns.
//
// Fields take any value that has an obvious structured form (field_view's
// constructor, below): every integer type, floating point, bool, strings
// (std::string, std::string_view, const char*), enums, chrono durations and
// system_clock time points; a user type joins by specialising
// cwlog::field_traits.
#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>

#include <cwlog/export.h>

namespace cwlog {

// Same order and meaning as spdlog's levels (without off), so the sink maps one to one.
enum class level : std::uint8_t { trace, debug, info, warn, error, critical };

// "trace", "debug", "info", "warn", "error", "critical".
CWLOG_API std::string_view to_string(level lvl) noexcept;
// Accepts the names above (case-insensitive) and "warning"; nullopt otherwise.
CWLOG_API std::optional<level> parse_level(std::string_view name) noexcept;

// A field's value as the formatters see it. Strings are borrowed. Unsigned
// integers that fit in int64 are stored as int64 (so a route's equals and the
// JSON output do not depend on the C++ type); larger ones as uint64.
using field_value = std::variant<std::string_view, std::int64_t, double, bool, std::uint64_t>;

// The customisation point for user types: specialise it with a static
// to_field(const T&) returning anything a field accepts (a number, a bool, a
// string_view into the object, another enum...). The result must not borrow a
// temporary: the view is read before log() returns, but after to_field does.
//   template <> struct cwlog::field_traits<order_id> {
//     static std::uint64_t to_field(const order_id& id) noexcept { return id.value; }
//   };
template <class T>
struct field_traits;

namespace detail {

template <class T>
struct is_duration : std::false_type {};
template <class Rep, class Period>
struct is_duration<std::chrono::duration<Rep, Period>> : std::true_type {};

template <class T>
struct is_system_time : std::false_type {};
template <class Duration>
struct is_system_time<std::chrono::time_point<std::chrono::system_clock, Duration>> : std::true_type {};

// An enum with a to_string found by ADL returning a view of static storage
// (cwlog's own enums have one): logged by name.
template <class E>
concept enum_with_name = std::is_enum_v<E> && requires(E e) {
  { to_string(e) } -> std::same_as<std::string_view>;
};

template <class T>
concept has_field_traits = requires(const T& v) {
  field_traits<T>::to_field(v);
};

template <class T>
constexpr bool unsupported_field_type = false;

template <class T>
field_value to_field_value(const T& v) noexcept {
  if constexpr (std::is_same_v<T, bool>) {
    return v;
  } else if constexpr (std::is_same_v<T, field_value>) {
    return v;
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>) {
      return static_cast<std::int64_t>(v);
    } else {
      if (static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v);
      return static_cast<std::uint64_t>(v);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(v);
  } else if constexpr (enum_with_name<T>) {
    return to_string(v);
  } else if constexpr (std::is_enum_v<T>) {
    return to_field_value(static_cast<std::underlying_type_t<T>>(v));
  } else if constexpr (std::is_same_v<T, const char*> || std::is_same_v<T, char*>) {
    return v != nullptr ? std::string_view(v) : std::string_view{};
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string_view(v);  // std::string, string_view, string literals
  } else if constexpr (is_duration<T>::value) {
    return std::chrono::duration<double>(v).count();  // seconds, as a number
  } else if constexpr (is_system_time<T>::value) {
    // Milliseconds since the Unix epoch: CloudWatch's own timestamp unit
    // (Logs Insights: fromMillis(field)).
    return static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(v.time_since_epoch()).count());
  } else if constexpr (has_field_traits<T>) {
    return to_field_value(field_traits<T>::to_field(v));
  } else {
    static_assert(unsupported_field_type<T>,
                  "cwlog: no field conversion for this type; specialise cwlog::field_traits<T>");
    return {};
  }
}

}  // namespace detail

// One key/value pair; borrows the key and any string value.
struct field_view {
  field_view() = default;
  template <class T>
  field_view(std::string_view k, const T& v) noexcept : key(k), value(detail::to_field_value(v)) {}

  std::string_view key;
  field_value value;
};

// Where a record was logged (std::source_location's parts, or spdlog's
// source_loc). An empty file means "unknown"; the formatters then omit it.
struct source_location {
  std::string_view file;
  std::string_view function;
  std::uint32_t line = 0;
};

// A record as handed to shipper::log: everything is borrowed for the call.
struct record_view {
  std::int64_t timestamp_ns = 0;  // since the Unix epoch, UTC; 0 = now
  level lvl = level::info;
  std::string_view logger;  // the component, e.g. "api" or "api.http"
  std::string_view message;
  std::span<const field_view> fields;
  // nullopt: no tenant. An empty string is a tenant id like any other.
  std::optional<std::string_view> tenant;
  source_location source;  // optional (empty file)
};

}  // namespace cwlog

#pragma once
// Format strings for cwlog::logger, checked at compile time by fmt (a public
// dependency of cwlog, as of spdlog): a wrong placeholder count or a spec
// that does not fit the argument's type does not compile.
//
// Which arguments are formatted where (docs/api.md, "What is formatted where"):
// when every argument is cheap to copy — bool, char, every integer type up to
// 64 bits, float, double, strings (const char*, std::string, std::string_view,
// string literals), std::chrono durations with an integer count of ns, us,
// ms, s, min, h or days, and system_clock time points — the caller copies
// them into the record and the shipper's background thread formats the
// message (quill's approach). Otherwise the caller formats the message into a
// 256-byte stack buffer (no allocation when it fits) and ships the text.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <ratio>
#include <source_location>
#include <string>
#include <string_view>
#include <type_traits>

#include <cwlog/deferred_arg.h>
#include <cwlog/record.h>

namespace cwlog {

// A format string checked against Args at compile time, with the location of
// the call that wrote it (the default argument is evaluated at the call).
template <class... Args>
struct format_at {
  template <class S>
  requires std::convertible_to<const S&, std::string_view>
  consteval format_at(const S& s, std::source_location where = std::source_location::current())
      : format(s), location(where) {}
  fmt::format_string<Args...> format;
  std::source_location location;
};

// A message used as written (no placeholders), with the call's location.
struct message_at {
  template <class S>
  requires std::convertible_to<const S&, std::string_view> message_at(
      const S& s, std::source_location where = std::source_location::current())
  noexcept : text(s), location(where) {}
  std::string_view text;
  std::source_location location;
};

namespace detail {

template <class Period>
constexpr int period_code() {
  if constexpr (std::is_same_v<Period, std::nano>)
    return static_cast<int>(chrono_period::nanoseconds);
  else if constexpr (std::is_same_v<Period, std::micro>)
    return static_cast<int>(chrono_period::microseconds);
  else if constexpr (std::is_same_v<Period, std::milli>)
    return static_cast<int>(chrono_period::milliseconds);
  else if constexpr (std::is_same_v<Period, std::ratio<1>>)
    return static_cast<int>(chrono_period::seconds);
  else if constexpr (std::is_same_v<Period, std::ratio<60>>)
    return static_cast<int>(chrono_period::minutes);
  else if constexpr (std::is_same_v<Period, std::ratio<3600>>)
    return static_cast<int>(chrono_period::hours);
  else if constexpr (std::is_same_v<Period, std::ratio<86400>>)
    return static_cast<int>(chrono_period::days);
  else
    return -1;
}

template <class T>
struct deferrable : std::false_type {};
template <class Rep, class Period>
requires(std::is_integral_v<Rep> && sizeof(Rep) <= 8 &&
         period_code<Period>() >= 0) struct deferrable<std::chrono::duration<Rep, Period>> : std::true_type {
};
template <class Duration>
requires std::is_convertible_v<Duration, std::chrono::system_clock::duration>
struct deferrable<std::chrono::time_point<std::chrono::system_clock, Duration>> : std::true_type {
};

// True for the argument types copied to the background thread (see the top).
template <class T>
constexpr bool is_deferrable_v =
    std::is_arithmetic_v<T>
        ? (sizeof(T) <= 8 && !std::is_same_v<T, long double> && !std::is_same_v<T, wchar_t> &&
           !std::is_same_v<T, char8_t> && !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>)
        : std::is_same_v<T, const char*> || std::is_same_v<T, char*> || std::is_same_v<T, std::string> ||
              std::is_same_v<T, std::string_view> || deferrable<T>::value;

template <class T>
deferred_arg make_deferred(const T& v) noexcept {
  deferred_arg a;
  if constexpr (std::is_same_v<T, bool>) {
    a.kind = deferred_kind::boolean;
    a.b = v;
  } else if constexpr (std::is_same_v<T, char>) {
    a.kind = deferred_kind::character;
    a.c = v;
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    a.kind = deferred_kind::signed_integer;
    a.i = static_cast<std::int64_t>(v);
  } else if constexpr (std::is_integral_v<T>) {
    a.kind = deferred_kind::unsigned_integer;
    a.u = static_cast<std::uint64_t>(v);
  } else if constexpr (std::is_same_v<T, float>) {
    a.kind = deferred_kind::real32;
    a.f = v;
  } else if constexpr (std::is_same_v<T, double>) {
    a.kind = deferred_kind::real64;
    a.d = v;
  } else if constexpr (std::is_same_v<T, const char*> || std::is_same_v<T, char*>) {
    a.kind = deferred_kind::string;
    a.s = v != nullptr ? std::string_view(v) : std::string_view{};
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
    a.kind = deferred_kind::string;
    a.s = v;
  } else if constexpr (is_duration<T>::value) {
    a.kind = deferred_kind::duration;
    a.period = static_cast<chrono_period>(period_code<typename T::period>());
    a.i = static_cast<std::int64_t>(v.count());
  } else {
    a.kind = deferred_kind::system_time;
    a.i = static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(v.time_since_epoch()).count());
  }
  return a;
}

}  // namespace detail
}  // namespace cwlog

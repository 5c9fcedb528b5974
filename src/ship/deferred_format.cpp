#include "ship/deferred_format.h"

#include <fmt/args.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <iterator>

namespace cwlog::detail {
namespace {

using store = fmt::dynamic_format_arg_store<fmt::format_context>;

void push_duration(store& s, std::int64_t count, chrono_period period) {
  using namespace std::chrono;
  switch (period) {
    case chrono_period::nanoseconds:
      return s.push_back(duration<std::int64_t, std::nano>(count));
    case chrono_period::microseconds:
      return s.push_back(duration<std::int64_t, std::micro>(count));
    case chrono_period::milliseconds:
      return s.push_back(duration<std::int64_t, std::milli>(count));
    case chrono_period::seconds:
      return s.push_back(duration<std::int64_t>(count));
    case chrono_period::minutes:
      return s.push_back(duration<std::int64_t, std::ratio<60>>(count));
    case chrono_period::hours:
      return s.push_back(duration<std::int64_t, std::ratio<3600>>(count));
    case chrono_period::days:
      return s.push_back(duration<std::int64_t, std::ratio<86400>>(count));
  }
  throw fmt::format_error("unknown duration unit");
}

void push(store& s, const deferred_arg& a) {
  switch (a.kind) {
    case deferred_kind::boolean:
      return s.push_back(a.b);
    case deferred_kind::character:
      return s.push_back(a.c);
    case deferred_kind::signed_integer:
      return s.push_back(static_cast<long long>(a.i));
    case deferred_kind::unsigned_integer:
      return s.push_back(static_cast<unsigned long long>(a.u));
    case deferred_kind::real32:
      return s.push_back(a.f);
    case deferred_kind::real64:
      return s.push_back(a.d);
    case deferred_kind::string:
      return s.push_back(fmt::string_view(a.s.data(), a.s.size()));
    case deferred_kind::duration:
      return push_duration(s, a.i, a.period);
    case deferred_kind::system_time:
      return s.push_back(std::chrono::system_clock::time_point(
          std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(a.i))));
  }
  throw fmt::format_error("unknown argument kind");
}

}  // namespace

void format_deferred(std::string_view format, std::span<const deferred_arg> args, std::string& out) noexcept {
  try {
    out.clear();
    store s;
    s.reserve(args.size(), args.size());
    for (const auto& a : args) push(s, a);
    // Bounded: what passes the bound is counted, never stored.
    fmt::vformat_to_n(std::back_inserter(out), max_formatted_bytes,
                      fmt::string_view(format.data(), format.size()), s);
  } catch (const std::exception& e) {
    try {
      out.assign(format);
      out += " [format error: ";
      out += e.what();
      out += ']';
    } catch (...) {
      out.clear();
    }
  }
}

}  // namespace cwlog::detail

#pragma once
// One argument of a format string, copied on the caller's thread and
// formatted on the shipper's background thread (quill's approach): the
// caller pays a copy, never the formatting. format.h builds these from the
// arguments it knows to be cheap to copy (docs/api.md lists them); every
// other argument makes the caller format the whole message itself.
//
// The layout is part of the ABI (docs/api.md, "ABI policy"): a new kind is
// added at the end, and any change bumps the SOVERSION.
#include <cstdint>
#include <string_view>

namespace cwlog {

// What a deferred_arg holds, and so how the background thread rebuilds it.
enum class deferred_kind : std::uint8_t {
  boolean,           // b
  character,         // c
  signed_integer,    // i (any signed integer type up to 64 bits)
  unsigned_integer,  // u (any unsigned integer type up to 64 bits)
  real32,            // f (kept as float: float and double print differently)
  real64,            // d
  string,            // s (copied into the record)
  duration,          // i, a count of `period` (chrono_period)
  system_time,       // i, nanoseconds since the Unix epoch (std::chrono::system_clock)
};

// The units a deferred duration can have (std::nano ... std::ratio<86400>).
enum class chrono_period : std::uint8_t {
  nanoseconds,
  microseconds,
  milliseconds,
  seconds,
  minutes,
  hours,
  days
};

struct deferred_arg {
  deferred_kind kind = deferred_kind::boolean;
  chrono_period period = chrono_period::nanoseconds;  // duration only
  union {
    bool b;
    char c;
    std::int64_t i;
    std::uint64_t u;
    float f;
    double d;
  };
  std::string_view s;  // string only

  deferred_arg() noexcept : i(0) {}
};

}  // namespace cwlog

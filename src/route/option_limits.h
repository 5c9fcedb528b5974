#pragma once
// cwlog's own limits on its options: one value each, used by validate()
// (validate_options.h), so `cwlog config check` and the shipper agree, and
// documented in docs/config.md. These are cwlog's choices, not CloudWatch's
// (the service's rules live in src/rules).
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cwlog::detail {

template <typename T>
struct option_range {
  T min;
  T max;
  constexpr bool contains(T v) const noexcept { return !(v < min) && !(max < v); }
};

using std::chrono::milliseconds;

// The queue must hold a few records for the dispatcher to drain in turns; at
// 64 KiB an event near PutLogEvents' 1 MB limit no longer fits, and is dropped
// (counted as queue_full) rather than shipped. The upper bound catches a unit
// mistake (a bare number of bytes meant as MiB is rarely the problem; 1 TB is).
inline constexpr option_range<std::uint64_t> queue_bytes_range{64ull << 10, 64ull << 30};
// Each request in flight is one sender thread and one pooled connection.
inline constexpr option_range<std::uint64_t> max_in_flight_range{1, 64};
// Requests to one stream; more than max_in_flight is allowed and means max_in_flight.
inline constexpr option_range<std::uint64_t> max_in_flight_per_stream_range{1, 64};
inline constexpr option_range<std::uint64_t> max_attempts_range{1, 1000};
inline constexpr option_range<double> retry_budget_per_second_range{0.0, 1e6};
inline constexpr option_range<std::uint64_t> retry_budget_burst_range{0, 1'000'000};
inline constexpr option_range<milliseconds> flush_interval_range{milliseconds{1}, std::chrono::hours{1}};
inline constexpr option_range<milliseconds> block_timeout_range{milliseconds{0}, std::chrono::minutes{1}};
inline constexpr option_range<milliseconds> shutdown_deadline_range{milliseconds{0}, std::chrono::hours{1}};
inline constexpr option_range<milliseconds> idle_destination_ttl_range{std::chrono::seconds{1},
                                                                       std::chrono::hours{24}};
inline constexpr option_range<milliseconds> aws_timeout_range{milliseconds{1}, std::chrono::minutes{10}};
// The disk spool: below 1 MiB it holds too few segments to give space back
// as records settle; the upper bound catches a unit mistake. The write
// interval is what a SIGKILL can lose (docs/spool.md), so it stays short.
inline constexpr option_range<std::uint64_t> spool_bytes_range{1ull << 20, 16ull << 40};
inline constexpr option_range<milliseconds> spool_write_interval_range{milliseconds{1},
                                                                       std::chrono::seconds{10}};
// AWS region names are short lower-case words ("eu-west-1", "us-gov-west-1").
inline constexpr std::size_t max_region_length = 64;

}  // namespace cwlog::detail

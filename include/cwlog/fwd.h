#pragma once
// Forward declarations of the public types, for headers that only pass them on.
#include <cstdint>

namespace cwlog {
enum class level : std::uint8_t;
enum class drop_reason : std::uint8_t;
struct record_view;
struct field_view;
struct options;
struct delivery_counters;
struct diagnostic;
struct flush_result;
struct shutdown_result;
class shipper;
class logger;
}  // namespace cwlog

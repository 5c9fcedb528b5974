#include "json_line.h"

#include <array>
#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "common/time_format.h"

namespace cwlog::cli {
namespace {

using json = nlohmann::json;

constexpr std::array message_keys{"message", "msg", "log"};
constexpr std::array level_keys{"level", "severity", "lvl"};
constexpr std::array logger_keys{"logger", "component", "logger_name"};
constexpr std::array time_keys{"timestamp", "time", "ts", "@timestamp"};

const json* find_first(const json& object, const auto& keys, const char*& which) {
  for (const char* key : keys) {
    auto it = object.find(key);
    if (it != object.end()) {
      which = key;
      return &*it;
    }
  }
  return nullptr;
}

// Seconds, milliseconds, microseconds or nanoseconds since the epoch, told
// apart by magnitude (as Fluent Bit and Vector do).
// A time outside what int64 nanoseconds can hold (years before 1678 or after
// 2261) is no time at all: 0, "now" (a cast would be undefined behaviour).
std::int64_t epoch_number_to_ns(double value) {
  double ns = value;  // nanoseconds
  if (value < 1e11)
    ns = value * 1e9;  // seconds
  else if (value < 1e14)
    ns = value * 1e6;  // milliseconds
  else if (value < 1e17)
    ns = value * 1e3;  // microseconds
  // 2^63 is exactly representable; every double below it fits in int64.
  constexpr double limit = 9223372036854775808.0;
  if (!(ns > -limit && ns < limit)) return 0;
  return static_cast<std::int64_t>(ns);
}

// The same for integers, exactly: a double holds nanoseconds since 1970 only
// to the nearest 256.
std::int64_t epoch_integer_to_ns(std::int64_t value) {
  if (value < 100'000'000'000) return value * 1'000'000'000;  // seconds
  if (value < 100'000'000'000'000) return value * 1'000'000;  // milliseconds
  if (value < 100'000'000'000'000'000) return value * 1'000;  // microseconds
  return value;                                               // nanoseconds
}

// The timestamp a time member gives, if it is one cwlog reads.
std::optional<std::int64_t> time_member_to_ns(const json& t) {
  if (t.is_number_integer() && !(t.is_number_unsigned() && t.get<std::uint64_t>() > INT64_MAX))
    return epoch_integer_to_ns(t.get<std::int64_t>());
  if (t.is_number()) return epoch_number_to_ns(t.get<double>());
  if (t.is_string()) {
    const auto when = detail::parse_iso8601(t.get<std::string>());
    if (!when) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::nanoseconds>(when->time_since_epoch()).count();
  }
  return std::nullopt;
}

}  // namespace

line_record parse_line(std::string_view line, std::string_view default_logger) {
  line_record r;
  r.logger = std::string(default_logger);
  json object;
  if (!line.empty() && line.front() == '{') object = json::parse(line, nullptr, false);
  if (!object.is_object()) {
    r.message = std::string(line);
    return r;
  }
  const char* used_message = nullptr;
  const char* used_level = nullptr;
  const char* used_logger = nullptr;
  const char* used_time = nullptr;
  if (const json* m = find_first(object, message_keys, used_message); m && m->is_string()) {
    r.message = m->get<std::string>();
  } else {
    used_message = nullptr;
    r.message = std::string(line);  // no message member: ship the whole object
  }
  // A member cwlog cannot use (pino's numeric levels, an unknown level name,
  // a numeric tenant id, an unreadable time) is not dropped: it stays a field.
  const json* l = find_first(object, level_keys, used_level);
  if (auto parsed = l && l->is_string() ? parse_level(l->get<std::string>()) : std::nullopt)
    r.lvl = *parsed;
  else
    used_level = nullptr;
  if (const json* g = find_first(object, logger_keys, used_logger); g && g->is_string())
    r.logger = g->get<std::string>();
  else
    used_logger = nullptr;
  bool used_tenant = false;
  if (auto t = object.find("tenant"); t != object.end() && t->is_string()) {
    r.tenant = t->get<std::string>();
    used_tenant = true;
  }
  const json* t = find_first(object, time_keys, used_time);
  if (auto ns = t ? time_member_to_ns(*t) : std::nullopt)
    r.timestamp_ns = *ns;
  else
    used_time = nullptr;
  if (used_message == nullptr) return r;  // the whole object is the message: no duplicate fields
  for (const auto& [key, value] : object.items()) {
    if ((used_tenant && key == "tenant") || (used_message && key == used_message) ||
        (used_level && key == used_level) || (used_logger && key == used_logger) ||
        (used_time && key == used_time)) {
      continue;
    }
    if (value.is_string())
      r.fields.emplace_back(key, value.get<std::string>());
    else if (value.is_boolean())
      r.fields.emplace_back(key, value.get<bool>());
    else if (value.is_number_integer())
      r.fields.emplace_back(key, value.get<std::int64_t>());
    else if (value.is_number())
      r.fields.emplace_back(key, value.get<double>());
    else
      r.fields.emplace_back(key, value.dump());  // arrays, objects, null: as JSON text
  }
  return r;
}

record_view view_of(const line_record& r, std::vector<field_view>& storage) {
  storage.clear();
  for (const auto& [key, value] : r.fields) {
    field_value v = std::visit(
        [](const auto& x) -> field_value {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::string>)
            return std::string_view(x);
          else
            return x;
        },
        value);
    storage.push_back({key, v});
  }
  record_view view;
  view.timestamp_ns = r.timestamp_ns;
  view.lvl = r.lvl;
  view.logger = r.logger;
  view.message = r.message;
  view.fields = storage;
  if (r.tenant) view.tenant = std::string_view(*r.tenant);
  return view;
}

}  // namespace cwlog::cli

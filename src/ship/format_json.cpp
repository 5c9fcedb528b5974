#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

#include "common/json_string.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

constexpr std::array<std::string_view, 5> fixed_keys{"timestamp", "level", "logger", "message", "tenant"};

// "source" is taken only by a record that has a source location.
bool is_fixed_key(std::string_view k, const record_view& r) noexcept {
  for (auto f : fixed_keys)
    if (f == k) return true;
  return k == "source" && !r.source.file.empty();
}

// The timestamp to the microsecond. The date and time of day change once a
// second, so they are written once per second (per thread) and copied after;
// the calendar arithmetic was a few per cent of the dispatcher's time.
void append_timestamp(std::string& out, std::int64_t ns) {
  constexpr std::int64_t ns_per_s = 1'000'000'000;
  if (ns < 0) {  // before 1970: no cache (the division below rounds toward zero)
    append_iso8601_utc(out, ns, 6);
    return;
  }
  thread_local std::int64_t cached_second = -1;
  thread_local char cached[19];  // YYYY-MM-DDTHH:MM:SS
  const std::int64_t second = ns / ns_per_s;
  if (second != cached_second) {
    std::string text;  // "YYYY-MM-DDTHH:MM:SSZ": years 1970 to 2262 here
    append_iso8601_utc(text, second * ns_per_s, 0);
    std::memcpy(cached, text.data(), sizeof cached);
    cached_second = second;
  }
  char buf[sizeof cached + 8];  // + .uuuuuuZ
  std::memcpy(buf, cached, sizeof cached);
  auto micros = (ns % ns_per_s) / 1000;
  buf[sizeof cached] = '.';
  for (std::size_t i = sizeof cached + 6; i > sizeof cached; --i, micros /= 10)
    buf[i] = static_cast<char>('0' + micros % 10);
  buf[sizeof buf - 1] = 'Z';
  out.append(buf, sizeof buf);
}

}  // namespace

void format_json(const record_view& r, std::string& out) {
  out += "{\"timestamp\":\"";
  append_timestamp(out, r.timestamp_ns);
  out += "\",\"level\":\"";
  out += to_string(r.lvl);
  out += "\",\"logger\":";
  append_json_string(out, r.logger);
  out += ",\"message\":";
  append_json_string(out, r.message);
  if (r.tenant) {
    out += ",\"tenant\":";
    append_json_string(out, *r.tenant);
  }
  if (!r.source.file.empty()) {
    out += ",\"source\":{\"file\":";
    append_json_string(out, r.source.file);
    out += ",\"line\":";
    append_number(out, r.source.line);
    out += ",\"function\":";
    append_json_string(out, r.source.function);
    out += '}';
  }
  for (const auto& f : r.fields) {
    out += ',';
    if (is_fixed_key(f.key, r)) {
      std::string k = "field.";
      k += f.key;
      append_json_string(out, k);
    } else {
      append_json_string(out, f.key);
    }
    out += ':';
    if (const auto* s = std::get_if<std::string_view>(&f.value)) {
      append_json_string(out, *s);
    } else if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
      append_number(out, *i);
    } else if (const auto* d = std::get_if<double>(&f.value)) {
      if (std::isfinite(*d))
        append_number(out, *d);
      else
        out += "null";
    } else if (const auto* u = std::get_if<std::uint64_t>(&f.value)) {
      append_number(out, *u);
    } else {
      out += std::get<bool>(f.value) ? "true" : "false";
    }
  }
  out += '}';
}

}  // namespace cwlog::detail

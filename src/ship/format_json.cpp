#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

#include "common/json_string.h"

namespace cwlog::detail {
namespace {

constexpr std::array<std::string_view, 5> fixed_keys{"timestamp", "level", "logger", "message", "tenant"};

bool is_fixed_key(std::string_view k) noexcept {
  for (auto f : fixed_keys)
    if (f == k) return true;
  return false;
}

template <class T>
void append_number(std::string& out, T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec == std::errc{}) out.append(buf, end);
}

}  // namespace

void append_iso8601(std::string& out, std::int64_t timestamp_ns) {
  using namespace std::chrono;
  const sys_time<nanoseconds> t{nanoseconds(timestamp_ns)};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const auto micros = duration_cast<microseconds>(t - day).count();
  const auto secs = micros / 1'000'000;
  // Written digit by digit: snprintf costs more than the rest of the event.
  char buf[27];  // YYYY-MM-DDTHH:MM:SS.uuuuuuZ
  const auto put = [&](int pos, long long v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[pos + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {  // outside ISO 8601's four digits: say so rather than print garbage
    out += "0000-00-00T00:00:00.000000Z";
    return;
  }
  put(0, y, 4);
  buf[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put(11, secs / 3600, 2);
  buf[13] = ':';
  put(14, secs / 60 % 60, 2);
  buf[16] = ':';
  put(17, secs % 60, 2);
  buf[19] = '.';
  put(20, micros % 1'000'000, 6);
  buf[26] = 'Z';
  out.append(buf, sizeof buf);
}

void format_json(const record_view& r, std::string& out) {
  out += "{\"timestamp\":\"";
  append_iso8601(out, r.timestamp_ns);
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
  for (const auto& f : r.fields) {
    out += ',';
    if (is_fixed_key(f.key)) {
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
    } else {
      out += std::get<bool>(f.value) ? "true" : "false";
    }
  }
  out += '}';
}

}  // namespace cwlog::detail

#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

#include "ship/utf8.h"

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

constexpr std::array<bool, 256> needs_escape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

// The hot loop of both formatting and the PutLogEvents body (a JSON event is
// escaped again inside the body): a table lookup per byte, runs appended whole.
void append_escaped_valid(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;
  for (; p < end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (!needs_escape[c]) continue;
    out.append(run, static_cast<std::size_t>(p - run));
    run = p + 1;
    switch (c) {
      case '"':
        out.append("\\\"", 2);
        break;
      case '\\':
        out.append("\\\\", 2);
        break;
      case '\n':
        out.append("\\n", 2);
        break;
      case '\r':
        out.append("\\r", 2);
        break;
      case '\t':
        out.append("\\t", 2);
        break;
      case '\b':
        out.append("\\b", 2);
        break;
      case '\f':
        out.append("\\f", 2);
        break;
      default: {
        const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.append(u, 6);
      }
    }
  }
  out.append(run, static_cast<std::size_t>(p - run));
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  if (is_valid_utf8(s)) {
    append_escaped_valid(out, s);
  } else {
    std::string repaired;
    append_utf8_repaired(repaired, s);
    append_escaped_valid(out, repaired);
  }
  out += '"';
}

void append_json_string_valid(std::string& out, std::string_view s) {
  out += '"';
  append_escaped_valid(out, s);
  out += '"';
}

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

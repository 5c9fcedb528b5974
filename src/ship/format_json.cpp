#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

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

void append_escaped_valid(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
  }
  out.append(s.substr(run));
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

void append_iso8601(std::string& out, std::int64_t timestamp_ns) {
  using namespace std::chrono;
  const sys_time<nanoseconds> t{nanoseconds(timestamp_ns)};
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<microseconds>(t - day)};
  char buf[48];
  const int n = std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()), static_cast<long long>(hms.subseconds().count()));
  if (n > 0) out.append(buf, static_cast<std::size_t>(n));
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

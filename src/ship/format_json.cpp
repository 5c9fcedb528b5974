#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

#include "common/time_format.h"
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

void format_json(const record_view& r, std::string& out) {
  out += "{\"timestamp\":\"";
  append_iso8601_utc(out, r.timestamp_ns, 6);
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

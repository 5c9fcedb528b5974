#include "ship/format_json.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

#include "common/json_string.h"
#include "common/time_format.h"
#include "logs/put_log_events_body.h"

namespace cwlog::detail {
namespace {

constexpr std::array<std::string_view, 5> fixed_keys{"timestamp", "level", "logger", "message", "tenant"};

// "source" is taken only by a record that has a source location.
bool is_fixed_key(std::string_view k, const record_view& r) noexcept {
  for (auto f : fixed_keys)
    if (f == k) return true;
  return k == "source" && !r.source.file.empty();
}

// The object's fixed text, in both forms: as is, and escaped once more for
// the PutLogEvents body (each quote gains a backslash), made at compile time.
template <std::size_t N>
struct json_literal {
  std::array<char, N - 1> text{};
  std::array<char, 2 * (N - 1)> escaped{};
  std::size_t escaped_size = 0;
  consteval json_literal(const char (&s)[N]) {  // NOLINT: implicit, as a template argument
    for (std::size_t i = 0; i + 1 < N; ++i) {
      if (s[i] == '\\' || static_cast<unsigned char>(s[i]) < 0x20) throw "only quotes may need escaping";
      text[i] = s[i];
      if (s[i] == '"') escaped[escaped_size++] = '\\';
      escaped[escaped_size++] = s[i];
    }
  }
};

// The object as text.
struct text_writer {
  std::string& out;
  template <json_literal L>
  void literal() {
    out.append(L.text.data(), L.text.size());
  }
  void plain(std::string_view s) { out += s; }  // nothing in it to escape: digits, level names
  void string(std::string_view s) { append_json_string(out, s); }
};

// The object escaped once more as it is written, counting the text's size.
struct escaped_writer {
  std::string& out;
  std::size_t text_bytes = 0;
  template <json_literal L>
  void literal() {
    out.append(L.escaped.data(), L.escaped_size);
    text_bytes += L.text.size();
  }
  void plain(std::string_view s) {
    out += s;
    text_bytes += s.size();
  }
  void string(std::string_view s) { text_bytes += append_json_string_twice(out, s); }
};

// The same at a pointer with room for all of it (json_event_room): no
// capacity check per piece, and the fixed text copied in constant sizes.
struct escaped_pointer_writer {
  char* w;
  std::size_t text_bytes = 0;
  template <json_literal L>
  void literal() {
    std::memcpy(w, L.escaped.data(), L.escaped_size);
    w += L.escaped_size;
    text_bytes += L.text.size();
  }
  void plain(std::string_view s) {
    std::memcpy(w, s.data(), s.size());
    w += s.size();
    text_bytes += s.size();
  }
  void string(std::string_view s) { w = write_json_string_twice(w, s, text_bytes); }
};

// What a string takes at most in escaped_pointer_writer.
constexpr std::size_t string_room(std::size_t n) noexcept {
  return json_escaped_twice_room(n) + 4;
}

template <class Writer, class T>
void write_number(Writer& w, T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec == std::errc{}) w.plain({buf, end});
}

// The timestamp to the microsecond. The date and time of day change once a
// second, so they are written once per second (per thread) and copied after;
// the calendar arithmetic was a few per cent of the dispatcher's time.
template <class Writer>
void write_timestamp(Writer& w, std::int64_t ns) {
  constexpr std::int64_t ns_per_s = 1'000'000'000;
  if (ns < 0) {  // before 1970: no cache (the division below rounds toward zero)
    std::string text;
    append_iso8601_utc(text, ns, 6);
    w.plain(text);
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
  w.plain({buf, sizeof buf});
}

template <class Writer>
void write_json(Writer& w, const record_view& r) {
  w.template literal<"{\"timestamp\":\"">();
  write_timestamp(w, r.timestamp_ns);
  w.template literal<"\",\"level\":\"">();
  w.plain(to_string(r.lvl));
  w.template literal<"\",\"logger\":">();
  w.string(r.logger);
  w.template literal<",\"message\":">();
  w.string(r.message);
  if (r.tenant) {
    w.template literal<",\"tenant\":">();
    w.string(*r.tenant);
  }
  if (!r.source.file.empty()) {
    w.template literal<",\"source\":{\"file\":">();
    w.string(r.source.file);
    w.template literal<",\"line\":">();
    write_number(w, r.source.line);
    w.template literal<",\"function\":">();
    w.string(r.source.function);
    w.template literal<"}">();
  }
  for (const auto& f : r.fields) {
    w.template literal<",">();
    if (is_fixed_key(f.key, r)) {
      std::string k = "field.";
      k += f.key;
      w.string(k);
    } else {
      w.string(f.key);
    }
    w.template literal<":">();
    if (const auto* s = std::get_if<std::string_view>(&f.value)) {
      w.string(*s);
    } else if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
      write_number(w, *i);
    } else if (const auto* d = std::get_if<double>(&f.value)) {
      if (std::isfinite(*d))
        write_number(w, *d);
      else
        w.template literal<"null">();
    } else if (const auto* u = std::get_if<std::uint64_t>(&f.value)) {
      write_number(w, *u);
    } else if (std::get<bool>(f.value)) {
      w.template literal<"true">();
    } else {
      w.template literal<"false">();
    }
  }
  w.template literal<"}">();
}

}  // namespace

void format_json(const record_view& r, std::string& out) {
  text_writer w{out};
  write_json(w, r);
}

std::size_t json_event_room(const record_view& r) noexcept {
  // The event's head and tail, then the object's fixed text escaped (about
  // 120 bytes with every optional key), the timestamp, the level and a line
  // number: 448 holds those with room to spare.
  std::size_t room = put_log_event_open_room + put_log_event_close.size() + 448 +
                     string_room(r.logger.size()) + string_room(r.message.size());
  if (r.tenant) room += string_room(r.tenant->size());
  if (!r.source.file.empty())
    room += string_room(r.source.file.size()) + string_room(r.source.function.size());
  for (const auto& f : r.fields) {
    // ",", ":", the key (perhaps "field."-prefixed) and the value (a number: 32 at most).
    room += 2 + string_room(f.key.size() + 6);
    const auto* s = std::get_if<std::string_view>(&f.value);
    room += s ? string_room(s->size()) : 32;
  }
  return room;
}

char* write_json_event(char* at, std::int64_t timestamp_ms, const record_view& r, std::size_t& text_bytes) {
  char* w = put_log_event_open(at, timestamp_ms);
  escaped_pointer_writer writer{w};
  write_json(writer, r);
  w = std::copy(put_log_event_close.begin(), put_log_event_close.end(), writer.w);
  text_bytes = writer.text_bytes;
  return w;
}

std::size_t append_json_event(std::string& out, std::int64_t timestamp_ms, const record_view& r) {
  append_put_log_event_open(out, timestamp_ms);
  escaped_writer w{out};
  write_json(w, r);
  out += put_log_event_close;
  return w.text_bytes;
}

}  // namespace cwlog::detail

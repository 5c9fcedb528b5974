#include "common/time_format.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono;

// Writes v as exactly `width` digits at p.
void put_digits(char* p, long long v, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

bool read_digits(std::string_view& s, std::size_t count, int& out) noexcept {
  out = parse_fixed_digits(s, 0, count);
  if (out < 0) return false;
  s.remove_prefix(count);
  return true;
}

bool expect(std::string_view& s, char c) noexcept {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// "Z", "UTC", "+hh:mm", "-hhmm", or nothing: the offset to subtract.
std::optional<minutes> read_zone(std::string_view s) noexcept {
  if (s.empty() || s == "Z" || s == "z" || s == "UTC") return minutes{0};
  if (s.front() != '+' && s.front() != '-') return std::nullopt;
  const int sign = s.front() == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0;
  if (!read_digits(s, 2, h)) return std::nullopt;
  if (!s.empty() && s.front() == ':') s.remove_prefix(1);
  if (!read_digits(s, 2, m) || !s.empty() || h > 23 || m > 59) return std::nullopt;
  return minutes{sign * (h * 60 + m)};
}

}  // namespace

void append_iso8601_utc(std::string& out, std::int64_t epoch_ns, int fraction_digits) {
  // Day and time of day in integers: near the ends of the int64 range the
  // day's start is outside it, so `t - floor<days>(t)` would overflow.
  constexpr std::int64_t ns_per_day = 86'400'000'000'000;
  std::int64_t day = epoch_ns / ns_per_day;
  long long ns_of_day = epoch_ns % ns_per_day;
  if (ns_of_day < 0) {
    ns_of_day += ns_per_day;
    --day;
  }
  const year_month_day ymd{sys_days{days{day}}};
  const long long secs = ns_of_day / 1'000'000'000;
  if (fraction_digits > 9) fraction_digits = 9;
  char buf[31];  // YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ
  put_digits(buf, static_cast<int>(ymd.year()), 4);
  buf[4] = '-';
  put_digits(buf + 5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put_digits(buf + 8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put_digits(buf + 11, secs / 3600, 2);
  buf[13] = ':';
  put_digits(buf + 14, secs / 60 % 60, 2);
  buf[16] = ':';
  put_digits(buf + 17, secs % 60, 2);
  int n = 19;
  if (fraction_digits > 0) {
    long long fraction = ns_of_day % 1'000'000'000;
    for (int d = fraction_digits; d < 9; ++d) fraction /= 10;
    buf[n++] = '.';
    put_digits(buf + n, fraction, fraction_digits);
    n += fraction_digits;
  }
  buf[n++] = 'Z';
  out.append(buf, static_cast<std::size_t>(n));
}

std::string format_iso8601_utc(system_clock::time_point t, int fraction_digits) {
  std::string out;
  append_iso8601_utc(out, duration_cast<nanoseconds>(t.time_since_epoch()).count(), fraction_digits);
  return out;
}

std::optional<system_clock::time_point> parse_iso8601(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 4, y) || !expect(s, '-') || !read_digits(s, 2, mo) || !expect(s, '-') ||
      !read_digits(s, 2, d))
    return std::nullopt;
  if (s.empty() || (s.front() != 'T' && s.front() != 't' && s.front() != ' ')) return std::nullopt;
  s.remove_prefix(1);
  if (!read_digits(s, 2, h) || !expect(s, ':') || !read_digits(s, 2, mi) || !expect(s, ':') ||
      !read_digits(s, 2, sec))
    return std::nullopt;
  nanoseconds fraction{0};
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    long long scale = 100'000'000;
    std::size_t n = 0;
    for (; n < s.size() && s[n] >= '0' && s[n] <= '9'; ++n) {
      fraction += nanoseconds{(s[n] - '0') * scale};
      scale /= 10;  // digits past the nanosecond add nothing
    }
    if (n == 0) return std::nullopt;
    s.remove_prefix(n);
  }
  const auto offset = read_zone(s);
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!offset || !ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  // In seconds first: a year the nanosecond clock cannot hold (before 1678,
  // after 2261) must not overflow on the way to being refused.
  const auto whole = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - *offset;
  if (!to_system_time(time_point_cast<milliseconds>(whole) + seconds{1})) return std::nullopt;
  return time_point_cast<system_clock::duration>(whole) + fraction;
}

int parse_fixed_digits(std::string_view text, std::size_t pos, std::size_t length) noexcept {
  if (pos + length > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + length; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace cwlog::detail

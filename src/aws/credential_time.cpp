#include "aws/credential_time.h"

#include <charconv>
#include <cstdio>

#include "common/time_format.h"

namespace cwlog::detail {
namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) return false;
  const auto* first = s.data();
  const auto* last = s.data() + digits;
  for (const auto* p = first; p != last; ++p)
    if (*p < '0' || *p > '9') return false;
  std::from_chars(first, last, out);
  s.remove_prefix(digits);
  return true;
}

bool expect(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_int(s, 4, y) || !expect(s, '-') || !read_int(s, 2, mo) || !expect(s, '-') || !read_int(s, 2, d))
    return std::nullopt;
  if (s.empty() || (s.front() != 'T' && s.front() != 't' && s.front() != ' ')) return std::nullopt;
  s.remove_prefix(1);
  if (!read_int(s, 2, h) || !expect(s, ':') || !read_int(s, 2, mi) || !expect(s, ':') || !read_int(s, 2, sec))
    return std::nullopt;
  milliseconds frac{0};
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    int scale = 100, ms = 0, n = 0;
    while (!s.empty() && s.front() >= '0' && s.front() <= '9') {
      if (scale > 0) ms += (s.front() - '0') * scale;
      scale /= 10;
      s.remove_prefix(1);
      ++n;
    }
    if (n == 0) return std::nullopt;
    frac = milliseconds{ms};
  }
  minutes offset{0};
  if (s == "Z" || s == "z" || s == "UTC" || s.empty()) {
    // UTC (an absent zone is taken as UTC, as the SDKs do for these documents)
  } else if (s.front() == '+' || s.front() == '-') {
    const int sign = s.front() == '-' ? -1 : 1;
    s.remove_prefix(1);
    int oh = 0, om = 0;
    if (!read_int(s, 2, oh)) return std::nullopt;
    if (!s.empty() && s.front() == ':') s.remove_prefix(1);
    if (!read_int(s, 2, om) || !s.empty()) return std::nullopt;
    offset = minutes{sign * (oh * 60 + om)};
  } else {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return to_system_time(sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + frac - offset);
}

}  // namespace cwlog::detail

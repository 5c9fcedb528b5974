#include "common/time_format.h"

#include <cstdio>

namespace cwlog::detail {

std::string format_iso8601_utc(std::chrono::system_clock::time_point t, int fraction_digits) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<nanoseconds>(t - day)};
  char buffer[48];
  int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                        static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                        static_cast<int>(hms.seconds().count()));
  if (fraction_digits > 0) {
    long long fraction = hms.subseconds().count();  // nanoseconds
    for (int d = fraction_digits; d < 9; ++d) fraction /= 10;
    n += std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ".%0*lld", fraction_digits,
                       fraction);
  }
  std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), "Z");
  return buffer;
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

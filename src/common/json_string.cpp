#include "common/json_string.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/utf8.h"

namespace cwlog::detail {
namespace {

constexpr std::array<bool, 256> needs_escape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

// The first byte in [p, end) that JSON must escape (a quote, a backslash or a
// control character), or end. Sixteen bytes per step with SSE2 (every x86-64
// has it): log text is mostly runs of plain bytes, and a JSON event is escaped
// a second time inside the PutLogEvents body.
const char* find_escape(const char* p, const char* const end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // v <= 0x1F (unsigned) exactly when max(v, 0x1F) == 0x1F.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    if (const int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
#endif
  while (p < end && !needs_escape[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// Writes the escape of c (a byte find_escape stopped at); returns the end.
char* put_escape(char* w, unsigned char c) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  *w++ = '\\';
  switch (c) {
    case '"':
      *w++ = '"';
      break;
    case '\\':
      *w++ = '\\';
      break;
    case '\n':
      *w++ = 'n';
      break;
    case '\r':
      *w++ = 'r';
      break;
    case '\t':
      *w++ = 't';
      break;
    case '\b':
      *w++ = 'b';
      break;
    case '\f':
      *w++ = 'f';
      break;
    default:
      *w++ = 'u';
      *w++ = '0';
      *w++ = '0';
      *w++ = hex[c >> 4];
      *w++ = hex[c & 0xF];
  }
  return w;
}

// The hot loop of both formatting and the PutLogEvents body, with the closing
// quote. Written through a pointer into room made per chunk (an escape takes
// at most 6 bytes): a std::string::append per run and per escape cost more
// than the scan (a JSON event has a dozen quotes, each escaped in the body).
// Chunks bound that room, so a 1 MB message never reserves 6 MB.
void append_escaped_valid(std::string& out, std::string_view s) {
  constexpr std::size_t chunk = 4096;
  do {
    const std::string_view part = s.substr(0, chunk);
    s.remove_prefix(part.size());
    const std::size_t at = out.size();
    const std::size_t room = part.size() * 6 + 1;
    // Geometric growth, as append would: the PutLogEvents body reserved its
    // expected size once and should rarely grow.
    if (out.capacity() - at < room) out.reserve(std::max(at + room, out.capacity() * 2));
    out.resize_and_overwrite(at + room, [&](char* buf, std::size_t) noexcept {
      char* w = buf + at;
      const char* p = part.data();
      const char* const end = p + part.size();
      for (;;) {
        const char* q = find_escape(p, end);
        if (q != p) std::memcpy(w, p, static_cast<std::size_t>(q - p));  // p may be null when empty
        w += q - p;
        if (q == end) break;
        w = put_escape(w, static_cast<unsigned char>(*q));
        p = q + 1;
      }
      if (s.empty()) *w++ = '"';
      return static_cast<std::size_t>(w - buf);
    });
  } while (!s.empty());
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
}

void append_json_string_valid(std::string& out, std::string_view s) {
  out += '"';
  append_escaped_valid(out, s);
}

}  // namespace cwlog::detail

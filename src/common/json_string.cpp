#include "common/json_string.h"

#include <algorithm>
#include <array>

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

// Writes the escape of c (a byte that needs one); returns the end. Quotes
// first: a JSON event escaped inside the PutLogEvents body is a dozen of them.
inline char* put_escape(char* w, unsigned char c) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
  *w++ = '\\';
  if (c == '"' || c == '\\') {
    *w++ = static_cast<char>(c);
    return w;
  }
  switch (c) {
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

// Escapes in chunks, so that the room reserved for the worst case (6 bytes
// per byte) stays small for a 1 MB message.
void append_escaped_valid(std::string& out, std::string_view s) {
  constexpr std::size_t chunk = 4096;
  do {
    const std::string_view part = s.substr(0, chunk);
    s.remove_prefix(part.size());
    const std::size_t at = out.size();
    const std::size_t room = json_escaped_room(part.size()) + 1;
    // Geometric growth, as append would: the PutLogEvents body reserved its
    // expected size once and should rarely grow.
    if (out.capacity() - at < room) out.reserve(std::max(at + room, out.capacity() * 2));
    out.resize_and_overwrite(at + room, [&](char* buf, std::size_t) noexcept {
      char* w = write_json_escaped(buf + at, part);
      if (s.empty()) *w++ = '"';
      return static_cast<std::size_t>(w - buf);
    });
  } while (!s.empty());
}

}  // namespace

// Sixteen bytes per step with SSE2 (every x86-64 has it): each block is
// stored whole, then the write position moves to the first byte to escape
// (if any), so a run costs no call (a std::string append or a memcpy per run
// cost more than the scan: a JSON event has a dozen quotes, each escaped again
// in the PutLogEvents body). Hence the 16 bytes of slack in json_escaped_room.
char* write_json_escaped(char* w, std::string_view s) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
    // v <= 0x1F (unsigned) exactly when max(v, 0x1F) == 0x1F.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    const int mask = _mm_movemask_epi8(hit);
    if (mask == 0) {
      p += 16;
      w += 16;
      continue;
    }
    const int k = __builtin_ctz(static_cast<unsigned>(mask));
    p += k;
    w = put_escape(w + k, static_cast<unsigned char>(*p++));
  }
#endif
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p++);
    if (needs_escape[c])
      w = put_escape(w, c);
    else
      *w++ = static_cast<char>(c);
  }
  return w;
}

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

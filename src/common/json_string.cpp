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

// Each byte's form inside a JSON string literal: itself, or its escape (at
// most 6 bytes). Written with one 8-byte store and a table-driven advance, so
// that a run of escapes costs no mispredicted branch: an event escaped inside
// the PutLogEvents body has a dozen quotes, and a switch per quote cost about
// half of the escaping.
struct escape_form {
  char text[7];
  unsigned char size;
};
static_assert(sizeof(escape_form) == 8);

constexpr std::array<escape_form, 256> escape_forms = [] {
  constexpr char hex[] = "0123456789abcdef";
  std::array<escape_form, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = {{static_cast<char>(c)}, 1};
  for (int c = 0; c < 0x20; ++c)
    t[static_cast<std::size_t>(c)] = {{'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]}, 6};
  t['\n'] = {{'\\', 'n'}, 2};
  t['\r'] = {{'\\', 'r'}, 2};
  t['\t'] = {{'\\', 't'}, 2};
  t['\b'] = {{'\\', 'b'}, 2};
  t['\f'] = {{'\\', 'f'}, 2};
  t['"'] = {{'\\', '"'}, 2};
  t['\\'] = {{'\\', '\\'}, 2};
  return t;
}();

inline char* put_form(char* w, unsigned char c) noexcept {
  const escape_form& f = escape_forms[c];
  std::memcpy(w, f.text, sizeof f);
  return w + f.size;
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
// cost more than the scan). A block's escapes are all written from the one
// load: after each, the block's remaining bytes are stored again behind it.
// Hence the 16 bytes of slack in json_escaped_room.
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
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask == 0) {
      p += 16;
      w += 16;
      continue;
    }
    unsigned done = 0;  // bytes of the block written so far
    do {
      // Near the end of s a 16-byte load from `done` would read past it: the
      // scalar loop below takes the rest (the first pass never stops here).
      if (end - (p + done) < 16) break;
      const auto k = static_cast<unsigned>(__builtin_ctz(mask));
      // The run before this escape: stored from the block's byte `done` on
      // (16 bytes, of which k - done count; the rest is overwritten).
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w),
                       _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + done)));
      w = put_form(w + (k - done), static_cast<unsigned char>(p[k]));
      done = k + 1;
      mask &= mask - 1;
    } while (mask != 0);
    p += done;  // the block's bytes after its last escape are scanned again (or by the scalar loop)
  }
#endif
  while (p < end) w = put_form(w, static_cast<unsigned char>(*p++));
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

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
using escape_table = std::array<escape_form, 256>;

constexpr escape_table escape_forms = [] {
  constexpr char hex[] = "0123456789abcdef";
  escape_table t{};
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

// Each byte's form escaped twice: its escape above, escaped again (every
// backslash and quote of it gains a backslash). At most 7 bytes (\\u00XX).
constexpr escape_table escape_forms_twice = [] {
  escape_table t{};
  for (std::size_t c = 0; c < 256; ++c) {
    const escape_form& once = escape_forms[c];
    escape_form& f = t[c];
    f.size = 0;
    for (unsigned i = 0; i < once.size; ++i) {
      const char b = once.text[i];
      if (b == '"' || b == '\\') f.text[f.size++] = '\\';
      f.text[f.size++] = b;
    }
  }
  return t;
}();
static_assert(escape_forms_twice['"'].size == 4 && escape_forms_twice[1].size == 7);

template <const escape_table& forms>
inline char* put_form(char* w, unsigned char c) noexcept {
  const escape_form& f = forms[c];
  std::memcpy(w, f.text, sizeof f);
  return w + f.size;
}

// Sixteen bytes per step with SSE2 (every x86-64 has it): each block is
// stored whole, then the write position moves to the first byte to escape
// (if any), so a run costs no call (a std::string append or a memcpy per run
// cost more than the scan). A block's escapes are all written from the one
// load: after each, the block's remaining bytes are stored again behind it.
// Hence the 16 bytes of slack in json_escaped_room. With `forms` the twice
// escaped ones, `once_extra` gains what escaping once adds to s.
template <const escape_table& forms, bool count_once>
char* write_escaped(char* w, std::string_view s, std::size_t& once_extra) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  const auto put = [&](char* at, unsigned char c) noexcept {
    if constexpr (count_once) once_extra += escape_forms[c].size - 1u;
    return put_form<forms>(at, c);
  };
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
      w = put(w + (k - done), static_cast<unsigned char>(p[k]));
      done = k + 1;
      mask &= mask - 1;
    } while (mask != 0);
    p += done;  // the block's bytes after its last escape are scanned again (or by the scalar loop)
  }
#endif
  while (p < end) w = put(w, static_cast<unsigned char>(*p++));
  return w;
}

// Escapes in chunks, so that the room reserved for the worst case (6 or 7
// bytes per byte) stays small for a 1 MB message; ends with `close`.
// count_once: the forms are the twice escaped ones, and what escaping once
// adds to s is returned.
template <const escape_table& forms, bool count_once>
std::size_t append_escaped_valid(std::string& out, std::string_view s, std::string_view close) {
  constexpr std::size_t chunk = 4096;
  std::size_t once_extra = 0;
  do {
    const std::string_view part = s.substr(0, chunk);
    s.remove_prefix(part.size());
    const std::size_t at = out.size();
    const std::size_t room =
        (count_once ? json_escaped_twice_room(part.size()) : json_escaped_room(part.size())) + close.size();
    // Geometric growth, as append would: the PutLogEvents body reserved its
    // expected size once and should rarely grow.
    if (out.capacity() - at < room) out.reserve(std::max(at + room, out.capacity() * 2));
    out.resize_and_overwrite(at + room, [&](char* buf, std::size_t) noexcept {
      char* w = write_escaped<forms, count_once>(buf + at, part, once_extra);
      if (s.empty()) w = std::copy(close.begin(), close.end(), w);
      return static_cast<std::size_t>(w - buf);
    });
  } while (!s.empty());
  return once_extra;
}

// s as it is when valid UTF-8, or repaired into `repaired`.
std::string_view valid_utf8(std::string_view s, std::string& repaired) {
  if (is_valid_utf8(s)) return s;
  append_utf8_repaired(repaired, s);
  return repaired;
}

}  // namespace

char* write_json_escaped(char* w, std::string_view s) noexcept {
  std::size_t unused = 0;
  return write_escaped<escape_forms, false>(w, s, unused);
}

void append_json_string(std::string& out, std::string_view s) {
  std::string repaired;
  out += '"';
  append_escaped_valid<escape_forms, false>(out, valid_utf8(s, repaired), "\"");
}

void append_json_string_valid(std::string& out, std::string_view s) {
  out += '"';
  append_escaped_valid<escape_forms, false>(out, s, "\"");
}

char* write_json_string_twice(char* w, std::string_view s, std::size_t& once_size) {
  std::string repaired;
  const std::string_view valid = valid_utf8(s, repaired);
  std::size_t once_extra = 0;
  w = std::copy_n("\\\"", 2, w);
  w = write_escaped<escape_forms_twice, true>(w, valid, once_extra);
  w = std::copy_n("\\\"", 2, w);
  once_size += 2 + valid.size() + once_extra;
  return w;
}

std::size_t append_json_string_twice(std::string& out, std::string_view s) {
  std::string repaired;
  const std::string_view valid = valid_utf8(s, repaired);
  out += "\\\"";
  return 2 + valid.size() + append_escaped_valid<escape_forms_twice, true>(out, valid, "\\\"");
}

}  // namespace cwlog::detail

// The unescaped size of a JSON string's content (json_unescaped_size.h).
#include "local/json_unescaped_size.h"

#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cwlog::detail {
namespace {

bool simple_escape(unsigned char c) {
  switch (c) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      return true;
    default:
      return false;
  }
}

// How many escapes `s` holds (each stands for one byte), or false.
bool count_escapes_bytewise(std::string_view s, std::size_t& escapes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') continue;
    if (++i == s.size() || !simple_escape(static_cast<unsigned char>(s[i]))) return false;
    ++n;
  }
  escapes = n;
  return true;
}

#if defined(__SSE2__)
struct block_masks {
  std::uint64_t backslash = 0;  // bit i: byte i is a backslash
  std::uint64_t escapable = 0;  // bit i: byte i may follow a backslash
};

block_masks masks_of(const unsigned char* p) {
  block_masks m;
  for (int i = 0; i < 4; ++i) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    const __m128i backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i escapable = backslash;
    for (const char c : {'"', '/', 'b', 'f', 'n', 'r', 't'})
      escapable = _mm_or_si128(escapable, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    m.backslash |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(backslash))} << (16 * i);
    m.escapable |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(escapable))} << (16 * i);
  }
  return m;
}

// 64 bytes at a time. In a run of backslashes, the first escapes the second,
// the third the fourth, and so on; an odd run's last one escapes the byte
// after the run. Which bytes are escapes and which are escaped comes from the
// masks with the arithmetic simdjson's stage 1 uses to find escaped
// characters (subtracting the run starts from the odd bits sets each run's
// parity), so the cost does not depend on how many escapes there are.
bool count_escapes_sse2(std::string_view s, std::size_t& escapes) {
  constexpr std::uint64_t odd_bits = 0xAAAA'AAAA'AAAA'AAAAu;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t left = s.size();
  std::uint64_t carry = 0;  // 1: the block's first byte is escaped by the previous block's last
  std::size_t n = 0;
  alignas(16) unsigned char last[64];
  while (left > 0) {
    const std::size_t size = left < 64 ? left : 64;
    const unsigned char* block = p;
    if (size < 64) {  // zeros after the end: neither backslashes nor escapable
      std::memset(last, 0, sizeof last);
      std::memcpy(last, p, size);
      block = last;
    }
    const block_masks m = masks_of(block);
    const std::uint64_t starts = m.backslash & ~carry;
    const std::uint64_t code = (((starts << 1) | odd_bits) - starts) ^ odd_bits;
    const std::uint64_t escaped = code ^ (m.backslash | carry);  // the bytes after an escape
    const std::uint64_t escape = code & m.backslash;             // the backslashes that escape
    if (escaped & ~m.escapable) return false;                    // also a backslash escaping the end
    n += static_cast<std::size_t>(std::popcount(escape));
    carry = escape >> 63;
    p += size;
    left -= size;
  }
  if (carry) return false;  // the last byte is an escape
  escapes = n;
  return true;
}
#endif

}  // namespace

bool json_unescaped_size(std::string_view content, std::size_t& out) {
  // A message without a backslash (plain text) costs one memchr.
  const void* first = std::memchr(content.data(), '\\', content.size());
  std::size_t escapes = 0;
  if (first) {
    const std::string_view rest =
        content.substr(static_cast<std::size_t>(static_cast<const char*>(first) - content.data()));
#if defined(__SSE2__)
    if (!count_escapes_sse2(rest, escapes)) return false;
#else
    if (!count_escapes_bytewise(rest, escapes)) return false;
#endif
  }
  out = content.size() - escapes;
  return true;
}

bool json_unescaped_size_bytewise(std::string_view content, std::size_t& out) {
  std::size_t escapes = 0;
  if (!count_escapes_bytewise(content, escapes)) return false;
  out = content.size() - escapes;
  return true;
}

}  // namespace cwlog::detail

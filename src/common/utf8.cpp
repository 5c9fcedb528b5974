#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace cwlog::detail {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";

// Length of the valid sequence starting at s[i], or 0 with *bad set to the
// length of the maximal invalid subpart to replace.
std::size_t valid_sequence(std::string_view s, std::size_t i, std::size_t* bad) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // <= U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  std::size_t k = 1;
  for (; k < len; ++k) {
    if (i + k >= s.size()) break;
    const unsigned char b = at(i + k);
    const unsigned char l = k == 1 ? lo : 0x80;
    const unsigned char h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) break;
  }
  if (k == len) return len;
  *bad = k;  // the lead byte plus the continuation bytes that were valid so far
  return 0;
}

// The end of the ASCII run from s[i], eight bytes at a time (most log text
// is ASCII), or where fewer than eight bytes are left.
std::size_t skip_ascii_words(std::string_view s, std::size_t i) noexcept {
  while (i + 8 <= s.size()) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
    i += 8;
  }
  return i;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    i = skip_ascii_words(s, i);
    if (i >= s.size()) break;
    std::size_t bad = 0;
    const std::size_t n = valid_sequence(s, i, &bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void append_utf8_repaired(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the current run of valid bytes
  std::size_t i = 0;
  while (i < s.size()) {
    // Fast path: ASCII, a word at a time, then a byte.
    i = skip_ascii_words(s, i);
    if (i >= s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t bad = 0;
    const std::size_t n = valid_sequence(s, i, &bad);
    if (n != 0) {
      i += n;
      continue;
    }
    out.append(s.substr(run, i - run));
    out.append(replacement);
    i += bad;
    run = i;
  }
  out.append(s.substr(run));
}

std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) noexcept {
  if (max_bytes >= s.size()) return s.size();
  std::size_t n = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a code point.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

}  // namespace cwlog::detail

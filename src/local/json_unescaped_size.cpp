// The unescaped size of a JSON string's content (json_unescaped_size.h).
#include "local/json_unescaped_size.h"

#include <bit>
#include <cstdint>
#include <cstring>

// AVX2 where the compiler can build it for one function and ask the CPU at
// run time (GCC and Clang on x86-64); SSE2, which every x86-64 has, otherwise.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CWLOG_ESCAPES_AVX2 1
#include <immintrin.h>
#else
#define CWLOG_ESCAPES_AVX2 0
#endif
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

block_masks masks_sse2(const unsigned char* p) {
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
// Inlined into each kernel below, so that the masks and the count are
// compiled for that kernel's instruction set (popcnt with AVX2).
template <block_masks (*Masks)(const unsigned char*)>
[[gnu::always_inline]] inline bool count_escapes_blocks(std::string_view s, std::size_t& escapes) {
  constexpr std::uint64_t odd_bits = 0xAAAA'AAAA'AAAA'AAAAu;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t left = s.size();
  std::uint64_t carry = 0;  // 1: the block's first byte is escaped by the previous block's last
  std::size_t n = 0;
  alignas(32) unsigned char last[64];
  while (left > 0) {
    const std::size_t size = left < 64 ? left : 64;
    const unsigned char* block = p;
    if (size < 64) {  // zeros after the end: neither backslashes nor escapable
      std::memset(last, 0, sizeof last);
      std::memcpy(last, p, size);
      block = last;
    }
    const block_masks m = Masks(block);
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

bool count_escapes_sse2(std::string_view s, std::size_t& escapes) {
  return count_escapes_blocks<masks_sse2>(s, escapes);
}
#endif

#if CWLOG_ESCAPES_AVX2
// 32 bytes a compare, and the bytes that may follow a backslash (" / \ b f n
// r t) found with two nibble lookups instead of eight compares: a byte is one
// when the bits of its low nibble and of its high nibble share one. Bits: 1
// for high nibble 2 ('"' '/'), 2 for 5 ('\\'), 4 for 6 ('b' 'f' 'n'), 8 for 7
// ('r' 't'); bytes from 0x80 have no bit (their high nibble's entry is 0).
[[gnu::target("avx2,popcnt")]] block_masks masks_avx2(const unsigned char* p) {
  const __m256i low_bits = _mm256_setr_epi8(0, 0, 1 | 4 | 8, 0, 8, 0, 4, 0, 0, 0, 0, 0, 2, 0, 4, 1,  //
                                            0, 0, 1 | 4 | 8, 0, 8, 0, 4, 0, 0, 0, 0, 0, 2, 0, 4, 1);
  const __m256i high_bits = _mm256_setr_epi8(0, 0, 1, 0, 0, 2, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                             0, 0, 1, 0, 0, 2, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  block_masks m;
  for (int i = 0; i < 2; ++i) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * i));
    const __m256i backslash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'));
    const __m256i low = _mm256_shuffle_epi8(low_bits, _mm256_and_si256(v, nibble));
    const __m256i high = _mm256_shuffle_epi8(high_bits, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
    const __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(low, high), _mm256_setzero_si256());
    m.backslash |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(backslash))} << (32 * i);
    m.escapable |= std::uint64_t{~static_cast<std::uint32_t>(_mm256_movemask_epi8(none))} << (32 * i);
  }
  return m;
}

[[gnu::target("avx2,popcnt")]] bool count_escapes_avx2(std::string_view s, std::size_t& escapes) {
  return count_escapes_blocks<masks_avx2>(s, escapes);
}
#endif

using escape_counter = bool (*)(std::string_view, std::size_t&);

// The best counter this CPU runs, chosen once.
escape_counter best_counter() noexcept {
#if CWLOG_ESCAPES_AVX2
  static const escape_counter chosen =
      __builtin_cpu_supports("avx2") ? count_escapes_avx2 : count_escapes_sse2;
  return chosen;
#elif defined(__SSE2__)
  return count_escapes_sse2;
#else
  return count_escapes_bytewise;
#endif
}

bool unescaped_size_with(escape_counter count, std::string_view content, std::size_t& out) {
  // A message without a backslash (plain text) costs one memchr.
  const void* first = std::memchr(content.data(), '\\', content.size());
  std::size_t escapes = 0;
  if (first) {
    const std::string_view rest =
        content.substr(static_cast<std::size_t>(static_cast<const char*>(first) - content.data()));
    if (!count(rest, escapes)) return false;
  }
  out = content.size() - escapes;
  return true;
}

}  // namespace

bool json_unescaped_size(std::string_view content, std::size_t& out) {
  return unescaped_size_with(best_counter(), content, out);
}

std::vector<unescaped_size_kernel> json_unescaped_size_kernels() {
  std::vector<unescaped_size_kernel> kernels;
  const auto add = [&](const char* name, escape_counter count) {
    kernels.push_back({name, [count](std::string_view content, std::size_t& out) {
                         return unescaped_size_with(count, content, out);
                       }});
  };
#if CWLOG_ESCAPES_AVX2
  if (__builtin_cpu_supports("avx2")) add("avx2", count_escapes_avx2);
#endif
#if defined(__SSE2__)
  add("sse2", count_escapes_sse2);
#endif
  add("bytewise", count_escapes_bytewise);
  return kernels;
}

bool json_unescaped_size_bytewise(std::string_view content, std::size_t& out) {
  std::size_t escapes = 0;
  if (!count_escapes_bytewise(content, escapes)) return false;
  out = content.size() - escapes;
  return true;
}

}  // namespace cwlog::detail

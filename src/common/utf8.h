#pragma once
// UTF-8 repair and boundary finding. CloudWatch counts sizes on the UTF-8 that
// is sent, so every size is computed after repair.
#include <cstddef>
#include <string>
#include <string_view>

namespace cwlog::detail {

// True when s is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

// Appends s to out, each invalid sequence replaced by U+FFFD (EF BF BD), one
// replacement per maximal invalid subpart (as the Unicode standard recommends).
void append_utf8_repaired(std::string& out, std::string_view s);

// The largest n <= max_bytes such that s[0, n) ends on a code point boundary
// (s must be valid UTF-8).
std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) noexcept;

}  // namespace cwlog::detail

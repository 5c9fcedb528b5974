#pragma once
// The injective encoding of template values (tenant ids, logger names, field
// values, host names) into CloudWatch name characters. Full specification and
// the argument why it is injective: docs/tenant-names.md. In short:
//
//   * bytes a-z and 0-9 are copied;
//   * every other byte (upper-case letters included) becomes '_' followed by
//     its two lower-case hex digits ("Acme" -> "_41cme", "a-b" -> "a_2db");
//   * the empty value becomes "_" (a lone '_' never occurs otherwise);
//   * if the result would be longer than max_encoded_value_length, the value
//     becomes "_z" + the 52-character lower-case base32 (RFC 4648 alphabet,
//     lower-cased, unpadded) SHA-256 of the raw bytes ("_z" never occurs
//     otherwise, 'z' not being a hex digit).
//
// The output alphabet is [a-z0-9_]: no upper case (so names stay distinct even
// where names are compared case-insensitively), and none of the separators
// '-', '.', '/', '#' that templates put between values, so a rendered name can
// be split back into its values (see name_template's separator rule).
#include <cstddef>
#include <string>
#include <string_view>

#include "rules/names.h"  // the names these values are rendered into

namespace cwlog::detail {

// Longest encoded value; longer values are replaced by the digest form. The
// digest form is 54 characters, so any encoded value is at most this long.
inline constexpr std::size_t max_encoded_value_length = 128;
inline constexpr std::size_t digest_value_length = 54;  // "_z" + 52 base32 chars
inline constexpr char encoding_escape = '_';

std::string encode_name_value(std::string_view raw);
// Appends the encoding of raw to out (the hot path: no temporary string).
void append_encoded_name_value(std::string& out, std::string_view raw);

// True for characters an encoded value may contain: [a-z0-9_].
constexpr bool is_encoded_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == encoding_escape;
}

}  // namespace cwlog::detail

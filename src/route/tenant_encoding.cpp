#include "route/tenant_encoding.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace cwlog::detail {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";
// RFC 4648 base32 alphabet, lower-cased: all of it is in [a-z2-7], inside the
// encoded alphabet, so a digest value is as self-delimiting as any other.
constexpr char base32_digits[] = "abcdefghijklmnopqrstuvwxyz234567";

constexpr bool is_plain(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::size_t encoded_length(std::string_view raw) noexcept {
  if (raw.empty()) return 1;
  std::size_t n = 0;
  for (const char c : raw) n += is_plain(static_cast<unsigned char>(c)) ? 1 : 3;
  return n;
}

std::array<unsigned char, 32> sha256(std::string_view raw) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  if (EVP_Digest(raw.data(), raw.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size()) {
    // Only on a broken OpenSSL install; a name must never be guessed.
    throw std::runtime_error("cwlog: SHA-256 unavailable (OpenSSL EVP_Digest failed)");
  }
  return out;
}

void append_digest(std::string& out, std::string_view raw) {
  const auto digest = sha256(raw);
  out += "_z";
  // 256 bits -> 52 base32 digits (the last one carries 1 bit and 4 zero bits).
  unsigned buffer = 0;
  int bits = 0;
  for (const unsigned char byte : digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += base32_digits[(buffer >> bits) & 31u];
    }
    buffer &= (1u << bits) - 1u;
  }
  if (bits > 0) out += base32_digits[(buffer << (5 - bits)) & 31u];
}

}  // namespace

void append_encoded_name_value(std::string& out, std::string_view raw) {
  const std::size_t n = encoded_length(raw);
  if (n > max_encoded_value_length) {
    append_digest(out, raw);
    return;
  }
  if (raw.empty()) {
    out += encoding_escape;
    return;
  }
  out.reserve(out.size() + n);
  for (const char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    if (is_plain(u)) {
      out += c;
    } else {
      out += encoding_escape;
      out += hex_digits[u >> 4];
      out += hex_digits[u & 15u];
    }
  }
}

std::string encode_name_value(std::string_view raw) {
  std::string out;
  append_encoded_name_value(out, raw);
  return out;
}

}  // namespace cwlog::detail

#pragma once
// SHA-256, HMAC-SHA256, SHA-1 and hex through OpenSSL's EVP API: SigV4 needs nothing
// else, and hashes are never written by hand.
#include <span>
#include <string>
#include <string_view>

namespace cwlog::detail {

// Raw 32-byte digest.
std::string sha256(std::string_view data);
// Lowercase hex of sha256(data).
std::string sha256_hex(std::string_view data);
// The same over `head` followed by `rest`, without joining them.
std::string sha256_hex(std::string_view head, std::span<const std::string_view> rest);
// Lowercase hex of SHA-1(data): only where a format demands it (the AWS CLI's
// SSO token cache file names), never for security.
std::string sha1_hex(std::string_view data);
// Raw 32-byte HMAC-SHA256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);
// Lowercase hex of arbitrary bytes.
std::string hex_encode(std::string_view bytes);
// Compares without early exit (signatures); false when sizes differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace cwlog::detail

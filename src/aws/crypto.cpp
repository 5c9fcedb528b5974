#include "aws/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include <cwlog/error.h>

namespace cwlog::detail {

namespace {
std::string digest(std::string_view data, const EVP_MD* md, const char* name) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) {
    throw error(std::string(name) + ": OpenSSL EVP_Digest failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}
}  // namespace

std::string sha256(std::string_view data) {
  return digest(data, EVP_sha256(), "sha256");
}

std::string sha1_hex(std::string_view data) {
  return hex_encode(digest(data, EVP_sha1(), "sha1"));
}

std::string sha256_hex(std::string_view data) {
  return hex_encode(sha256(data));
}

std::string sha256_hex(std::string_view head, std::span<const std::string_view> rest) {
  if (rest.empty()) return sha256_hex(head);
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  bool ok = context && EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) == 1 &&
            EVP_DigestUpdate(context.get(), head.data(), head.size()) == 1;
  for (std::size_t i = 0; ok && i < rest.size(); ++i)
    ok = EVP_DigestUpdate(context.get(), rest[i].data(), rest[i].size()) == 1;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!ok || EVP_DigestFinal_ex(context.get(), out, &length) != 1) {
    throw error("sha256: OpenSSL EVP_Digest failed");
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(out), length));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  // EVP_Q_mac is the one-shot EVP_MAC call (OpenSSL 3): no context to leak on
  // the error path. The "SHA256" digest name is fetched from the default provider.
  char digest_name[] = "SHA256";
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest_name, nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac,
                &length) == nullptr) {
    throw error("hmac_sha256: OpenSSL EVP_Q_mac failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0x0f]);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cwlog::detail

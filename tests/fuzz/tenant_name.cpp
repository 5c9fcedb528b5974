// Fuzz target: the tenant-name encoder (src/route/tenant_encoding; the
// specification and the injectivity argument are docs/tenant-names.md).
// Tenant ids arrive with every record, so any byte string is possible. The
// properties, checked with an independent decoder written from the spec:
//   * the output alphabet is [a-z0-9_], at most max_encoded_value_length long;
//   * an output that is not a digest ("_z" + 52 base32 characters) decodes to
//     the input, and only values whose escaped form is too long are digested;
//   * distinct inputs give distinct outputs (the input is cut in two at a
//     position its first byte chooses, and the halves are compared);
//   * the append form equals the returning form.
#include <optional>
#include <string>

#include "fuzz_input.h"
#include "route/tenant_encoding.h"

namespace {

using namespace cwlog::detail;
using cwlog::fuzz::require;

bool is_digest(std::string_view encoded) {
  return encoded.size() == digest_value_length && encoded.starts_with("_z");
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Rules 1-3 backwards; nullopt for a string the encoder can never produce.
std::optional<std::string> decode(std::string_view encoded) {
  if (encoded == "_") return std::string();
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c != encoding_escape) {
      out += c;
      continue;
    }
    if (i + 2 >= encoded.size()) return std::nullopt;
    const int hi = hex_digit(encoded[i + 1]), lo = hex_digit(encoded[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string check_one(std::string_view raw) {
  const std::string encoded = encode_name_value(raw);
  require(!encoded.empty() && encoded.size() <= max_encoded_value_length, "1 to 128 characters");
  for (const char c : encoded) require(is_encoded_char(c), "output alphabet [a-z0-9_]");
  std::string appended = "prefix-";
  append_encoded_name_value(appended, raw);
  require(appended == "prefix-" + encoded, "append form == returning form");
  if (is_digest(encoded)) {
    // Only when the escaped form would be too long: 3 characters per escaped byte.
    std::size_t escaped = 0;
    for (const char c : raw) escaped += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? 1 : 3;
    require(escaped > max_encoded_value_length, "only over-long values are digested");
    return encoded;
  }
  const auto back = decode(encoded);
  require(back.has_value() && *back == raw, "a non-digest output decodes to its input");
  return encoded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = cwlog::fuzz::as_text(data, size);
  (void)check_one(input);
  if (size == 0) return 0;
  const std::size_t cut = 1 + data[0] % size;  // the first byte only chooses, it is not part of a half
  const auto a = input.substr(1, cut - 1), b = input.substr(cut);
  const std::string ea = check_one(a), eb = check_one(b);
  require((a == b) == (ea == eb), "distinct inputs give distinct outputs");
  return 0;
}

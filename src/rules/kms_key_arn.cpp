#include "rules/kms_key_arn.h"

#include <algorithm>
#include <array>

namespace cwlog::detail {
namespace {

constexpr std::array<std::string_view, 8> partitions{"aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                                     "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};

bool is_lower_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool all_of(std::string_view s, bool (*pred)(char) noexcept) {
  return std::all_of(s.begin(), s.end(), pred);
}

// 8-4-4-4-12 lower-case hex digits.
bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_lower_hex(s[i])) return false;
  }
  return true;
}

bool is_key_id(std::string_view id) noexcept {
  if (id.starts_with("mrk-")) {
    id.remove_prefix(4);
    return id.size() == 32 && all_of(id, is_lower_hex);
  }
  return is_uuid(id);
}

bool is_region_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<std::string> check_kms_key_arn(std::string_view arn) {
  const std::string allowed =
      " (allowed: a KMS key ARN, arn:<partition>:kms:<region>:<12-digit account>:key/<key-id> with key id "
      "1234abcd-12ab-34cd-56ef-1234567890ab or mrk-<32 hex digits>; key ids and aliases are not accepted by "
      "CreateLogGroup)";
  if (arn.size() > max_kms_key_arn_length) return "KMS key ARN longer than 256 characters" + allowed;
  std::array<std::string_view, 6> part{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', pos);
    if (colon == std::string_view::npos) return "\"" + std::string(arn) + "\" is not an ARN" + allowed;
    part[i] = arn.substr(pos, colon - pos);
    pos = colon + 1;
  }
  part[5] = arn.substr(pos);
  if (part[0] != "arn" || part[2] != "kms") return "\"" + std::string(arn) + "\" is not a KMS ARN" + allowed;
  if (std::find(partitions.begin(), partitions.end(), part[1]) == partitions.end())
    return "KMS key ARN has an unknown partition \"" + std::string(part[1]) + "\"" + allowed;
  if (part[3].empty() || !all_of(part[3], is_region_char)) return "KMS key ARN has no valid region" + allowed;
  if (part[4].size() != 12 || !all_of(part[4], is_digit))
    return "KMS key ARN's account must be 12 digits" + allowed;
  if (!part[5].starts_with("key/") || !is_key_id(part[5].substr(4)))
    return "KMS ARN resource must be key/<key-id>" + allowed;
  return std::nullopt;
}

}  // namespace cwlog::detail

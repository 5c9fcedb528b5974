#include "route/destination_checks.h"

#include <algorithm>

namespace cwlog::detail {
namespace {

std::string retention_list() {
  std::string s;
  for (const int d : allowed_retention_days) {
    if (!s.empty()) s += ", ";
    s += std::to_string(d);
  }
  return s;
}

bool is_ascii_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The service model allows \p{L}\p{Z}\p{N}; non-ASCII bytes are let through
// (UTF-8 letters) and left to the service to judge.
bool is_tag_char(char c) noexcept {
  return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80 ||
         std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> check_retention_days(int days) {
  if (std::find(allowed_retention_days.begin(), allowed_retention_days.end(), days) !=
      allowed_retention_days.end()) {
    return std::nullopt;
  }
  return "retention of " + std::to_string(days) +
         " days is not accepted by CloudWatch (allowed: " + retention_list() + "; omit for never expire)";
}

std::optional<std::string> check_kms_key_arn(std::string_view arn) {
  const std::string allowed =
      " (allowed: a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key-id>; key ids and aliases "
      "are "
      "not accepted by CreateLogGroup)";
  if (arn.size() > 256) return "KMS key ARN longer than 256 characters" + allowed;
  std::array<std::string_view, 6> part{};
  std::size_t pos = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', pos);
    if (colon == std::string_view::npos) return "\"" + std::string(arn) + "\" is not an ARN" + allowed;
    part[i] = arn.substr(pos, colon - pos);
    pos = colon + 1;
  }
  part[5] = arn.substr(pos);
  if (part[0] != "arn" || part[1].empty() || part[2] != "kms") {
    return "\"" + std::string(arn) + "\" is not a KMS ARN" + allowed;
  }
  if (part[3].empty() ||
      !std::all_of(part[3].begin(), part[3].end(), [](char c) { return is_ascii_alnum(c) || c == '-'; })) {
    return "KMS key ARN has no valid region" + allowed;
  }
  if (part[4].size() != 12 ||
      !std::all_of(part[4].begin(), part[4].end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "KMS key ARN's account must be 12 digits" + allowed;
  }
  if (!part[5].starts_with("key/") || part[5].size() == 4 ||
      !std::all_of(part[5].begin() + 4, part[5].end(),
                   [](char c) { return is_ascii_alnum(c) || c == '-'; })) {
    return "KMS ARN resource must be key/<key-id>" + allowed;
  }
  return std::nullopt;
}

std::optional<std::string> check_tag(std::string_view key, std::string_view value) {
  const std::string allowed =
      " (allowed: letters, digits, spaces and _ . : / = + - @; keys 1-128, values 0-256)";
  if (key.empty() || key.size() > 128)
    return "tag key \"" + std::string(key) + "\" must be 1-128 characters" + allowed;
  if (key.starts_with("aws:"))
    return "tag key \"" + std::string(key) + "\" uses the reserved prefix aws:" + allowed;
  if (!std::all_of(key.begin(), key.end(), is_tag_char)) {
    return "tag key \"" + std::string(key) + "\" has a character tags cannot hold" + allowed;
  }
  if (value.size() > 256)
    return "tag value of \"" + std::string(key) + "\" is longer than 256 characters" + allowed;
  if (!std::all_of(value.begin(), value.end(), is_tag_char)) {
    return "tag value of \"" + std::string(key) + "\" has a character tags cannot hold" + allowed;
  }
  return std::nullopt;
}

std::optional<cwlog::log_group_class> parse_log_group_class(std::string_view text, std::string& error_out) {
  if (text == "STANDARD") return cwlog::log_group_class::standard;
  if (text == "INFREQUENT_ACCESS") return cwlog::log_group_class::infrequent_access;
  if (text == "DELIVERY") {
    error_out =
        "log group class DELIVERY is only for delivering Lambda logs to S3 or Firehose (events kept one day, "
        "no Insights); cwlog does not ship to it (allowed: STANDARD, INFREQUENT_ACCESS)";
  } else {
    error_out =
        "unknown log group class \"" + std::string(text) + "\" (allowed: STANDARD, INFREQUENT_ACCESS)";
  }
  return std::nullopt;
}

const char* to_string(cwlog::log_group_class c) noexcept {
  return c == cwlog::log_group_class::infrequent_access ? "INFREQUENT_ACCESS" : "STANDARD";
}

}  // namespace cwlog::detail

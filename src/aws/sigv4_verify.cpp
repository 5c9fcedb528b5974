// The server side of SigV4, for `cwlog local`: parse the Authorization header
// and recompute the signature with the same canonicalisation the client uses.
#include <algorithm>

#include "aws/crypto.h"
#include "aws/sigv4.h"

namespace cwlog::detail::sigv4 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    const auto next = s.find(separator, pos);
    out.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return out;
}

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::expected<parsed_authorization, std::string> parse_authorization(std::string_view header_value) {
  header_value = trim(header_value);
  if (!header_value.starts_with(algorithm) || header_value.size() == algorithm.size() ||
      header_value[algorithm.size()] != ' ') {
    return std::unexpected("Authorization header must start with 'AWS4-HMAC-SHA256 '");
  }
  parsed_authorization auth;
  bool have_credential = false, have_signed = false, have_signature = false;
  for (std::string_view part : split(header_value.substr(algorithm.size() + 1), ',')) {
    part = trim(part);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      return std::unexpected("Authorization header component '" + std::string(part) + "' is not Key=Value");
    }
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = part.substr(eq + 1);
    if (key == "Credential") {
      const auto fields = split(value, '/');
      if (fields.size() != 5 || fields[0].empty() || fields[1].size() != 8 || fields[2].empty() ||
          fields[3].empty() || fields[4] != "aws4_request") {
        return std::unexpected(
            "Credential must be <access key id>/<yyyymmdd>/<region>/<service>/aws4_request");
      }
      auth.access_key_id = fields[0];
      auth.date = fields[1];
      auth.region = fields[2];
      auth.service = fields[3];
      have_credential = true;
    } else if (key == "SignedHeaders") {
      for (auto name : split(value, ';')) {
        if (name.empty()) return std::unexpected("SignedHeaders has an empty header name");
        auth.signed_headers.emplace_back(name);
      }
      have_signed = true;
    } else if (key == "Signature") {
      if (value.size() != 64 || !is_lower_hex(value)) {
        return std::unexpected("Signature must be 64 lowercase hex digits");
      }
      auth.signature = value;
      have_signature = true;
    } else {
      return std::unexpected("Authorization header has an unknown component '" + std::string(key) + "'");
    }
  }
  if (!have_credential) return std::unexpected("Authorization header requires a 'Credential' parameter");
  if (!have_signed) return std::unexpected("Authorization header requires a 'SignedHeaders' parameter");
  if (!have_signature) return std::unexpected("Authorization header requires a 'Signature' parameter");
  return auth;
}

std::string expected_signature(const signing_input& input, std::string_view secret_access_key,
                               const parsed_authorization& auth, time_point when) {
  // The client's list order is what it signed; canonical_request needs it as sent.
  const auto creq = canonical_request(input, auth.signed_headers);
  const auto sts = string_to_sign(creq, when, auth.region, auth.service);
  return signature(signing_key(secret_access_key, when, auth.region, auth.service), sts);
}

std::expected<void, std::string> verify_signature(const signing_input& input,
                                                  std::string_view secret_access_key,
                                                  const parsed_authorization& auth, time_point when) {
  if (auth.date != amz_day(when)) {
    return std::unexpected("credential scope date " + auth.date + " does not match the request date " +
                           amz_day(when));
  }
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") ==
      auth.signed_headers.end()) {
    return std::unexpected("the host header must be signed");
  }
  for (const auto& name : auth.signed_headers) {
    if (!has_header(input.headers, name)) return std::unexpected("signed header '" + name + "' is missing");
  }
  if (!constant_time_equal(expected_signature(input, secret_access_key, auth, when), auth.signature)) {
    return std::unexpected(
        "The request signature we calculated does not match the signature you provided. Check your AWS "
        "Secret Access Key and signing method.");
  }
  return {};
}

}  // namespace cwlog::detail::sigv4

#include "local/auth.h"

#include <algorithm>
#include <cctype>

#include "aws/sigv4.h"
#include "http/gzip.h"

namespace cwlog::detail {
namespace {

service_error auth_error(std::string type, std::string message) {
  return {400, std::move(type), std::move(message)};
}

constexpr const char* bad_signature_message =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
    "Access Key and signing method. Consult the service documentation for details.";

}  // namespace

std::string access_key_of(std::string_view authorization) {
  auto parsed = sigv4::parse_authorization(authorization);
  return parsed ? parsed->access_key_id : std::string();
}

request_authenticator::request_authenticator(std::vector<std::pair<std::string, std::string>> keys,
                                             const clock_source& clock, std::chrono::seconds max_skew)
    : clock_(clock), max_skew_(max_skew) {
  for (auto& [id, secret] : keys) secrets_[id] = std::move(secret);
}

std::expected<std::string, service_error> request_authenticator::verify(
    const received_request& request) const {
  const auto authorization = find_header(request.headers, "authorization");
  if (authorization.empty())
    return std::unexpected(auth_error("MissingAuthenticationTokenException", "Missing Authentication Token"));
  auto parsed = sigv4::parse_authorization(authorization);
  if (!parsed) return std::unexpected(auth_error("IncompleteSignatureException", parsed.error()));

  const auto date_text = find_header(request.headers, "x-amz-date");
  if (date_text.empty())
    return std::unexpected(auth_error("IncompleteSignatureException",
                                      "Authorization header requires existence of either a 'X-Amz-Date' or a "
                                      "'Date' header. Authorization=" +
                                          std::string(authorization.substr(0, 16)) + "..."));
  auto when = sigv4::parse_amz_date(date_text);
  if (!when)
    return std::unexpected(
        auth_error("IncompleteSignatureException", "Invalid X-Amz-Date '" + std::string(date_text) + "'"));

  auto secret = secrets_.find(parsed->access_key_id);
  if (secret == secrets_.end())
    return std::unexpected(
        auth_error("UnrecognizedClientException", "The security token included in the request is invalid."));

  // AWS: "Signature expired: T is now earlier than N (NOW - 5 min.)".
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  if (*when < now - max_skew_)
    return std::unexpected(auth_error("InvalidSignatureException",
                                      "Signature expired: " + std::string(date_text) +
                                          " is now earlier than " + sigv4::amz_date(now - max_skew_) + " (" +
                                          sigv4::amz_date(now) + " - " +
                                          std::to_string(max_skew_.count() / 60) + " min.)"));
  if (*when > now + max_skew_)
    return std::unexpected(auth_error("InvalidSignatureException",
                                      "Signature not yet current: " + std::string(date_text) +
                                          " is still later than " + sigv4::amz_date(now + max_skew_) + " (" +
                                          sigv4::amz_date(now) + " + " +
                                          std::to_string(max_skew_.count() / 60) + " min.)"));

  std::string raw_path(request.target), raw_query;
  if (auto q = raw_path.find('?'); q != std::string::npos) {
    raw_query = raw_path.substr(q + 1);
    raw_path.resize(q);
  }
  // The signature covers the bytes sent. httplib has already undone gzip, so
  // compress again with the same zlib settings the cwlog client uses; other
  // compressors verify only if they sent a signed X-Amz-Content-Sha256.
  std::string wire_body;
  std::string_view body = request.body;
  if (request.gzip) {
    wire_body = gzip_compress(request.body);
    body = wire_body;
  }
  auto input = sigv4::signing_input::from_parts(request.method, raw_path, raw_query, request.headers, body);
  if (auto ok = sigv4::verify_signature(input, secret->second, *parsed, *when); ok)
    return parsed->access_key_id;
  const auto declared = find_header(request.headers, "x-amz-content-sha256");
  if (request.gzip && !declared.empty() &&
      std::find(parsed->signed_headers.begin(), parsed->signed_headers.end(), "x-amz-content-sha256") !=
          parsed->signed_headers.end()) {
    input.payload_hash = std::string(declared);
    if (sigv4::verify_signature(input, secret->second, *parsed, *when)) return parsed->access_key_id;
  }
  return std::unexpected(auth_error("InvalidSignatureException", bad_signature_message));
}

}  // namespace cwlog::detail

#pragma once
// AWS Signature Version 4, header-based, as separate stages so each can be
// checked against AWS's known-answer suite (tests/aws/sigv4_test.cpp):
//
//   signing_input -> canonical_request -> string_to_sign -> signature
//                                         signing_key ----^
//
// The signing time is always a parameter; nothing here reads a clock. The
// client (sign) and the server-side check used by `cwlog local`
// (expected_signature / verify_signature) share the same canonicalisation code,
// so they cannot drift apart.
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials.h"
#include "http/transport.h"

namespace cwlog::detail::sigv4 {

using time_point = std::chrono::system_clock::time_point;

inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

// What a signature covers, as seen on the wire. Built by the client from an
// http_request, and by a server from the request it received.
struct signing_input {
  std::string method;                // "POST"
  std::string raw_path;              // path as sent (percent-encoded once), e.g. "/"; empty means "/"
  std::string raw_query;             // query as sent, without '?'; empty when none
  std::vector<http_header> headers;  // as received: any case, repeated names allowed, untrimmed
  std::string payload_hash;          // lowercase hex SHA-256 of the body bytes sent

  // Splits request.url into path and query, hashes the body (body, then
  // body_pieces). Headers are copied as they are (no Host is added here;
  // sign() does that).
  static signing_input from_request(const http_request& request);
  // For a server: body is the exact bytes received (before any decompression).
  static signing_input from_parts(std::string method, std::string raw_path, std::string raw_query,
                                  std::vector<http_header> headers, std::string_view body);
};

// --- stages ---------------------------------------------------------------
// "20150830T123600Z" (UTC).
std::string amz_date(time_point when);
// "20150830".
std::string amz_day(time_point when);
// Parses "20150830T123600Z"; nullopt when malformed.
std::optional<time_point> parse_amz_date(std::string_view text);

// Non-S3 rule: remove dot segments, collapse repeated '/', then URI-encode
// every byte except unreserved characters and '/' (which encodes an
// already-encoded path a second time, as AWS requires for every service but S3).
// AWS's UriEncode (RFC 3986): every byte but A-Z a-z 0-9 - _ . ~ (and '/' when
// keep_slash) as %XX with upper-case hex. Also the form/query encoding of the
// STS and SSO calls.
std::string uri_encode(std::string_view in, bool keep_slash = false);

std::string canonical_uri(std::string_view raw_path);
// Pairs split on '&' and the first '=', percent-decoded (valid %XX only, '+'
// kept literal) and re-encoded, sorted by key then value.
std::string canonical_query(std::string_view raw_query);
// Lowercase, sorted, unique names of the headers a client signs: all of them
// except authorization, user-agent, expect and x-amzn-trace-id (botocore's rule).
std::vector<std::string> headers_to_sign(const std::vector<http_header>& headers);
// "host;x-amz-date"
std::string signed_headers_list(const std::vector<std::string>& signed_headers);

// The canonical request over exactly `signed_headers` (lowercase names, sorted).
// Values are trimmed, runs of spaces collapsed, repeated headers joined with ','.
std::string canonical_request(const signing_input& input, const std::vector<std::string>& signed_headers);
// "20150830/us-east-1/service/aws4_request"
std::string credential_scope(time_point when, std::string_view region, std::string_view service);
std::string string_to_sign(std::string_view canonical_request, time_point when, std::string_view region,
                           std::string_view service);
// Raw 32-byte HMAC key (not hex).
std::string signing_key(std::string_view secret_access_key, time_point when, std::string_view region,
                        std::string_view service);
// Lowercase hex HMAC-SHA256(signing_key, string_to_sign).
std::string signature(std::string_view signing_key, std::string_view string_to_sign);
// "AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex"
std::string authorization_header(std::string_view access_key_id, std::string_view credential_scope,
                                 const std::vector<std::string>& signed_headers, std::string_view signature);

// All stages over `input` (which must already carry Host, X-Amz-Date and, when
// wanted, X-Amz-Security-Token): returns the Authorization header value.
std::string authorize(const signing_input& input, const credentials& creds, std::string_view region,
                      std::string_view service, time_point when);

// Signs `request` in place for `when`:
// - gzip_body: the body (its pieces joined) is compressed here (the signature
//   must cover the bytes sent), Content-Encoding: gzip is added and gzip_body
//   cleared;
// - adds Host (from the URL) when missing, replaces X-Amz-Date, adds a signed
//   X-Amz-Security-Token when creds.session_token is set, replaces Authorization.
// Throws cwlog::error when the URL has no scheme://host.
void sign(http_request& request, const credentials& creds, std::string_view region, std::string_view service,
          time_point when);

// --- server side ----------------------------------------------------------
struct parsed_authorization {
  std::string access_key_id;
  std::string date;  // yyyymmdd from the credential scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // as listed (lowercase, ';'-separated in the header)
  std::string signature;                    // lowercase hex
};

// Parses an Authorization header value; the error says what is wrong
// (maps to IncompleteSignatureException on the server).
std::expected<parsed_authorization, std::string> parse_authorization(std::string_view header_value);

// The signature the client should have sent, given the secret for
// auth.access_key_id and the request time (from X-Amz-Date).
std::string expected_signature(const signing_input& input, std::string_view secret_access_key,
                               const parsed_authorization& auth, time_point when);

// Full check: the scope date must equal the day of `when`, every signed header
// must be present, host must be signed, and the signature must match
// (constant-time compare). The error never contains the secret or the
// expected signature.
std::expected<void, std::string> verify_signature(const signing_input& input,
                                                  std::string_view secret_access_key,
                                                  const parsed_authorization& auth, time_point when);

}  // namespace cwlog::detail::sigv4

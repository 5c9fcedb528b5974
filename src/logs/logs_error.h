#pragma once
// Errors of CloudWatch Logs calls as values: the kind (one per AWS error type
// and per transport failure), the HTTP status, the AWS __type, the message and
// the request id. Decoding never throws and never crashes, whatever the body.
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "http/transport.h"

namespace cwlog::detail {

enum class logs_errc {
  // service errors (AWS __type, namespace prefix stripped)
  resource_not_found,            // ResourceNotFoundException
  resource_already_exists,       // ResourceAlreadyExistsException
  invalid_parameter,             // InvalidParameterException
  invalid_operation,             // InvalidOperationException
  limit_exceeded,                // LimitExceededException (a resource quota, not a rate)
  operation_aborted,             // OperationAbortedException
  service_unavailable,           // ServiceUnavailableException, InternalFailure, bare 5xx with JSON
  data_already_accepted,         // DataAlreadyAcceptedException (pre-2023 sequence tokens)
  invalid_sequence_token,        // InvalidSequenceTokenException (pre-2023 sequence tokens)
  unrecognized_client,           // UnrecognizedClientException, InvalidClientTokenId
  access_denied,                 // AccessDeniedException, AccessDenied
  throttling,                    // ThrottlingException, Throttling, TooManyRequestsException, ...
  expired_token,                 // ExpiredTokenException, ExpiredToken
  clock_skew,                    // RequestTimeTooSkewed, RequestExpired, InvalidSignatureException
                                 // "Signature expired" / "Signature not yet current"
  invalid_signature,             // InvalidSignatureException (other messages), SignatureDoesNotMatch
  incomplete_signature,          // IncompleteSignatureException, IncompleteSignature
  missing_authentication_token,  // MissingAuthenticationTokenException, MissingAuthenticationToken
  validation,                    // ValidationException
  malformed_query_string,        // MalformedQueryStringException, MalformedQueryString
  service_quota_exceeded,        // ServiceQuotaExceededException
  conflict,                      // ConflictException
  too_many_tags,                 // TooManyTagsException
  // client side
  network,             // resolve / connect / TLS / other transport failure
  timeout,             // transport timeout
  connection_reset,    // connection closed before a complete response
  malformed_response,  // not JSON (HTML from a proxy), truncated JSON, empty body on error
  payload_too_large,   // HTTP 413
  no_credentials,      // the credentials provider failed
  unknown              // a __type we do not know, or an unexpected status
};

std::string_view to_string(logs_errc kind);

struct logs_error {
  logs_errc kind = logs_errc::unknown;
  int http_status = 0;   // 0 when no response arrived
  std::string aws_type;  // e.g. "ResourceNotFoundException" (no namespace); empty when none
  std::string message;
  std::string request_id;  // x-amzn-RequestId; empty when none
  // The server's Date header, when the response had one: used to correct clock skew.
  std::optional<std::chrono::system_clock::time_point> server_time;
  // For transport failures: what the transport reported.
  std::optional<transport_errc> transport_code;
};

// One line for diagnostics: "ThrottlingException (HTTP 400): Rate exceeded".
std::string error_summary(const logs_error& error);

// "ResourceNotFoundException" from "com.amazonaws.logs#ResourceNotFoundException",
// "ResourceNotFoundException:http://internal.amazon.com/coral/..." or itself.
std::string normalize_error_type(std::string_view raw);
// Kind for a normalized __type (message needed for InvalidSignatureException).
logs_errc classify_error_type(std::string_view aws_type, std::string_view message);

// Decodes a non-2xx response (or a 2xx whose body is unusable: pass
// force_error) into a logs_error. Never throws.
logs_error decode_error_response(const http_response& response);
logs_error from_transport_error(const transport_error& error);

// RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

template <typename T>
using logs_result = std::expected<T, logs_error>;

}  // namespace cwlog::detail

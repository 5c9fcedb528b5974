#include "logs/logs_error.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

struct type_kind {
  std::string_view type;
  logs_errc kind;
};

// Every __type cwlog distinguishes. Service-specific names come from the Logs
// model (botocore data/logs/2014-03-28); the common ones (throttling, auth,
// clock) from botocore's retry and clock-skew handling, in both the
// "...Exception" (JSON services) and short (query services / gateways) forms.
constexpr std::array known_types{
    type_kind{"ResourceNotFoundException", logs_errc::resource_not_found},
    type_kind{"ResourceAlreadyExistsException", logs_errc::resource_already_exists},
    type_kind{"InvalidParameterException", logs_errc::invalid_parameter},
    type_kind{"InvalidOperationException", logs_errc::invalid_operation},
    type_kind{"LimitExceededException", logs_errc::limit_exceeded},
    type_kind{"OperationAbortedException", logs_errc::operation_aborted},
    type_kind{"ServiceUnavailableException", logs_errc::service_unavailable},
    type_kind{"ServiceUnavailable", logs_errc::service_unavailable},
    type_kind{"InternalFailure", logs_errc::service_unavailable},
    type_kind{"InternalServerError", logs_errc::service_unavailable},
    type_kind{"InternalServerException", logs_errc::service_unavailable},
    type_kind{"DataAlreadyAcceptedException", logs_errc::data_already_accepted},
    type_kind{"InvalidSequenceTokenException", logs_errc::invalid_sequence_token},
    type_kind{"UnrecognizedClientException", logs_errc::unrecognized_client},
    type_kind{"InvalidClientTokenId", logs_errc::unrecognized_client},
    type_kind{"AccessDeniedException", logs_errc::access_denied},
    type_kind{"AccessDenied", logs_errc::access_denied},
    type_kind{"ThrottlingException", logs_errc::throttling},
    type_kind{"Throttling", logs_errc::throttling},
    type_kind{"ThrottledException", logs_errc::throttling},
    type_kind{"RequestThrottledException", logs_errc::throttling},
    type_kind{"TooManyRequestsException", logs_errc::throttling},
    type_kind{"RequestLimitExceeded", logs_errc::throttling},
    type_kind{"RequestThrottled", logs_errc::throttling},
    type_kind{"SlowDown", logs_errc::throttling},
    type_kind{"PriorRequestNotComplete", logs_errc::throttling},
    type_kind{"ExpiredTokenException", logs_errc::expired_token},
    type_kind{"ExpiredToken", logs_errc::expired_token},
    type_kind{"RequestTimeTooSkewed", logs_errc::clock_skew},
    type_kind{"RequestExpired", logs_errc::clock_skew},
    type_kind{"RequestInTheFuture", logs_errc::clock_skew},
    type_kind{"IncompleteSignatureException", logs_errc::incomplete_signature},
    type_kind{"IncompleteSignature", logs_errc::incomplete_signature},
    type_kind{"MissingAuthenticationTokenException", logs_errc::missing_authentication_token},
    type_kind{"MissingAuthenticationToken", logs_errc::missing_authentication_token},
    type_kind{"ValidationException", logs_errc::validation},
    type_kind{"MalformedQueryStringException", logs_errc::malformed_query_string},
    type_kind{"MalformedQueryString", logs_errc::malformed_query_string},
    type_kind{"ServiceQuotaExceededException", logs_errc::service_quota_exceeded},
    type_kind{"ConflictException", logs_errc::conflict},
    type_kind{"TooManyTagsException", logs_errc::too_many_tags},
};

std::string string_member(const nlohmann::json& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const auto it = object.find(name);
    if (it != object.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

}  // namespace

std::string_view to_string(logs_errc kind) {
  switch (kind) {
    case logs_errc::resource_not_found:
      return "resource_not_found";
    case logs_errc::resource_already_exists:
      return "resource_already_exists";
    case logs_errc::invalid_parameter:
      return "invalid_parameter";
    case logs_errc::invalid_operation:
      return "invalid_operation";
    case logs_errc::limit_exceeded:
      return "limit_exceeded";
    case logs_errc::operation_aborted:
      return "operation_aborted";
    case logs_errc::service_unavailable:
      return "service_unavailable";
    case logs_errc::data_already_accepted:
      return "data_already_accepted";
    case logs_errc::invalid_sequence_token:
      return "invalid_sequence_token";
    case logs_errc::unrecognized_client:
      return "unrecognized_client";
    case logs_errc::access_denied:
      return "access_denied";
    case logs_errc::throttling:
      return "throttling";
    case logs_errc::expired_token:
      return "expired_token";
    case logs_errc::clock_skew:
      return "clock_skew";
    case logs_errc::invalid_signature:
      return "invalid_signature";
    case logs_errc::incomplete_signature:
      return "incomplete_signature";
    case logs_errc::missing_authentication_token:
      return "missing_authentication_token";
    case logs_errc::validation:
      return "validation";
    case logs_errc::malformed_query_string:
      return "malformed_query_string";
    case logs_errc::service_quota_exceeded:
      return "service_quota_exceeded";
    case logs_errc::conflict:
      return "conflict";
    case logs_errc::too_many_tags:
      return "too_many_tags";
    case logs_errc::network:
      return "network";
    case logs_errc::timeout:
      return "timeout";
    case logs_errc::connection_reset:
      return "connection_reset";
    case logs_errc::malformed_response:
      return "malformed_response";
    case logs_errc::payload_too_large:
      return "payload_too_large";
    case logs_errc::no_credentials:
      return "no_credentials";
    case logs_errc::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string normalize_error_type(std::string_view raw) {
  // Header form: "Name:http://internal.amazon.com/coral/com.amazon.../".
  if (const auto colon = raw.find(':'); colon != std::string_view::npos) raw = raw.substr(0, colon);
  // Body form with namespace: "com.amazonaws.logs#Name" (also "aws.protocoltests#Name").
  if (const auto hash = raw.rfind('#'); hash != std::string_view::npos) raw = raw.substr(hash + 1);
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
  return std::string(raw);
}

logs_errc classify_error_type(std::string_view aws_type, std::string_view message) {
  if (aws_type == "InvalidSignatureException" || aws_type == "SignatureDoesNotMatch") {
    // The service reports a wrong clock as a signature problem; only the
    // message tells them apart (botocore's ClockSkew check does the same).
    if (message.find("Signature expired") != std::string_view::npos ||
        message.find("Signature not yet current") != std::string_view::npos) {
      return logs_errc::clock_skew;
    }
    return logs_errc::invalid_signature;
  }
  for (const auto& known : known_types) {
    if (known.type == aws_type) return known.kind;
  }
  return logs_errc::unknown;
}

logs_error decode_error_response(const http_response& response) {
  logs_error error;
  error.http_status = response.status;
  error.request_id = std::string(response.header("x-amzn-RequestId"));
  if (error.request_id.empty()) error.request_id = std::string(response.header("x-amz-request-id"));
  if (const auto date = response.header("Date"); !date.empty()) error.server_time = parse_http_date(date);

  // parse(..., allow_exceptions=false): a discarded value instead of a throw
  // for HTML pages, truncated JSON and empty bodies.
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const bool json_object = !body.is_discarded() && body.is_object();
  if (json_object) {
    error.message = string_member(body, {"message", "Message", "errorMessage"});
  }
  const auto header_type = response.header("X-Amzn-ErrorType");
  if (!header_type.empty()) {
    error.aws_type = normalize_error_type(header_type);
  } else if (json_object) {
    error.aws_type = normalize_error_type(string_member(body, {"__type", "code", "Code"}));
  }

  if (!error.aws_type.empty()) {
    error.kind = classify_error_type(error.aws_type, error.message);
  } else if (!json_object) {
    error.kind = logs_errc::malformed_response;
    if (error.message.empty()) {
      // Keep a short, printable excerpt: proxies answer with HTML pages.
      std::string excerpt = response.body.substr(0, 200);
      for (char& c : excerpt) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = ' ';
      }
      error.message = response.body.empty() ? "empty response body" : "response is not JSON: " + excerpt;
    }
  } else if (response.status >= 500) {
    error.kind = logs_errc::service_unavailable;
  }
  if (error.kind == logs_errc::clock_skew && !error.server_time) {
    // No Date header (a proxy may strip it): the message carries the server's
    // time, "Signature expired: <t> is now earlier than <t'> (<server> - 5 min.)".
    if (const auto open = error.message.rfind('('); open != std::string::npos) {
      error.server_time = sigv4::parse_amz_date(std::string_view(error.message).substr(open + 1, 16));
    }
  }
  if (response.status == 413) error.kind = logs_errc::payload_too_large;
  if (error.message.empty() && error.kind != logs_errc::malformed_response) {
    error.message = "HTTP " + std::to_string(response.status);
  }
  return error;
}

logs_error from_transport_error(const transport_error& error) {
  logs_error out;
  out.transport_code = error.code;
  out.message = error.message;
  switch (error.code) {
    case transport_errc::timeout:
      out.kind = logs_errc::timeout;
      break;
    case transport_errc::connection_reset:
      out.kind = logs_errc::connection_reset;
      break;
    default:
      out.kind = logs_errc::network;
      break;
  }
  return out;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  using namespace std::chrono;
  if (text.size() != 29 || text[3] != ',' || text.substr(26) != "GMT") return std::nullopt;
  const auto number = [text](std::size_t pos, std::size_t len) { return parse_fixed_digits(text, pos, len); };
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  unsigned month_number = 0;
  for (unsigned i = 0; i < months.size(); ++i) {
    if (text.substr(8, 3) == months[i]) month_number = i + 1;
  }
  const int d = number(5, 2), y = number(12, 4), h = number(17, 2), mi = number(20, 2), s = number(23, 2);
  if (month_number == 0 || d < 0 || y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':') {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{month_number}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return to_system_time(sys_days{ymd} + hours{h} + minutes{mi} + seconds{s});
}

std::string error_summary(const logs_error& e) {
  std::string s = e.aws_type.empty() ? std::string(to_string(e.kind)) : e.aws_type;
  if (e.http_status) s += " (HTTP " + std::to_string(e.http_status) + ")";
  if (!e.message.empty()) s += ": " + e.message;
  return s;
}

}  // namespace cwlog::detail

// Error mapping: every AWS error type (plain, namespaced, header form), and
// what proxies and broken servers send (HTML, truncated JSON, empty 5xx, 413,
// a reset connection), decoded without crashing.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <tuple>

#include "http/curl_transport.h"
#include "http/raw_socket_server.h"
#include "logs/logs_client.h"
#include "logs/logs_stand_in.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

http_response response(int status, std::string body, std::vector<http_header> headers = {}) {
  return http_response{status, std::move(headers), std::move(body)};
}

struct type_case {
  std::string type;
  std::string message;
  int status;
  logs_errc kind;
  bool retryable;
};

// gtest would otherwise print the raw bytes of the struct (padding included).
void PrintTo(const type_case& c, std::ostream* os) {
  *os << c.type << "/" << c.status;
}

class error_types : public ::testing::TestWithParam<type_case> {};

TEST_P(error_types, plain_namespaced_and_header_forms_map_to_the_kind) {
  const auto& c = GetParam();
  const std::string message_json = c.message.empty() ? "" : R"(,"message":")" + c.message + R"(")";
  for (const std::string& type : {c.type, "com.amazonaws.logs#" + c.type}) {
    const auto e = decode_error_response(response(
        c.status, R"({"__type":")" + type + R"(")" + message_json + "}", {{"x-amzn-RequestId", "rid-1"}}));
    EXPECT_EQ(e.kind, c.kind) << type << " -> " << to_string(e.kind);
    EXPECT_EQ(e.aws_type, c.type);
    EXPECT_EQ(e.http_status, c.status);
    EXPECT_EQ(e.request_id, "rid-1");
    if (!c.message.empty()) {
      EXPECT_EQ(e.message, c.message);
    }
    EXPECT_EQ(is_retryable(e), c.retryable) << type;
  }
  // Header form, with a body that has no __type (or is not even JSON).
  const auto h = decode_error_response(
      response(c.status, "<html>gateway</html>",
               {{"X-Amzn-ErrorType", c.type + ":http://internal.amazon.com/coral/com.amazonaws.logs/"}}));
  EXPECT_EQ(h.aws_type, c.type);
  if (c.kind != logs_errc::clock_skew) {
    EXPECT_EQ(h.kind, c.kind) << "header form of " << c.type;
  }
}

INSTANTIATE_TEST_SUITE_P(
    logs, error_types,
    ::testing::Values(
        type_case{"ResourceNotFoundException", "The specified log group does not exist.", 400,
                  logs_errc::resource_not_found, false},
        type_case{"ResourceAlreadyExistsException", "", 400, logs_errc::resource_already_exists, false},
        type_case{"InvalidParameterException", "", 400, logs_errc::invalid_parameter, false},
        type_case{"InvalidOperationException", "", 400, logs_errc::invalid_operation, false},
        type_case{"LimitExceededException", "", 400, logs_errc::limit_exceeded, false},
        type_case{"OperationAbortedException", "", 400, logs_errc::operation_aborted, true},
        type_case{"ServiceUnavailableException", "", 500, logs_errc::service_unavailable, true},
        type_case{"DataAlreadyAcceptedException", "", 400, logs_errc::data_already_accepted, false},
        type_case{"InvalidSequenceTokenException", "", 400, logs_errc::invalid_sequence_token, false},
        type_case{"UnrecognizedClientException", "", 400, logs_errc::unrecognized_client, false},
        type_case{"AccessDeniedException", "", 400, logs_errc::access_denied, false},
        type_case{"ThrottlingException", "Rate exceeded", 400, logs_errc::throttling, true},
        type_case{"ExpiredTokenException", "", 400, logs_errc::expired_token, true},
        type_case{"InvalidSignatureException",
                  "Signature expired: 20260101T120000Z is now earlier than 20260101T125500Z", 400,
                  logs_errc::clock_skew, true},
        type_case{"InvalidSignatureException", "Signature not yet current: 20260101T130000Z", 400,
                  logs_errc::clock_skew, true},
        type_case{"RequestTimeTooSkewed", "", 400, logs_errc::clock_skew, true},
        type_case{"InvalidSignatureException", "The request signature we calculated does not match", 400,
                  logs_errc::invalid_signature, false},
        type_case{"IncompleteSignatureException", "", 400, logs_errc::incomplete_signature, false},
        type_case{"MissingAuthenticationTokenException", "", 400, logs_errc::missing_authentication_token,
                  false},
        type_case{"ValidationException", "", 400, logs_errc::validation, false},
        type_case{"MalformedQueryStringException", "", 400, logs_errc::malformed_query_string, false},
        type_case{"ServiceQuotaExceededException", "", 400, logs_errc::service_quota_exceeded, false},
        type_case{"ConflictException", "", 409, logs_errc::conflict, false},
        type_case{"SomethingNewException", "", 400, logs_errc::unknown, false},
        type_case{"SomethingNewException", "", 503, logs_errc::unknown, true}));

TEST(error_decoding, html_truncated_and_empty_bodies_are_malformed) {
  const auto html = decode_error_response(response(502, "<html><body>Bad Gateway</body></html>"));
  EXPECT_EQ(html.kind, logs_errc::malformed_response);
  EXPECT_NE(html.message.find("Bad Gateway"), std::string::npos);
  EXPECT_TRUE(is_retryable(html));

  const auto truncated = decode_error_response(response(400, R"({"__type":"Throttl)"));
  EXPECT_EQ(truncated.kind, logs_errc::malformed_response);
  EXPECT_FALSE(is_retryable(truncated));

  const auto empty = decode_error_response(response(503, ""));
  EXPECT_EQ(empty.kind, logs_errc::malformed_response);
  EXPECT_TRUE(is_retryable(empty));

  const auto json_5xx = decode_error_response(response(500, R"({"message":"oops"})"));
  EXPECT_EQ(json_5xx.kind, logs_errc::service_unavailable);
  EXPECT_EQ(json_5xx.message, "oops");
}

TEST(error_decoding, payload_too_large) {
  const auto e = decode_error_response(response(413, "<html>Request Entity Too Large</html>"));
  EXPECT_EQ(e.kind, logs_errc::payload_too_large);
  EXPECT_FALSE(is_retryable(e));
}

TEST(error_decoding, never_crashes_on_odd_input) {
  for (const std::string& body :
       std::vector<std::string>{"null", "[]", "42", "\"str\"", R"({"__type":42,"message":{}})",
                                std::string("\0\xff\xfe", 3), R"({"__type":"#","message":"x"})",
                                R"({"__type":"a#b#ThrottlingException"})", std::string(100000, '{')}) {
    const auto e = decode_error_response(response(400, body));
    EXPECT_FALSE(std::string(to_string(e.kind)).empty());
  }
  EXPECT_EQ(decode_error_response(response(400, R"({"__type":"a#b#ThrottlingException"})")).kind,
            logs_errc::throttling);
}

TEST(error_decoding, server_date_is_kept_for_clock_correction) {
  const auto e = decode_error_response(
      response(400, R"({"__type":"InvalidSignatureException","message":"Signature expired: x"})",
               {{"Date", "Thu, 01 Jan 2026 13:00:00 GMT"}}));
  ASSERT_TRUE(e.server_time);
  EXPECT_EQ(sigv4::amz_date(*e.server_time), "20260101T130000Z");
  // Without a Date header, the time in the message is used.
  const auto from_message = decode_error_response(response(
      400,
      R"x({"__type":"InvalidSignatureException","message":"Signature expired: 20260101T120000Z is now earlier than 20260101T125500Z (20260101T130000Z - 5 min.)"})x"));
  EXPECT_EQ(from_message.kind, logs_errc::clock_skew);
  ASSERT_TRUE(from_message.server_time);
  EXPECT_EQ(sigv4::amz_date(*from_message.server_time), "20260101T130000Z");
  EXPECT_FALSE(parse_http_date("Thu, 01 Foo 2026 13:00:00 GMT"));
  EXPECT_FALSE(parse_http_date("yesterday"));
}

TEST(error_decoding, normalize_error_type_forms) {
  EXPECT_EQ(normalize_error_type("com.amazonaws.logs#ThrottlingException"), "ThrottlingException");
  EXPECT_EQ(normalize_error_type(
                "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"),
            "ThrottlingException");
  EXPECT_EQ(normalize_error_type("ThrottlingException"), "ThrottlingException");
}

// --- over HTTP ----------------------------------------------------------------

class error_over_http : public ::testing::Test {
 protected:
  logs_client make_client(const std::string& url, int max_attempts = 1) {
    logs_client_config config;
    config.endpoint = url;
    config.region = "us-east-1";
    config.retry.max_attempts = max_attempts;
    config.retry.sleep = [](std::chrono::milliseconds) {};
    return logs_client(
        config, make_curl_transport(),
        std::make_shared<static_credentials_provider>(credentials{"AKIDTEST", "secret", "", std::nullopt}),
        std::make_shared<system_clock_source>());
  }
};

TEST_F(error_over_http, service_error_reaches_the_caller_typed) {
  test::logs_stand_in server("AKIDTEST", "secret");
  server.push(
      {400,
       R"({"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log group does not exist."})",
       {{"x-amzn-RequestId", "abc-123"}}});
  const auto result = make_client(server.url()).create_log_stream({"g", "s"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::resource_not_found);
  EXPECT_EQ(result.error().http_status, 400);
  EXPECT_EQ(result.error().aws_type, "ResourceNotFoundException");
  EXPECT_EQ(result.error().message, "The specified log group does not exist.");
  EXPECT_EQ(result.error().request_id, "abc-123");
}

TEST_F(error_over_http, html_and_413_over_http) {
  test::logs_stand_in server("AKIDTEST", "secret");
  server.push({502, "<html>proxy error</html>", {}});
  server.push({413, "", {}});
  auto client = make_client(server.url());
  const auto html = client.call("PutLogEvents", nlohmann::json::object());
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().kind, logs_errc::malformed_response);
  const auto big = client.call("PutLogEvents", nlohmann::json::object());
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, logs_errc::payload_too_large);
}

TEST_F(error_over_http, truncated_success_body_is_malformed_and_not_retried) {
  test::raw_socket_server server([](int fd) {
    test::raw_socket_server::read_request(fd);
    // A complete HTTP message whose JSON text is cut off: the body ends mid-string.
    test::raw_socket_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\n{\"nextSequence");
  });
  const auto result = make_client(server.url(), 3).call("PutLogEvents", nlohmann::json::object());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::malformed_response);
  EXPECT_EQ(result.error().http_status, 200);
}

TEST_F(error_over_http, reset_connection_is_connection_reset) {
  test::raw_socket_server server([](int fd) {
    test::raw_socket_server::read_request(fd);
    test::raw_socket_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"a\":");
  });
  const auto result = make_client(server.url()).call("PutLogEvents", nlohmann::json::object());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::connection_reset);
  EXPECT_TRUE(is_retryable(result.error()));
}

TEST_F(error_over_http, missing_credentials_is_not_retried) {
  class failing_provider final : public credentials_provider {
   public:
    std::expected<credentials, credentials_error> get() override {
      return std::unexpected(credentials_error{"no provider in the chain had credentials"});
    }
  };
  logs_client_config config;
  config.endpoint = "http://127.0.0.1:9";
  config.region = "us-east-1";
  logs_client client(config, make_curl_transport(), std::make_shared<failing_provider>(),
                     std::make_shared<system_clock_source>());
  const auto result = client.call("PutLogEvents", nlohmann::json::object());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::no_credentials);
  EXPECT_NE(result.error().message.find("no provider"), std::string::npos);
}

}  // namespace
}  // namespace cwlog::detail

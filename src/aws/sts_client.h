#pragma once
// The two STS calls the credential providers need, over the injected
// transport. STS speaks the AWS Query protocol: a form-encoded POST, answered
// in XML (parsed with pugixml):
//   <AssumeRoleResponse><AssumeRoleResult><Credentials>
//     <AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/>
//   errors: <ErrorResponse><Error><Code/><Message/></Error></ErrorResponse>
// AssumeRole is SigV4-signed (service "sts"); AssumeRoleWithWebIdentity is not.
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "common/clock.h"
#include "http/transport.h"

namespace cwlog::detail {

struct sts_error {
  int status = 0;  // HTTP status, 0 when no response
  std::string
      code;  // STS error code ("AccessDenied", "ExpiredTokenException", ...) or "transport"/"malformed"
  std::string message;  // never a secret
};

struct assume_role_request {
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;              // optional
  std::optional<int> duration_seconds;  // optional
};

struct web_identity_request {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // sent, never logged
};

class sts_client {
 public:
  // endpoint: "https://sts.eu-west-1.amazonaws.com" (no trailing slash needed);
  // signing_region: the region in the SigV4 scope ("us-east-1" for the global endpoint).
  sts_client(std::string endpoint, std::string signing_region, std::shared_ptr<http_transport> transport,
             std::shared_ptr<clock_source> clock,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

  std::expected<credentials, sts_error> assume_role(const assume_role_request& request,
                                                    const credentials& source);
  std::expected<credentials, sts_error> assume_role_with_web_identity(const web_identity_request& request);

  const std::string& endpoint() const { return endpoint_; }

 private:
  http_request role_request(std::string_view action, const std::string& role_arn,
                            const std::string& session_name) const;
  std::expected<credentials, sts_error> call(http_request request, const char* result_element);

  std::string endpoint_;
  std::string signing_region_;
  std::shared_ptr<http_transport> transport_;
  std::shared_ptr<clock_source> clock_;
  std::chrono::milliseconds timeout_;
};

// Parses an STS response body (exposed for tests).
std::expected<credentials, sts_error> parse_sts_credentials(int status, const std::string& body,
                                                            const char* result_element);

// "sts: AccessDenied (HTTP 403): <message>"
std::string to_string(const sts_error& e);

}  // namespace cwlog::detail

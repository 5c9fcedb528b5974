#pragma once
// SigV4 verification for cwlog local, with the same canonicalisation code the
// client signs with (aws/sigv4.h), and the errors AWS answers with:
//   no Authorization header        MissingAuthenticationTokenException
//   malformed header / no date     IncompleteSignatureException
//   unknown access key             UnrecognizedClientException
//   X-Amz-Date off by > 5 minutes  InvalidSignatureException "Signature expired: ..."
//   wrong signature                InvalidSignatureException "The request signature we calculated ..."
// Session tokens are accepted for any configured key.
#include <chrono>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "http/transport.h"
#include "local/service.h"

namespace cwlog::detail {

// The parts of a received request the signature covers.
struct received_request {
  std::string method;
  std::string target;  // raw path and query as sent ("/?a=b")
  std::vector<http_header> headers;
  std::string_view body;  // after any Content-Encoding was undone
  bool gzip = false;      // the body arrived gzip-compressed
};

class request_authenticator {
 public:
  request_authenticator(std::vector<std::pair<std::string, std::string>> keys, const clock_source& clock,
                        std::chrono::seconds max_skew);

  // The access key id of a correctly signed request.
  std::expected<std::string, service_error> verify(const received_request& request) const;

 private:
  std::map<std::string, std::string, std::less<>> secrets_;  // id -> secret
  const clock_source& clock_;
  std::chrono::seconds max_skew_;
};

// The access key id named by an Authorization header, or "" (for the audit log
// of requests that fail before or without verification).
std::string access_key_of(std::string_view authorization);

}  // namespace cwlog::detail

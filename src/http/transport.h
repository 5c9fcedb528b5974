#pragma once
// The one way cwlog talks HTTP. Everything above (SigV4, the Logs client,
// credential providers) depends on this interface, never on libcurl.
#include <chrono>
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cwlog::detail {

struct http_header {
  std::string name;
  std::string value;
};

// Header names compare case-insensitively (RFC 9110, 5.1), ASCII letters only.
bool header_name_equals(std::string_view a, std::string_view b) noexcept;
// The value of the first header with that name; empty when there is none.
std::string_view find_header(const std::vector<http_header>& headers, std::string_view name) noexcept;
bool has_header(const std::vector<http_header>& headers, std::string_view name) noexcept;

struct http_request {
  std::string method = "POST";
  std::string url;  // scheme://host[:port]/path[?query]
  std::vector<http_header> headers;
  std::string body;
  // What follows `body` on the wire: memory the caller keeps alive until
  // send() returns (a batch's events where they lie), hashed for SigV4 and
  // handed to the socket piece by piece, never joined into one string first:
  // for PutLogEvents that join was a copy of the whole request, and its
  // allocation, per batch.
  std::vector<std::string_view> body_pieces;
  // Compress body and send Content-Encoding: gzip. sigv4::sign() compresses
  // the body itself and clears this flag, since the signature must cover the
  // bytes actually sent.
  bool gzip_body = false;
  std::chrono::milliseconds timeout{0};  // 0: the transport's default total timeout
};

// The bytes the request sends: body then body_pieces.
std::size_t body_size(const http_request& request) noexcept;
// Them as one string, for a transport or a step (gzip) that needs them so.
std::string whole_body(const http_request& request);

struct http_response {
  int status = 0;
  std::vector<http_header> headers;  // names as received
  std::string body;
  // The transport sent the request more than once (libcurl's automatic retry
  // on a dead reused connection), so the server may have processed it twice
  // even though only one response arrived.
  bool resent = false;

  // Case-insensitive lookup; empty when absent.
  std::string_view header(std::string_view name) const;
};

enum class transport_errc {
  resolve,           // DNS failure
  connect,           // refused / unreachable
  timeout,           // connect or total timeout
  connection_reset,  // reset or closed before a complete response
  tls,               // certificate / handshake failure
  bad_request,       // the request could not be sent as given (bad URL, ...)
  other
};

struct transport_error {
  transport_errc code = transport_errc::other;
  std::string message;
};

using http_result = std::expected<http_response, transport_error>;

class http_transport {
 public:
  virtual ~http_transport() = default;
  // Thread-safe: several requests may be in flight from different threads.
  virtual http_result send(const http_request& request) = 0;
};

}  // namespace cwlog::detail

#pragma once
// The libcurl implementation of http_transport. Nothing outside src/http sees
// libcurl: callers get a std::shared_ptr<http_transport>.
//
// Behaviour that is on purpose:
// - TLS peer and host verification are always on for https; AWS_CA_BUNDLE
//   (read when the transport is made) or options.ca_bundle selects the CA file.
// - Proxies: libcurl itself reads http_proxy, https_proxy/HTTPS_PROXY,
//   all_proxy/ALL_PROXY and no_proxy/NO_PROXY on every request; we never set
//   CURLOPT_PROXY except for one gap: libcurl ignores upper-case HTTP_PROXY
//   (a CGI safety rule), so when http_proxy is unset and HTTP_PROXY is set
//   (read when the transport is made) it is used for http:// URLs, and
//   NO_PROXY still applies.
// - Redirects are never followed; a 3xx is returned as a response.
// - "Expect: 100-continue" is never sent.
// - Easy handles are pooled and share one connection cache, DNS cache and TLS
//   session cache (keep-alive across threads).
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "http/transport.h"

namespace cwlog::detail {

struct curl_transport_options {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds total_timeout{30000};  // per request unless http_request::timeout is set
  std::size_t max_idle_handles = 8;                // easy handles kept for reuse
  std::string ca_bundle;                           // empty: AWS_CA_BUNDLE, else the system store
  std::string user_agent = "cwlog";
};

// Throws cwlog::error when libcurl cannot be initialised.
std::shared_ptr<http_transport> make_curl_transport(curl_transport_options options = {});

}  // namespace cwlog::detail

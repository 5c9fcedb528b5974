#pragma once
// The request the transport tests send: a PutLogEvents-shaped POST.
#include <string>

#include "http/transport.h"

namespace cwlog::test {

inline detail::http_request post(std::string url, std::string body) {
  detail::http_request r;
  r.method = "POST";
  r.url = std::move(url);
  r.body = std::move(body);
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "Logs_20140328.PutLogEvents"}};
  return r;
}

}  // namespace cwlog::test

#pragma once
// An http_transport for the credential-source targets: it answers each request
// with the next of a fixed list of bodies (status 200), and fails like an
// unreachable host once the list is used up. The requests are kept so a target
// can check what the code under test sent.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/transport.h"

namespace cwlog::fuzz {

class canned_transport final : public detail::http_transport {
 public:
  explicit canned_transport(std::vector<std::string_view> bodies) : bodies_(std::move(bodies)) {}

  detail::http_result send(const detail::http_request& request) override {
    sent_.push_back(request);
    if (next_ == bodies_.size())
      return std::unexpected(detail::transport_error{detail::transport_errc::connect, "no more answers"});
    detail::http_response res;
    res.status = 200;
    res.body = std::string(bodies_[next_++]);
    return res;
  }
  const std::vector<detail::http_request>& sent() const { return sent_; }

 private:
  std::vector<std::string_view> bodies_;
  std::size_t next_ = 0;
  std::vector<detail::http_request> sent_;
};

}  // namespace cwlog::fuzz

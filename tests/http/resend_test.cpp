// libcurl's silent resend on a dead keep-alive connection, made visible: when
// a reused connection closes after reading the request but before any
// response byte, curl sends the request again on a fresh connection and the
// caller only sees the second answer. The transport must flag that response
// as `resent`, because the server may have processed the request twice.
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "http/curl_transport.h"
#include "http/raw_socket_server.h"
#include "http/scoped_env.h"
#include "http/test_request.h"

namespace cwlog::detail {
namespace {

using test::no_proxy_env;
using test::raw_socket_server;

using test::post;

std::string body_of(const std::string& request) {
  const auto end = request.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : request.substr(end + 4);
}

// The first connection answers its first request with keep-alive, then reads
// the second request completely and closes without a response byte (as a
// server that committed the request and then lost the connection would).
// Every later connection answers each request with 200.
class dying_keep_alive_server {
 public:
  dying_keep_alive_server()
      : server_([this](int fd) {
          const int connection = connections_++;
          for (int on_this_connection = 0;; ++on_this_connection) {
            const auto request = raw_socket_server::read_request(fd);
            if (request.empty()) return;  // the client closed the connection
            record(body_of(request));
            if (connection == 0 && on_this_connection == 1) return;  // close, no response
            const std::string reply = "reply-" + std::to_string(connection);
            raw_socket_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: " +
                                                 std::to_string(reply.size()) + "\r\n\r\n" + reply);
          }
        }) {}

  std::string url() const { return server_.url() + "/"; }

  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  void record(std::string body) {
    std::lock_guard lock(mutex_);
    bodies_.push_back(std::move(body));
  }

  int connections_ = 0;  // only touched on the server thread
  std::mutex mutex_;
  std::vector<std::string> bodies_;
  raw_socket_server server_;  // last: its thread uses the members above and stops first
};

class resend_test : public ::testing::Test {
 protected:
  no_proxy_env env_;
};

TEST_F(resend_test, a_request_answered_once_is_not_resent) {
  dying_keep_alive_server server;
  const auto result = make_curl_transport()->send(post(server.url(), "a"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "reply-0");
  EXPECT_FALSE(result->resent);
  EXPECT_EQ(server.bodies(), std::vector<std::string>{"a"});
}

TEST_F(resend_test, dead_reused_connection_is_resent_and_flagged) {
  dying_keep_alive_server server;
  auto transport = make_curl_transport();
  const auto first = transport->send(post(server.url(), "a"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->resent);

  const auto second = transport->send(post(server.url(), "b"));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "reply-1");  // answered on the fresh connection
  EXPECT_TRUE(second->resent);
  // The server read "b" twice: once on the dead connection, once on the new one.
  EXPECT_EQ(server.bodies(), (std::vector<std::string>{"a", "b", "b"}));

  // The flag belongs to one transfer: the next send on the fresh connection is clean.
  const auto third = transport->send(post(server.url(), "c"));
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_FALSE(third->resent);
}

// A body sent from its pieces is rewound for the resend (without a seek
// callback libcurl cannot send it again and fails the request).
TEST_F(resend_test, a_body_from_pieces_is_resent_whole) {
  dying_keep_alive_server server;
  auto transport = make_curl_transport();
  ASSERT_TRUE(transport->send(post(server.url(), "a")));
  const std::string big(200000, 'p');  // several refills of libcurl's upload buffer
  auto second = post(server.url(), "b:");
  second.body_pieces = {big, ",", "end"};
  const auto result = transport->send(second);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "reply-1");
  EXPECT_TRUE(result->resent);
  const std::string whole = "b:" + big + ",end";
  EXPECT_EQ(server.bodies(), (std::vector<std::string>{"a", whole, whole}));
}

TEST_F(resend_test, verbose_mode_prints_nothing) {
  // The debug callback replaces libcurl's verbose output; request headers
  // (with signatures and tokens) must never reach stderr.
  dying_keep_alive_server server;
  auto transport = make_curl_transport();
  ::testing::internal::CaptureStderr();
  const auto first = transport->send(post(server.url(), "a"));
  const auto second = transport->send(post(server.url(), "b"));
  const std::string printed = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(second->resent);
  EXPECT_EQ(printed, "");
}

}  // namespace
}  // namespace cwlog::detail

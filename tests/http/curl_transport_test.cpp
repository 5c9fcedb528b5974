// The libcurl transport against real servers on loopback: round trips,
// keep-alive, every error class, gzip and threads (TLS and proxies are in
// tls_proxy_test.cpp).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "http/curl_transport.h"
#include "http/gzip.h"
#include "http/raw_socket_server.h"
#include "http/scoped_env.h"
#include "http/test_request.h"
#include "support/gate.h"
#include "support/loopback_server.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;
using test::loopback_server;
using test::no_proxy_env;
using test::raw_socket_server;

int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);  // nothing listens there now: connecting is refused
  return ntohs(addr.sin_port);
}

using test::post;

class curl_transport_test : public ::testing::Test {
 protected:
  no_proxy_env env_;
};

TEST_F(curl_transport_test, round_trip_with_headers_and_body) {
  loopback_server server;
  std::string seen_target, seen_type, seen_body, seen_expect, seen_method;
  server.http().Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
    seen_method = req.method;
    seen_target = req.get_header_value("X-Amz-Target");
    seen_type = req.get_header_value("Content-Type");
    seen_expect = req.get_header_value("Expect");
    seen_body = req.body;
    res.status = 201;
    res.set_header("X-Amzn-RequestId", "req-1");
    res.set_content("{\"ok\":true}", "application/x-amz-json-1.1");
  });
  server.start();
  auto transport = make_curl_transport();
  const std::string body(4096, 'x');  // big enough that libcurl would otherwise send Expect
  const auto result = transport->send(post(server.url() + "/echo", body));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, "{\"ok\":true}");
  EXPECT_EQ(result->header("x-amzn-requestid"), "req-1");
  EXPECT_EQ(result->header("CONTENT-TYPE"), "application/x-amz-json-1.1");
  EXPECT_EQ(result->header("X-Not-There"), "");
  EXPECT_EQ(seen_method, "POST");
  EXPECT_EQ(seen_target, "Logs_20140328.PutLogEvents");
  EXPECT_EQ(seen_type, "application/x-amz-json-1.1");
  EXPECT_EQ(seen_expect, "");
  EXPECT_EQ(seen_body, body);
}

TEST_F(curl_transport_test, get_without_body_and_no_invented_content_type) {
  loopback_server server;
  std::string seen_type = "unset";
  server.http().Get("/x", [&](const httplib::Request& req, httplib::Response& res) {
    seen_type = req.get_header_value("Content-Type");
    res.set_content("got", "text/plain");
  });
  server.start();
  http_request r;
  r.method = "GET";
  r.url = server.url() + "/x";
  const auto result = make_curl_transport()->send(r);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "got");
  EXPECT_EQ(seen_type, "");
}

TEST_F(curl_transport_test, keep_alive_reuses_the_connection) {
  loopback_server server;
  std::mutex mutex;
  std::vector<int> ports;
  server.http().Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    ports.push_back(req.remote_port);
    res.set_content("{}", "application/json");
  });
  server.start();
  auto transport = make_curl_transport();
  ASSERT_TRUE(transport->send(post(server.url() + "/", "a")));
  ASSERT_TRUE(transport->send(post(server.url() + "/", "b")));
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0], ports[1]);
}

TEST_F(curl_transport_test, redirects_are_not_followed) {
  loopback_server server;
  server.http().Post("/", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", "http://example.invalid/elsewhere");
  });
  server.start();
  const auto result = make_curl_transport()->send(post(server.url() + "/", "{}"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 302);
}

TEST_F(curl_transport_test, connection_refused_is_connect) {
  const auto result =
      make_curl_transport()->send(post("http://127.0.0.1:" + std::to_string(unused_port()) + "/", ""));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::connect) << result.error().message;
}

// The server answers only once the client has given up: the timeout is the
// only way the call can end, however slow the machine.
TEST_F(curl_transport_test, slow_server_is_timeout) {
  test::gate held;
  loopback_server server;
  server.http().Post("/", [&](const httplib::Request&, httplib::Response& res) {
    held.wait();
    res.set_content("late", "text/plain");
  });
  server.start();
  curl_transport_options options;
  options.total_timeout = 200ms;
  const auto result = make_curl_transport(options)->send(post(server.url() + "/", "{}"));
  held.open();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::timeout) << result.error().message;
}

TEST_F(curl_transport_test, per_request_timeout_overrides_the_default) {
  test::gate held;
  loopback_server server;
  server.http().Post("/", [&](const httplib::Request&, httplib::Response& res) {
    held.wait();
    res.set_content("late", "text/plain");
  });
  server.start();
  auto r = post(server.url() + "/", "{}");
  r.timeout = 200ms;
  const auto result = make_curl_transport()->send(r);
  held.open();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::timeout);
}

TEST_F(curl_transport_test, close_mid_response_is_connection_reset) {
  raw_socket_server server([](int fd) {
    raw_socket_server::read_request(fd);
    raw_socket_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":");
  });
  const auto result = make_curl_transport()->send(post(server.url() + "/", "{}"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::connection_reset) << result.error().message;
}

TEST_F(curl_transport_test, close_without_response_is_connection_reset) {
  raw_socket_server server([](int fd) { raw_socket_server::read_request(fd); });
  const auto result = make_curl_transport()->send(post(server.url() + "/", "{}"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::connection_reset) << result.error().message;
}

TEST_F(curl_transport_test, unsupported_scheme_is_bad_request) {
  const auto result = make_curl_transport()->send(post("ftp://127.0.0.1/", ""));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::bad_request);
}

TEST_F(curl_transport_test, header_injection_is_refused) {
  loopback_server server;
  int hits = 0;
  server.http().Post("/", [&](const httplib::Request&, httplib::Response&) { ++hits; });
  server.start();
  auto r = post(server.url() + "/", "{}");
  r.headers.push_back({"X-Amz-Security-Token", "abc\r\nX-Evil: 1"});
  const auto result = make_curl_transport()->send(r);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::bad_request);
  EXPECT_EQ(hits, 0);
  EXPECT_EQ(result.error().message.find("abc"), std::string::npos);  // the value (a secret?) is not echoed
}

TEST_F(curl_transport_test, gzip_body_arrives_compressed_and_intact) {
  raw_socket_server server([](int fd) {
    const auto request = raw_socket_server::read_request(fd);
    const auto head_end = request.find("\r\n\r\n");
    const auto head = request.substr(0, head_end);
    const auto body = gzip_decompress(request.substr(head_end + 4));
    std::string reply = head.find("Content-Encoding: gzip") != std::string::npos && body ? *body : "NOT GZIP";
    raw_socket_server::write_all(
        fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(reply.size()) + "\r\n\r\n" + reply);
  });
  std::string original;
  for (int i = 0; i < 2000; ++i)
    original += "{\"timestamp\":" + std::to_string(i) + ",\"message\":\"hello\"},";
  auto r = post(server.url() + "/", original);
  r.gzip_body = true;
  const auto result = make_curl_transport()->send(r);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, original);
}

// A body sent from its pieces (the shipper's batches, left where they lie):
// larger than libcurl's upload buffer, with pieces that straddle its refills,
// an empty one and a one-byte one; and a small one. The server reads the
// whole, in order.
TEST_F(curl_transport_test, body_pieces_arrive_after_the_body_in_order) {
  loopback_server server;
  std::string seen_body, seen_length;
  server.http().Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
    seen_body = req.body;
    seen_length = req.get_header_value("Content-Length");
    res.set_content("ok", "text/plain");
  });
  server.start();
  auto transport = make_curl_transport();
  for (const std::size_t scale : {1000u, 10u}) {
    const std::string a(100 * scale, 'a'), b(70 * scale, 'b'), c = "c";
    auto r = test::post(server.url() + "/echo", "head:");
    r.body_pieces = {a, "", c, b, ","};
    const std::string whole = "head:" + a + c + b + ",";
    EXPECT_EQ(body_size(r), whole.size());
    EXPECT_EQ(whole_body(r), whole);
    const auto result = transport->send(r);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->body, "ok");
    EXPECT_EQ(seen_length, std::to_string(whole.size()));
    EXPECT_EQ(seen_body, whole) << scale;
  }
}

TEST_F(curl_transport_test, gzip_body_with_pieces_is_compressed_whole) {
  raw_socket_server server([](int fd) {
    const auto request = raw_socket_server::read_request(fd);
    const auto body = gzip_decompress(request.substr(request.find("\r\n\r\n") + 4));
    const std::string reply = body ? *body : "NOT GZIP";
    raw_socket_server::write_all(
        fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(reply.size()) + "\r\n\r\n" + reply);
  });
  const std::string events(50000, 'e');
  auto r = test::post(server.url() + "/", "{\"logEvents\":[");
  r.body_pieces = {events, "]}"};
  r.gzip_body = true;
  const auto result = make_curl_transport()->send(r);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "{\"logEvents\":[" + events + "]}");
}

TEST(gzip, round_trip_and_corruption) {
  const std::string text(100000, 'a');
  const auto packed = gzip_compress(text);
  EXPECT_LT(packed.size(), text.size() / 10);
  EXPECT_EQ(packed.substr(0, 2), "\x1f\x8b");  // gzip magic, not a zlib header
  EXPECT_EQ(gzip_decompress(packed).value(), text);
  EXPECT_EQ(gzip_decompress(gzip_compress("")).value(), "");
  EXPECT_FALSE(gzip_decompress(packed.substr(0, packed.size() / 2)));
  EXPECT_FALSE(gzip_decompress("not gzip at all"));
  EXPECT_FALSE(gzip_decompress(packed, 1000));  // bomb guard
}

TEST_F(curl_transport_test, concurrent_sends_from_four_threads) {
  loopback_server server;
  server.http().Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.body, "text/plain");
  });
  server.start();
  auto transport = make_curl_transport();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string body = "t" + std::to_string(t) + "-" + std::to_string(i);
        const auto result = transport->send(post(server.url() + "/", body));
        if (result && result->status == 200 && result->body == body) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 100);
}

}  // namespace
}  // namespace cwlog::detail

// The libcurl transport and TLS (verification always on, AWS_CA_BUNDLE) and
// proxy variables (http_proxy, HTTP_PROXY, no_proxy), against loopback servers.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "http/curl_transport.h"
#include "http/raw_socket_server.h"
#include "http/scoped_env.h"
#include "http/test_request.h"
#include "support/loopback_server.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace cwlog::detail {
namespace {

using test::loopback_server;
using test::no_proxy_env;
using test::raw_socket_server;
using test::scoped_env;

using test::post;

class proxy_test : public ::testing::Test {
 protected:
  no_proxy_env env_;
};

// --- TLS -------------------------------------------------------------------

class tls_test : public proxy_test {
 protected:
  void SetUp() override {
    cert_ = dir_.path() / "cert.pem";
    key_ = dir_.path() / "key.pem";
    const auto openssl = test::run_process({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                                            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                            "-keyout", key_.string(), "-out", cert_.string()});
    ASSERT_EQ(openssl.exit_code, 0) << "openssl could not make a self-signed certificate: " << openssl.err;
    server_ = std::make_unique<httplib::SSLServer>(cert_.c_str(), key_.c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Post("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("secure", "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/"; }

  test::temp_dir dir_;
  std::filesystem::path cert_, key_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(tls_test, self_signed_certificate_fails_verification_by_default) {
  scoped_env ca("AWS_CA_BUNDLE", std::nullopt);
  const auto result = make_curl_transport()->send(post(url(), "{}"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, transport_errc::tls) << result.error().message;
}

TEST_F(tls_test, aws_ca_bundle_trusts_the_certificate) {
  scoped_env ca("AWS_CA_BUNDLE", cert_.string());
  const auto result = make_curl_transport()->send(post(url(), "{}"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "secure");
}

TEST_F(tls_test, ca_bundle_option_trusts_the_certificate) {
  scoped_env ca("AWS_CA_BUNDLE", std::nullopt);
  curl_transport_options options;
  options.ca_bundle = cert_.string();
  const auto result = make_curl_transport(options)->send(post(url(), "{}"));
  ASSERT_TRUE(result) << result.error().message;
}

// --- proxies ----------------------------------------------------------------

// The stand-in proxy records the request line and answers itself.
struct proxy_stand_in {
  std::mutex mutex;
  std::string request_line;
  raw_socket_server server{[this](int fd) {
    const auto request = raw_socket_server::read_request(fd);
    {
      std::lock_guard lock(mutex);
      request_line = request.substr(0, request.find("\r\n"));
    }
    raw_socket_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nproxied");
  }};
  std::string line() {
    std::lock_guard lock(mutex);
    return request_line;
  }
};

TEST_F(proxy_test, http_proxy_variable_receives_absolute_form_request) {
  proxy_stand_in proxy;
  scoped_env p("http_proxy", proxy.server.url());
  scoped_env n1("no_proxy", std::nullopt), n2("NO_PROXY", std::nullopt);
  const auto result = make_curl_transport()->send(post("http://example.invalid/path?q=1", "{}"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "proxied");
  EXPECT_EQ(proxy.line(), "POST http://example.invalid/path?q=1 HTTP/1.1");
}

TEST_F(proxy_test, upper_case_http_proxy_is_honoured_too) {
  proxy_stand_in proxy;
  scoped_env p("HTTP_PROXY", proxy.server.url());
  scoped_env n1("no_proxy", std::nullopt), n2("NO_PROXY", std::nullopt);
  const auto result = make_curl_transport()->send(post("http://example.invalid/", "{}"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(proxy.line(), "POST http://example.invalid/ HTTP/1.1");
}

TEST_F(proxy_test, no_proxy_bypasses_the_proxy) {
  proxy_stand_in proxy;
  loopback_server direct;
  direct.http().Post(
      "/", [](const httplib::Request&, httplib::Response& res) { res.set_content("direct", "text/plain"); });
  direct.start();
  scoped_env p("http_proxy", proxy.server.url());
  scoped_env n("no_proxy", "127.0.0.1");
  const auto result = make_curl_transport()->send(post(direct.url() + "/", "{}"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->body, "direct");
  EXPECT_EQ(proxy.line(), "");
}

}  // namespace
}  // namespace cwlog::detail

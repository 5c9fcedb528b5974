#pragma once
// A cpp-httplib server on 127.0.0.1 with an ephemeral port, running on its own
// thread for the lifetime of the object. The test stand-ins (STS, IMDS, the
// container endpoint, misbehaving servers) are built on it — the same library
// cwlog local uses.
#include <httplib.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace cwlog::test {

class loopback_server {
 public:
  loopback_server() = default;
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;
  ~loopback_server() { stop(); }

  httplib::Server& http() { return server_; }

  // Binds 127.0.0.1:0 and starts serving; returns the port.
  int start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("loopback_server: cannot bind 127.0.0.1");
    // bind_to_any_port() already listens: connections queue until the thread serves them.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // httplib's stop() is a no-op until the listen loop has set is_running(),
    // so a test that stops right after start() would hang in join(): wait for it.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return port_;
  }

  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace cwlog::test

#pragma once
// A cpp-httplib server fed from memory, for the targets that fuzz what
// `cwlog local` does with the bytes of a connection (local_request: the API;
// console_request: the web console): everything after the TCP read, with no
// socket and no thread.
#include <httplib.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace cwlog::fuzz {

// One connection's bytes in; the response bytes out are dropped (a target looks at
// responses in a post-routing handler).
class memory_stream final : public httplib::Stream {
 public:
  explicit memory_stream(std::string_view in) : in_(in) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size());
    std::copy_n(in_.data(), n, ptr);
    in_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 4566;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view in_;
};

// httplib::Server keeps its per-connection entry point protected; this is
// the one way in that needs no socket.
class memory_server final : public httplib::Server {
 public:
  void serve(std::string_view bytes) {
    memory_stream stream(bytes);
    bool closed = false;
    // Keep-alive: a client may send several requests on one connection.
    for (int i = 0; i < 8 && !closed; ++i)
      if (!process_request(stream, false, closed, [](httplib::Request&) {})) break;
  }
};

}  // namespace cwlog::fuzz

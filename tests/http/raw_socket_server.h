#pragma once
// A bare TCP server on 127.0.0.1 for what cpp-httplib cannot fake: a
// connection closed mid-response, or seeing a proxy request line exactly as
// sent. Each accepted connection is handed to `handler` on the server thread
// (one at a time); the destructor stops and joins.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace cwlog::test {

class raw_socket_server {
 public:
  using handler = std::function<void(int fd)>;

  explicit raw_socket_server(handler on_connection) : handler_(std::move(on_connection)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listen_fd_ < 0) throw std::runtime_error("raw_socket_server: socket failed");
    int yes = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
      ::close(listen_fd_);
      throw std::runtime_error("raw_socket_server: bind/listen failed");
    }
    socklen_t length = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }

  raw_socket_server(const raw_socket_server&) = delete;
  raw_socket_server& operator=(const raw_socket_server&) = delete;

  ~raw_socket_server() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Reads until the end of the request head ("\r\n\r\n") plus Content-Length
  // bytes of body, or until the peer stops sending.
  static std::string read_request(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t want = std::string::npos;
    while (data.size() < want) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 2000) <= 0) break;
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      data.append(buffer, static_cast<std::size_t>(n));
      const auto head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos && want == std::string::npos) {
        std::size_t body = 0;
        const auto cl = data.find("Content-Length: ");
        if (cl != std::string::npos && cl < head_end) body = std::stoul(data.substr(cl + 16));
        want = head_end + 4 + body;
      }
    }
    return data;
  }

  static void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const auto n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

 private:
  void run() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      handler_(fd);
      ::close(fd);
    }
  }

  handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace cwlog::test

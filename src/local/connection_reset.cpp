#include "local/connection_reset.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace cwlog::detail {
namespace {

int port_of(const sockaddr_storage& addr) {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
  return -1;
}

bool is_request_socket(int fd, int local_port, int remote_port) {
  sockaddr_storage local{}, peer{};
  socklen_t len = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) return false;
  len = sizeof peer;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) return false;
  return port_of(local) == local_port && port_of(peer) == remote_port;
}

}  // namespace

bool reset_connection(const httplib::Request& request) {
  // Only the descriptors that exist are probed (the fault path is rare).
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return false;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    const int fd = std::atoi(entry->d_name);
    if (fd == dirfd(dir)) continue;
    if (is_request_socket(fd, request.local_port, request.remote_port)) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  if (found < 0) return false;
  linger abort_on_close{1, 0};
  setsockopt(found, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  shutdown(found, SHUT_RDWR);
  return true;
}

}  // namespace cwlog::detail

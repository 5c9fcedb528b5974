// Reading a segment file back (segment_reader.h).
#include "spool/segment_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cwlog::detail {

void read_segment(const std::filesystem::path& path, segment_contents& out) {
  out.bytes.clear();
  out.scan = {};
  out.error.clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.error = "cannot open " + path.string() + ": " + std::strerror(errno);
    return;
  }
  char chunk[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.error = "cannot read " + path.string() + ": " + std::strerror(errno);
      out.bytes.clear();
      ::close(fd);
      return;
    }
    if (n == 0) break;
    out.bytes.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  out.scan = scan_segment(out.bytes);
}

}  // namespace cwlog::detail

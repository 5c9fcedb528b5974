#include "http/gzip.h"

#include <zlib.h>

#include <limits>
#include <new>

namespace cwlog::detail {
namespace {

// windowBits 15 + 16 selects the gzip wrapper (RFC 1952) instead of zlib's.
constexpr int gzip_window_bits = 15 + 16;
constexpr std::size_t chunk = 64 * 1024;

}  // namespace

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::bad_alloc();
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  // zlib's counters are 32-bit on some platforms; feed the input in pieces.
  std::size_t consumed = 0;
  int rc = Z_OK;
  do {
    const std::size_t piece = std::min<std::size_t>(data.size() - consumed, std::numeric_limits<uInt>::max());
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + consumed));
    stream.avail_in = static_cast<uInt>(piece);
    consumed += piece;
    const int flush = consumed == data.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      if (stream.total_out >= out.size()) out.resize(out.size() + chunk);
      stream.next_out = reinterpret_cast<Bytef*>(out.data() + stream.total_out);
      stream.avail_out = static_cast<uInt>(
          std::min<std::size_t>(out.size() - stream.total_out, std::numeric_limits<uInt>::max()));
      rc = deflate(&stream, flush);
    } while (rc == Z_OK && (stream.avail_in > 0 || flush == Z_FINISH));
  } while (consumed < data.size());
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::expected<std::string, std::string> gzip_decompress(std::string_view data, std::size_t max_output) {
  z_stream stream{};
  // +32 would also accept zlib; a gzip body must be gzip.
  if (inflateInit2(&stream, gzip_window_bits) != Z_OK) return std::unexpected("gzip: inflateInit2 failed");
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), std::numeric_limits<uInt>::max()));
  int rc = Z_OK;
  char buffer[chunk];
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > max_output) {
      inflateEnd(&stream);
      return std::unexpected("gzip: decompressed body exceeds " + std::to_string(max_output) + " bytes");
    }
    if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      rc = Z_BUF_ERROR;  // input ended before the gzip trailer
    }
  }
  const bool trailing = rc == Z_STREAM_END && stream.avail_in != 0;
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::unexpected("gzip: corrupt or truncated data");
  if (trailing) return std::unexpected("gzip: unexpected bytes after the gzip stream");
  return out;
}

}  // namespace cwlog::detail

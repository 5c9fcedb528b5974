// Segment frames: writing them, and finding every intact one in a file that a
// crash, a full disk or a bad sector may have damaged (segment_format.h).
#include "spool/segment_format.h"

#include <zlib.h>

#include <cstring>

namespace cwlog::detail {
namespace {

std::uint32_t crc_of(std::string_view bytes) noexcept {
  // zlib's crc32 takes a uInt length; frames are below 4 GiB (max_frame_payload).
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void put_u32(std::string& out, std::uint32_t v) {
  const char b[4] = {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF),
                     static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 24) & 0xFF)};
  out.append(b, 4);
}

std::uint32_t get_u32(const char* p) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<std::uint32_t>(u[0]) | static_cast<std::uint32_t>(u[1]) << 8 |
         static_cast<std::uint32_t>(u[2]) << 16 | static_cast<std::uint32_t>(u[3]) << 24;
}

std::string header_bytes() {
  std::string h(segment_magic);
  put_u32(h, segment_version);
  put_u32(h, crc_of(h));
  return h;
}

// What the bytes at `pos` are.
enum class frame_kind {
  none,          // not a frame (no marker, or its length does not check)
  good,          // an intact frame
  bad_payload,   // the header checks, the payload's checksum does not
  past_the_end,  // the header checks, the payload runs past the end of the bytes
};

struct frame_probe {
  frame_kind kind = frame_kind::none;
  std::string_view payload;  // good only
  std::size_t size = 0;      // the whole frame; good and bad_payload only
};

frame_probe probe_frame(std::string_view bytes, std::size_t pos) noexcept {
  frame_probe p;
  if (bytes.size() - pos < frame_header_bytes) return p;
  const char* h = bytes.data() + pos;
  if (get_u32(h) != frame_marker) return p;
  const std::uint32_t length = get_u32(h + 4);
  if (crc_of({h + 4, 4}) != get_u32(h + 8) || length > max_frame_payload) return p;
  if (bytes.size() - pos - frame_header_bytes < length) {
    p.kind = frame_kind::past_the_end;
    return p;
  }
  const std::string_view payload{h + frame_header_bytes, length};
  p.size = frame_header_bytes + length;
  p.kind = crc_of(payload) == get_u32(h + 12) ? frame_kind::good : frame_kind::bad_payload;
  if (p.kind == frame_kind::good) p.payload = payload;
  return p;
}

// The first position after `from` where a frame whose header checks starts
// (good or bad_payload); bytes.size() when there is none. Candidates are the
// marker's first byte, found with memchr.
std::size_t next_frame(std::string_view bytes, std::size_t from) noexcept {
  const char first = static_cast<char>(frame_marker & 0xFF);
  for (std::size_t pos = from; pos < bytes.size();) {
    const void* hit = std::memchr(bytes.data() + pos, first, bytes.size() - pos);
    if (hit == nullptr) break;
    pos = static_cast<std::size_t>(static_cast<const char*>(hit) - bytes.data());
    const auto k = probe_frame(bytes, pos).kind;
    if (k == frame_kind::good || k == frame_kind::bad_payload) return pos;
    ++pos;
  }
  return bytes.size();
}

}  // namespace

void append_segment_header(std::string& out) {
  out += header_bytes();
}

void append_frame(std::string& out, std::string_view payload) {
  const auto length = static_cast<std::uint32_t>(payload.size());
  std::string len;
  put_u32(len, length);
  put_u32(out, frame_marker);
  out += len;
  put_u32(out, crc_of(len));
  put_u32(out, crc_of(payload));
  out += payload;
}

segment_scan scan_segment(std::string_view bytes) {
  segment_scan s;
  if (bytes.size() < segment_header_bytes) {
    // A crash right after the file was created: nothing was ever complete.
    s.torn_tail = !bytes.empty();
    s.skipped_bytes = bytes.size();
    return s;
  }
  if (bytes.substr(0, segment_header_bytes) != header_bytes()) {
    s.foreign = true;
    return s;
  }
  std::size_t pos = segment_header_bytes;
  while (pos < bytes.size()) {
    const auto p = probe_frame(bytes, pos);
    if (p.kind == frame_kind::good) {
      s.records.push_back(p.payload);
      pos += p.size;
      continue;
    }
    if (p.kind == frame_kind::bad_payload) {
      ++s.crc_mismatches;
      s.skipped_bytes += p.size;
      pos += p.size;
      continue;
    }
    // Not a frame here (or one cut short): skip to the next one, if any.
    const std::size_t next = next_frame(bytes, pos + 1);
    s.skipped_bytes += next - pos;
    if (next == bytes.size()) {
      s.torn_tail = true;
    } else {
      ++s.corrupt_regions;
    }
    pos = next;
  }
  return s;
}

}  // namespace cwlog::detail

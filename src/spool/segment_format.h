#pragma once
// The on-disk format of a spool segment, and the one parser of it.
//
//   segment := header frame*
//   header  := "CWSPOOL\0"  u32 version  u32 crc32(magic, version)       16 bytes
//   frame   := u32 marker   u32 length   u32 crc32(length)  u32 crc32(payload)  payload
//
// Integers are little-endian. A frame carries one record as the engine
// encoded it (src/ship/record_codec.h); the spool never looks inside. The
// length has its own checksum so that a reader trusts it before reading the
// payload: a frame whose header checks but whose payload does not is skipped
// by its length (a crc mismatch), and bytes that are no frame at all are
// skipped up to the next marker that starts a frame whose header checks (a
// corrupt region) — each byte is looked at a bounded number of times, so a
// damaged file costs linear time. Damage that runs to the end of the file is
// a torn tail: what a crash in the middle of a write leaves.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cwlog::detail {

inline constexpr std::string_view segment_magic{"CWSPOOL\0", 8};
inline constexpr std::uint32_t segment_version = 1;
inline constexpr std::size_t segment_header_bytes = 16;
inline constexpr std::uint32_t frame_marker = 0xC5A7D00Du;
inline constexpr std::size_t frame_header_bytes = 16;
// A frame's payload may not be larger: a length above it is damage. The
// spool refuses larger records when appending (they are far above anything
// the queue admits).
inline constexpr std::uint32_t max_frame_payload = 256u << 20;

// Bytes a record of `payload` bytes takes in a segment.
constexpr std::uint64_t frame_bytes(std::size_t payload) noexcept {
  return frame_header_bytes + payload;
}

// Appends the segment header to out.
void append_segment_header(std::string& out);
// Appends one frame holding payload (at most max_frame_payload bytes) to out.
void append_frame(std::string& out, std::string_view payload);

// What a scan of one segment found.
struct segment_scan {
  std::vector<std::string_view> records;  // the payloads, views into the scanned bytes
  bool foreign = false;                   // a full header that is not ours: nothing read
  std::uint64_t crc_mismatches = 0;       // frames skipped by their length: payload checksum wrong
  std::uint64_t corrupt_regions = 0;      // runs of bytes that are no frame, followed by a good frame
  bool torn_tail = false;                 // damage (or a short header) up to the end of the file
  std::uint64_t skipped_bytes = 0;        // bytes in mismatched frames, corrupt regions and the torn tail
};

// Parses a whole segment file's bytes. Never throws on content, never reads
// outside `bytes`.
segment_scan scan_segment(std::string_view bytes);

}  // namespace cwlog::detail

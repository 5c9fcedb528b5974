// Fuzz target: the spool's segment reader (src/spool/segment_format.cpp).
// A segment on disk may be cut by a crash, damaged by a bad sector or be some
// other program's file; whatever the bytes, the reader must stay inside them,
// account for every byte (header + intact frames + skipped bytes = the file),
// and what it finds must survive a rewrite: the records it returns, written
// into a fresh segment, read back identical and with no damage reported.
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "spool/segment_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cwlog::detail;
  const std::string bytes(cwlog::fuzz::as_text(data, size));
  const segment_scan scan = scan_segment(bytes);

  std::uint64_t accounted = 0;
  for (const auto r : scan.records) {
    cwlog::fuzz::require(
        r.empty() || (r.data() >= bytes.data() && r.data() + r.size() <= bytes.data() + size),
        "records point into the scanned bytes");
    accounted += frame_bytes(r.size());
  }
  if (scan.foreign) {
    cwlog::fuzz::require(scan.records.empty() && scan.skipped_bytes == 0, "a foreign file is not read");
    return 0;
  }
  if (size >= segment_header_bytes) accounted += segment_header_bytes;
  cwlog::fuzz::require(accounted + scan.skipped_bytes == size, "every byte is a header, a frame or skipped");
  cwlog::fuzz::require(
      scan.torn_tail || scan.skipped_bytes == 0 || scan.crc_mismatches + scan.corrupt_regions > 0,
      "skipped bytes are counted as some kind of damage");

  std::string again;
  append_segment_header(again);
  for (const auto r : scan.records) append_frame(again, r);
  const segment_scan second = scan_segment(again);
  cwlog::fuzz::require(!second.foreign && !second.torn_tail && second.skipped_bytes == 0 &&
                           second.crc_mismatches == 0 && second.corrupt_regions == 0,
                       "a rewritten segment has no damage");
  cwlog::fuzz::require(std::vector<std::string_view>(second.records) == scan.records,
                       "the rewritten segment holds the same records");
  return 0;
}

#pragma once
// Reading a segment back: the whole file into memory, then scan_segment()
// (segment_format.h). Segments are bounded (the spool rotates them at
// spool_segment_bytes), so one file at a time fits comfortably.
#include <filesystem>
#include <string>

#include "spool/segment_format.h"

namespace cwlog::detail {

struct segment_contents {
  std::string bytes;  // the file; scan's views point into it (do not copy this struct)
  segment_scan scan;
  std::string error;  // non-empty: the file could not be read (scan is empty)

  segment_contents() = default;
  segment_contents(const segment_contents&) = delete;
  segment_contents& operator=(const segment_contents&) = delete;
};

// Fills `out` from the file at `path`.
void read_segment(const std::filesystem::path& path, segment_contents& out);

}  // namespace cwlog::detail

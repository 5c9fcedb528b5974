// The segment format's parser on intact and damaged bytes: every intact
// record is found, damage is skipped and counted by kind, nothing throws.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spool/segment_format.h"

namespace {

using cwlog::detail::append_frame;
using cwlog::detail::append_segment_header;
using cwlog::detail::frame_header_bytes;
using cwlog::detail::scan_segment;
using cwlog::detail::segment_header_bytes;

std::string segment_of(const std::vector<std::string>& records) {
  std::string s;
  append_segment_header(s);
  for (const auto& r : records) append_frame(s, r);
  return s;
}

std::vector<std::string> found(const cwlog::detail::segment_scan& scan) {
  return {scan.records.begin(), scan.records.end()};
}

const std::vector<std::string> three{"first record", std::string("with\0nul", 8), std::string(700, 'x')};

TEST(SegmentFormat, RoundTrip) {
  const std::string bytes = segment_of(three);  // the scan's views point into it
  const auto scan = scan_segment(bytes);
  EXPECT_EQ(found(scan), three);
  EXPECT_FALSE(scan.torn_tail);
  EXPECT_FALSE(scan.foreign);
  EXPECT_EQ(scan.crc_mismatches + scan.corrupt_regions + scan.skipped_bytes, 0u);
}

TEST(SegmentFormat, EmptyRecordAndEmptySegment) {
  const std::string one_empty = segment_of({""});
  EXPECT_EQ(found(scan_segment(one_empty)), std::vector<std::string>{""});
  const std::string no_records = segment_of({});
  const auto empty = scan_segment(no_records);
  EXPECT_TRUE(empty.records.empty());
  EXPECT_FALSE(empty.torn_tail);
}

TEST(SegmentFormat, TornTailAtEveryLength) {
  // A crash may cut the file anywhere: every cut keeps the records before it.
  const std::string full = segment_of(three);
  for (std::size_t cut = 0; cut < full.size(); ++cut) {
    const auto scan = scan_segment(std::string_view(full).substr(0, cut));
    std::size_t complete = 0;
    std::size_t end = segment_header_bytes;
    for (const auto& r : three) {
      if (end + frame_header_bytes + r.size() > cut) break;
      end += frame_header_bytes + r.size();
      ++complete;
    }
    ASSERT_EQ(scan.records.size(), complete) << "cut at " << cut;
    EXPECT_EQ(scan.torn_tail, cut != end && cut != 0) << "cut at " << cut;
    EXPECT_EQ(scan.skipped_bytes, cut >= segment_header_bytes ? cut - end : cut) << "cut at " << cut;
    EXPECT_EQ(scan.corrupt_regions + scan.crc_mismatches, 0u) << "cut at " << cut;
  }
}

TEST(SegmentFormat, CrcMismatchSkipsThatRecordOnly) {
  std::string bytes = segment_of(three);
  // A flipped bit in the first record's payload.
  bytes[segment_header_bytes + frame_header_bytes + 2] ^= 0x01;
  const auto scan = scan_segment(bytes);
  EXPECT_EQ(found(scan), (std::vector<std::string>{three[1], three[2]}));
  EXPECT_EQ(scan.crc_mismatches, 1u);
  EXPECT_EQ(scan.corrupt_regions, 0u);
  EXPECT_FALSE(scan.torn_tail);
  EXPECT_EQ(scan.skipped_bytes, frame_header_bytes + three[0].size());
}

TEST(SegmentFormat, CorruptLengthInTheMiddleResynchronises) {
  std::string bytes = segment_of(three);
  // The second frame's length (its header no longer checks): the reader
  // cannot trust it and finds the third frame by its marker.
  const std::size_t second = segment_header_bytes + frame_header_bytes + three[0].size();
  bytes[second + 5] ^= 0x40;
  const auto scan = scan_segment(bytes);
  EXPECT_EQ(found(scan), (std::vector<std::string>{three[0], three[2]}));
  EXPECT_EQ(scan.corrupt_regions, 1u);
  EXPECT_EQ(scan.crc_mismatches, 0u);
  EXPECT_FALSE(scan.torn_tail);
  EXPECT_EQ(scan.skipped_bytes, frame_header_bytes + three[1].size());
}

TEST(SegmentFormat, GarbageBetweenFramesIsOneRegion) {
  std::string bytes;
  append_segment_header(bytes);
  append_frame(bytes, "a");
  bytes += std::string(100, '\xC5');  // marker-like bytes, never a frame
  append_frame(bytes, "b");
  bytes += "trailing junk";
  const auto scan = scan_segment(bytes);
  EXPECT_EQ(found(scan), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(scan.corrupt_regions, 1u);
  EXPECT_TRUE(scan.torn_tail);
  EXPECT_EQ(scan.skipped_bytes, 100u + 13u);
}

TEST(SegmentFormat, ForeignHeaderIsNotRead) {
  std::string bytes = segment_of(three);
  bytes[0] = 'X';
  const auto scan = scan_segment(bytes);
  EXPECT_TRUE(scan.foreign);
  EXPECT_TRUE(scan.records.empty());
  // Another version of the format is foreign too, not damage.
  std::string v2 = segment_of(three);
  v2[8] = 2;
  EXPECT_TRUE(scan_segment(v2).foreign);
}

}  // namespace

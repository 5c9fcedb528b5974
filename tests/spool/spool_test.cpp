// The spool in one process: records survive the spool object (as they would
// a crash once written), settled segments go, the bound is kept, writes wait
// for the write interval, damaged segments are skipped and counted, and the
// files are private. Time is the manual clock's.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "spool/segment_format.h"
#include "spool/spool_dirs.h"
#include "spool_support.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using cwlog::detail::spool;
using cwlog::detail::spool_append_status;
using cwlog::test::manual_clock;
using cwlog::test::replay_all;
using cwlog::test::spool_settings_in;
using cwlog::test::temp_dir;
using cwlog::test::texts;

std::vector<std::string> numbered(int n, std::size_t size = 100) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string r = "record " + std::to_string(i) + " ";
    r.resize(size, '.');
    out.push_back(r);
  }
  return out;
}

std::vector<fs::path> segments_below(const fs::path& spool_dir) {
  std::vector<fs::path> out;
  for (const auto& d : fs::directory_iterator(spool_dir)) {
    for (const auto& f : cwlog::detail::segment_files(d.path())) out.push_back(f);
  }
  return out;
}

TEST(Spool, UnsettledRecordsAreReplayedByTheNextSpool) {
  temp_dir tmp;
  manual_clock clock;
  const auto records = numbered(50);
  {
    spool s(spool_settings_in(tmp.path()), clock);
    for (const auto& r : records) ASSERT_EQ(s.append(r).status, spool_append_status::stored);
    s.write_now();
  }
  spool next(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(next.counters().adopted_dirs, 1u);
  const auto replayed = replay_all(next);
  EXPECT_EQ(texts(replayed), records);
  EXPECT_EQ(next.counters().replayed, records.size());
  for (const auto& r : replayed) EXPECT_NE(r.seq & cwlog::detail::replayed_seq_bit, 0u);
  // Settled, the adopted directory disappears; only ours is left.
  for (const auto& r : replayed) next.settle(r.seq);
  next.tick();
  std::size_t dirs = 0;
  for (const auto& d : fs::directory_iterator(tmp.path() / "spool")) {
    EXPECT_EQ(d.path(), next.own_dir());
    ++dirs;
  }
  EXPECT_EQ(dirs, 1u);
}

TEST(Spool, APartlySettledSegmentComesBackWhole) {
  temp_dir tmp;
  manual_clock clock;
  const auto records = numbered(10);
  {
    spool s(spool_settings_in(tmp.path()), clock);
    std::vector<cwlog::detail::spool_seq> seqs;
    for (const auto& r : records) seqs.push_back(s.append(r).seq);
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      if (i % 2 == 0) s.settle(seqs[i]);
    }
    s.write_now();
  }
  spool next(spool_settings_in(tmp.path()), clock);
  // The segment still holds all ten (a file is append-only): the settled half
  // comes back too — a duplicate, never a loss. What matters is that a spool
  // whose records are all settled leaves nothing.
  EXPECT_EQ(replay_all(next).size(), records.size());
}

TEST(Spool, SettledSegmentsAreDeletedAndOwnDirRemovedAtExit) {
  temp_dir tmp;
  manual_clock clock;
  auto settings = spool_settings_in(tmp.path());
  settings.segment_bytes = 1000;  // about eight 100-byte records a segment
  fs::path own;
  {
    spool s(settings, clock);
    own = s.own_dir();
    std::vector<cwlog::detail::spool_seq> seqs;
    for (const auto& r : numbered(40)) seqs.push_back(s.append(r).seq);
    s.write_now();
    const auto written = cwlog::detail::segment_files(own);
    ASSERT_GE(written.size(), 5u);
    // Settling the first segment's records deletes that file, and only it.
    for (std::size_t i = 0; i < 8; ++i) s.settle(seqs[i]);
    s.tick();
    EXPECT_FALSE(fs::exists(written[0]));
    EXPECT_EQ(cwlog::detail::segment_files(own).size(), written.size() - 1);
    EXPECT_EQ(s.counters().segments_deleted, 1u);
    for (const auto seq : seqs) s.settle(seq);
    s.tick();
    EXPECT_TRUE(cwlog::detail::segment_files(own).empty());
    EXPECT_EQ(s.counters().own_bytes, 0u);
    EXPECT_EQ(s.counters().settled, seqs.size());
  }
  EXPECT_FALSE(fs::exists(own));
}

TEST(Spool, BoundIsReportedAndSettlingMakesRoom) {
  temp_dir tmp;
  manual_clock clock;
  auto settings = spool_settings_in(tmp.path());
  settings.max_bytes = 4096;
  settings.segment_bytes = 1024;
  spool s(settings, clock);
  std::vector<cwlog::detail::spool_seq> seqs;
  const std::string record(100, 'r');
  for (;;) {
    const auto r = s.append(record);
    if (r.status == spool_append_status::full) break;
    ASSERT_EQ(r.status, spool_append_status::stored);
    seqs.push_back(r.seq);
    ASSERT_LT(seqs.size(), 100u) << "the bound was never reached";
  }
  const auto c = s.counters();
  EXPECT_EQ(c.refused_full, 1u);
  EXPECT_LE(c.own_bytes, settings.max_bytes);
  EXPECT_GT(c.own_bytes + cwlog::detail::frame_bytes(record.size()), settings.max_bytes - 16);
  // Space comes back a whole segment at a time.
  for (const auto seq : seqs) s.settle(seq);
  s.tick();
  EXPECT_EQ(s.append(record).status, spool_append_status::stored);
}

TEST(Spool, TooLargeRecordIsRefused) {
  temp_dir tmp;
  manual_clock clock;
  auto settings = spool_settings_in(tmp.path());
  settings.max_bytes = 1u << 20;
  spool s(settings, clock);
  // Larger than the whole bound: not a full spool, a record it can never hold.
  EXPECT_EQ(s.append(std::string(settings.max_bytes, 'h')).status, spool_append_status::too_large);
  EXPECT_EQ(s.counters().appended, 0u);
  EXPECT_EQ(s.counters().refused_full, 0u);
  const std::string fits(
      settings.max_bytes - cwlog::detail::segment_header_bytes - cwlog::detail::frame_header_bytes, 'f');
  EXPECT_EQ(s.append(fits).status, spool_append_status::stored);
  EXPECT_EQ(s.append("x").status, spool_append_status::full);
}

TEST(Spool, WritesWaitForTheWriteInterval) {
  temp_dir tmp;
  manual_clock clock;
  spool s(spool_settings_in(tmp.path()), clock);
  s.append("one");
  s.tick();
  // Buffered only: no file yet.
  EXPECT_TRUE(cwlog::detail::segment_files(s.own_dir()).empty());
  clock.advance(std::chrono::milliseconds(199));
  s.tick();
  EXPECT_TRUE(cwlog::detail::segment_files(s.own_dir()).empty());
  clock.advance(std::chrono::milliseconds(1));
  s.tick();
  const auto files = cwlog::detail::segment_files(s.own_dir());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(fs::file_size(files[0]), cwlog::detail::segment_header_bytes + cwlog::detail::frame_bytes(3));
}

TEST(Spool, ABigBufferIsWrittenEarly) {
  temp_dir tmp;
  manual_clock clock;
  auto settings = spool_settings_in(tmp.path());
  settings.write_buffer_bytes = 1000;
  spool s(settings, clock);
  for (const auto& r : numbered(10)) s.append(r);
  s.tick();
  EXPECT_EQ(cwlog::detail::segment_files(s.own_dir()).size(), 1u);
}

TEST(Spool, DamagedSegmentsAreSkippedAndCounted) {
  temp_dir tmp;
  manual_clock clock;
  const auto records = numbered(3);
  {
    spool s(spool_settings_in(tmp.path()), clock);
    for (const auto& r : records) s.append(r);
    s.write_now();
  }
  auto files = segments_below(tmp.path() / "spool");
  ASSERT_EQ(files.size(), 1u);
  {
    // A flipped payload byte in the second record and a half-written frame
    // at the end, as a crash mid-write leaves.
    std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
    const auto second = cwlog::detail::segment_header_bytes + cwlog::detail::frame_bytes(100) +
                        cwlog::detail::frame_header_bytes + 7;
    f.seekp(static_cast<std::streamoff>(second));
    f.put('#');
    f.seekp(0, std::ios::end);
    std::string torn;
    cwlog::detail::append_frame(torn, "never completed");
    f.write(torn.data(), static_cast<std::streamsize>(torn.size() - 4));
  }
  spool next(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(texts(replay_all(next)), (std::vector<std::string>{records[0], records[2]}));
  const auto c = next.counters();
  EXPECT_EQ(c.crc_mismatches, 1u);
  EXPECT_EQ(c.torn_tails, 1u);
  EXPECT_EQ(c.replayed, 2u);
  EXPECT_FALSE(next.take_diagnostics().empty());
}

TEST(Spool, ForeignFileIsLeftInPlace) {
  temp_dir tmp;
  manual_clock clock;
  const fs::path stray = tmp.path() / "spool" / "owner-1-dead" / "seg-0000000000000001.cws";
  fs::create_directories(stray.parent_path());
  std::ofstream(stray) << "not a spool segment at all, longer than a header";
  spool s(spool_settings_in(tmp.path()), clock);
  EXPECT_TRUE(replay_all(s).empty());
  EXPECT_EQ(s.counters().unreadable_files, 1u);
  EXPECT_TRUE(fs::exists(stray));
}

TEST(Spool, FilesArePrivate) {
  temp_dir tmp;
  manual_clock clock;
  const mode_t old_mask = ::umask(0);  // the spool must not rely on the umask
  spool s(spool_settings_in(tmp.path()), clock);
  s.append("secret");
  s.write_now();
  ::umask(old_mask);
  const auto mode = [](const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  };
  EXPECT_EQ(mode(tmp.path() / "spool"), 0700u);
  EXPECT_EQ(mode(s.own_dir()), 0700u);
  EXPECT_EQ(mode(s.own_dir() / cwlog::detail::lock_file_name), 0600u);
  const auto files = cwlog::detail::segment_files(s.own_dir());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(mode(files[0]), 0600u);
}

TEST(Spool, TwoSpoolsInOneProcessKeepApart) {
  temp_dir tmp;
  manual_clock clock;
  spool a(spool_settings_in(tmp.path()), clock);
  a.append("a's");
  a.write_now();
  spool b(spool_settings_in(tmp.path()), clock);
  EXPECT_NE(a.own_dir(), b.own_dir());
  EXPECT_EQ(b.counters().adopted_dirs, 0u);
  EXPECT_FALSE(b.replay_pending());
}

TEST(Spool, SettingsFollowTheOptions) {
  cwlog::shipping_options o;
  o.spool_dir = "/var/spool/app";
  o.spool_bytes = 32u << 20;
  o.spool_sync = cwlog::spool_sync_policy::none;
  o.spool_write_interval = std::chrono::milliseconds(50);
  const auto s = cwlog::detail::spool_settings_for(o);
  EXPECT_EQ(s.dir, fs::path("/var/spool/app"));
  EXPECT_EQ(s.max_bytes, 32u << 20);
  EXPECT_EQ(s.sync, cwlog::spool_sync_policy::none);
  EXPECT_EQ(s.write_interval, std::chrono::milliseconds(50));
  EXPECT_EQ(s.segment_bytes, 2u << 20);
}

}  // namespace

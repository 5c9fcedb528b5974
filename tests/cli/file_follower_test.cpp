// Following a file like `tail -F` (src/cli/file_follower.cpp): complete lines
// only, rotation (rename + create) without losing the old file's tail,
// truncation in place, and the saved position that makes a restart resume
// exactly after the last line handed out. Every step is driven by poll(), so
// nothing here waits.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/file_follower.h"
#include "support/temp_dir.h"

namespace cwlog::cli {
namespace {

namespace fs = std::filesystem;

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::app);
  out << text;
}

std::uint64_t inode_of(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_ino;
}

class file_follower_test : public ::testing::Test {
 protected:
  // The lines one poll() (or drain()) hands out.
  std::vector<std::string> poll(file_follower& f) {
    std::vector<std::string> out;
    const auto n = f.poll([&](std::string_view l) { out.emplace_back(l); });
    EXPECT_EQ(n, out.size());
    return out;
  }
  std::vector<std::string> drain(file_follower& f) {
    std::vector<std::string> out;
    const auto n = f.drain([&](std::string_view l) { out.emplace_back(l); });
    EXPECT_EQ(n, out.size());
    return out;
  }
  using lines = std::vector<std::string>;

  test::temp_dir dir_;
  fs::path log_ = dir_.path() / "app.log";
};

TEST_F(file_follower_test, hands_out_complete_lines_and_keeps_a_partial_one_for_later) {
  append(log_, "one\ntwo\r\nthr");
  file_follower f(log_.string());
  EXPECT_EQ(poll(f), (lines{"one", "two"}));  // CRLF endings lose their \r too
  EXPECT_EQ(f.position().offset, 9u);         // after "two\r\n", not after the partial "thr"
  EXPECT_EQ(poll(f), lines{});
  append(log_, "ee\n\nfour\n");
  EXPECT_EQ(poll(f), (lines{"three", "", "four"}));
  EXPECT_EQ(f.position().offset, 21u);
  EXPECT_EQ(f.position().inode, inode_of(log_));
}

TEST_F(file_follower_test, drain_hands_out_an_unterminated_last_line) {
  append(log_, "a\nlast");
  file_follower f(log_.string());
  EXPECT_EQ(drain(f), (lines{"a", "last"}));
  EXPECT_EQ(f.position().offset, 6u);
  EXPECT_EQ(drain(f), lines{});
}

TEST_F(file_follower_test, a_file_that_is_not_there_yet_is_read_once_created) {
  file_follower f(log_.string());
  EXPECT_EQ(poll(f), lines{});
  append(log_, "born\n");
  EXPECT_EQ(poll(f), lines{"born"});
}

TEST_F(file_follower_test, rotation_reads_the_old_file_to_its_end_then_the_new_one) {
  append(log_, "a1\n");
  file_follower f(log_.string());
  EXPECT_EQ(poll(f), lines{"a1"});
  append(log_, "a2\n");  // written just before the rotation, not yet read
  fs::rename(log_, dir_.path() / "app.log.1");
  EXPECT_EQ(poll(f), lines{"a2"});  // renamed away, new one not created yet
  append(log_, "b1\nb2\n");
  EXPECT_EQ(poll(f), (lines{"b1", "b2"}));
  EXPECT_EQ(f.position().inode, inode_of(log_));
  EXPECT_EQ(f.position().offset, 6u);
  // Rotation with the new file already there at the next poll.
  append(log_, "b3\n");
  fs::rename(log_, dir_.path() / "app.log.2");
  append(log_, "c1\n");
  EXPECT_EQ(poll(f), (lines{"b3", "c1"}));
}

TEST_F(file_follower_test, truncation_in_place_starts_over) {
  append(log_, "long line one\nlong line two\n");
  file_follower f(log_.string());
  EXPECT_EQ(poll(f), (lines{"long line one", "long line two"}));
  fs::resize_file(log_, 0);  // copytruncate
  append(log_, "new\n");
  EXPECT_EQ(poll(f), lines{"new"});
  EXPECT_EQ(f.position().offset, 4u);
}

TEST_F(file_follower_test, a_restart_resumes_after_the_last_line_handed_out) {
  append(log_, "a\nb\npart");
  file_position saved;
  {
    file_follower f(log_.string());
    EXPECT_EQ(poll(f), (lines{"a", "b"}));
    saved = f.position();
  }
  append(log_, "ial\nc\n");  // written while the shipper was down
  file_follower again(log_.string(), saved);
  EXPECT_EQ(poll(again), (lines{"partial", "c"}));
}

TEST_F(file_follower_test, a_restart_reads_from_the_start_of_a_replaced_or_truncated_file) {
  append(log_, "old1\nold2\n");
  file_position saved;
  {
    file_follower f(log_.string());
    EXPECT_EQ(poll(f).size(), 2u);
    saved = f.position();
  }
  // Truncated while down: the saved offset lies past the end.
  fs::resize_file(log_, 0);
  append(log_, "n\n");
  {
    file_follower f(log_.string(), saved);
    EXPECT_EQ(poll(f), lines{"n"});
  }
  // Replaced while down (rotated away): another inode, read from its start.
  fs::rename(log_, dir_.path() / "app.log.1");
  append(log_, "fresh1\nfresh2\nfresh3\n");
  ASSERT_NE(inode_of(log_), saved.inode);
  file_follower f(log_.string(), saved);
  EXPECT_EQ(poll(f), (lines{"fresh1", "fresh2", "fresh3"}));
}

TEST_F(file_follower_test, positions_are_saved_and_loaded) {
  const auto state = (dir_.path() / "app.state").string();
  EXPECT_FALSE(load_position(state));
  ASSERT_TRUE(save_position(state, {123456789012ULL, 42}));
  const auto loaded = load_position(state);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->inode, 123456789012ULL);
  EXPECT_EQ(loaded->offset, 42u);
  EXPECT_FALSE(fs::exists(state + ".tmp"));  // written aside, then renamed over
  ASSERT_TRUE(save_position(state, {1, 2}));
  EXPECT_EQ(load_position(state)->offset, 2u);
  dir_.write("app.state", "not a position\n");
  EXPECT_FALSE(load_position(state));
  EXPECT_FALSE(save_position((dir_.path() / "no-such-dir" / "s").string(), {1, 2}));
}

}  // namespace
}  // namespace cwlog::cli

// Records' bytes in their lane's blocks: what goes in comes out, across
// blocks and for records too large to share one, whatever outlives what
// (the writer, other records, the thread that wrote them). A block freed too
// early is a use after free to ASan; one never freed, a leak to LSan.
#include "ship/record_blob.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

namespace cwlog::detail {
namespace {

std::string record(std::size_t i, std::size_t size) {
  std::string s = std::to_string(i) + ":";
  s.resize(size, static_cast<char>('a' + i % 26));
  return s;
}

TEST(record_blob, bytes_come_out_as_they_went_in_across_blocks_and_outlive_the_writer) {
  std::mt19937 rng(20261128);
  std::vector<std::string> want;
  std::vector<record_blob> blobs;
  {
    blob_writer w;
    std::size_t backlog = 0;
    for (std::size_t i = 0; i < 3000; ++i) {
      // Small and large (past max_block / 2: a block of its own), odd sizes.
      const std::size_t size = i % 500 == 7 ? blob_writer::max_block : 1 + rng() % 700;
      want.push_back(record(i, size));
      blobs.push_back(w.copy(want.back(), backlog));
      backlog += size;
    }
  }  // the writer's block outlives it through its records
  // Released out of order: every other one first.
  for (std::size_t i = 0; i < blobs.size(); i += 2) blobs[i].reset();
  for (std::size_t i = 1; i < blobs.size(); i += 2) ASSERT_EQ(blobs[i].view(), want[i]) << i;
}

TEST(record_blob, moves_carry_the_reference) {
  blob_writer w;
  record_blob a = w.copy("hello", 0);
  record_blob b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved from is empty
  EXPECT_EQ(b.view(), "hello");
  record_blob c = record_blob::copy_of("world");
  c = std::move(b);  // c's own block goes
  EXPECT_EQ(c.view(), "hello");
  auto& self = c;
  c = std::move(self);
  EXPECT_EQ(c.view(), "hello");
  EXPECT_EQ(record_blob::copy_of("").size(), 0u);
}

// As in the engine: written under a lock on one thread, read and let go on
// another while the writer goes on filling the same blocks.
TEST(record_blob, written_on_one_thread_released_on_another) {
  std::vector<std::vector<record_blob>> batches(200);
  std::vector<std::string> want;
  blob_writer w;
  for (std::size_t b = 0; b < batches.size(); ++b)
    for (std::size_t i = 0; i < 50; ++i) {
      want.push_back(record(b * 50 + i, 120));
      batches[b].push_back(w.copy(want.back(), 4u << 20));
    }
  std::thread reader([&] {
    for (std::size_t b = 0; b < batches.size(); ++b) {
      for (std::size_t i = 0; i < batches[b].size(); ++i) ASSERT_EQ(batches[b][i].view(), want[b * 50 + i]);
      batches[b].clear();
    }
  });
  for (std::size_t i = 0; i < 2000; ++i) EXPECT_EQ(w.copy(record(i, 64), 4u << 20).view(), record(i, 64));
  reader.join();
}

}  // namespace
}  // namespace cwlog::detail

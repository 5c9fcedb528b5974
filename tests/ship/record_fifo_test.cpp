// The queue's per-lane fifo: order across blocks under any mix of pushes and
// pops, memory that follows the backlog down, and whole moves and swaps.
#include "ship/record_fifo.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>

namespace cwlog::detail {
namespace {

void push(record_fifo& f, std::uint64_t seq) {
  queued_record& r = f.emplace_back();
  EXPECT_TRUE(r.blob.empty());  // a slot is handed out clean, reused or new
  EXPECT_EQ(r.seq, 0u);
  r.seq = seq;
  r.blob = record_blob::copy_of("record " + std::to_string(seq) + std::string(seq % 40, 'x'));
}

TEST(record_fifo, order_holds_across_blocks_under_random_pushes_and_pops) {
  std::mt19937 rng(20261128);
  record_fifo f;
  std::deque<std::uint64_t> model;
  std::uint64_t next = 1;
  for (int round = 0; round < 200; ++round) {
    // Bursts that grow the backlog past several blocks, then drains that
    // empty it (or nearly): every block size, every position.
    const std::size_t pushes = rng() % 3000;
    for (std::size_t i = 0; i < pushes; ++i) {
      push(f, next);
      model.push_back(next++);
    }
    const std::size_t pops = rng() % (model.size() + 200);
    for (std::size_t i = 0; i < pops && !model.empty(); ++i) {
      ASSERT_EQ(f.front().seq, model.front());
      ASSERT_EQ(f.front().blob.view().substr(0, 7), "record ");
      f.pop_front();
      model.pop_front();
    }
    ASSERT_EQ(f.size(), model.size());
    ASSERT_EQ(f.empty(), model.empty());
  }
}

// The memory held follows the backlog: at most a block's rounding at each end
// and one spare over what it holds, and one block once it is empty (a vector
// kept its largest capacity).
TEST(record_fifo, memory_follows_the_backlog_down) {
  record_fifo f;
  for (std::uint64_t i = 1; i <= 100'000; ++i) {
    push(f, i);
    if (i % 997 == 0) {
      ASSERT_LE(f.capacity(), 2 * f.size() + 3 * record_fifo::max_block) << i;
    }
  }
  for (std::uint64_t i = 1; i <= 100'000; ++i) {
    ASSERT_EQ(f.front().seq, i);
    f.pop_front();
    if (i % 997 == 0) {
      ASSERT_LE(f.capacity(), f.size() + 3 * record_fifo::max_block) << i;
    }
  }
  EXPECT_TRUE(f.empty());
  EXPECT_LE(f.capacity(), record_fifo::max_block);
  // Filled and emptied again, it reuses what it kept.
  const std::size_t kept = f.capacity();
  for (std::uint64_t i = 1; i <= 10; ++i) push(f, i);
  EXPECT_EQ(f.capacity(), kept);
}

TEST(record_fifo, move_to_and_swap_keep_the_order) {
  record_fifo a, b;
  for (std::uint64_t i = 1; i <= 5000; ++i) push(a, i);
  for (int i = 0; i < 1234; ++i) a.pop_front();
  push(b, 9);
  a.swap(b);
  ASSERT_EQ(b.size(), 5000u - 1234u);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a.front().seq, 9u);
  std::vector<queued_record> out;
  out.emplace_back();  // what was there stays first
  b.move_to(out);
  EXPECT_TRUE(b.empty());
  ASSERT_EQ(out.size(), 1u + 5000u - 1234u);
  for (std::size_t i = 1; i < out.size(); ++i) ASSERT_EQ(out[i].seq, 1234u + i);
  push(b, 42);  // usable after the move
  EXPECT_EQ(b.front().seq, 42u);
}

}  // namespace
}  // namespace cwlog::detail

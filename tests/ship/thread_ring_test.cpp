// A calling thread's ring and the shipper's registry of them: records in
// order across wraparound, a full ring refusing without waiting, a refused
// record staying for the next consumer, a record's tag, one ring per thread and per
// registry, reclaim when the thread exits, a registry dying before its
// threads, and the memory budget for rings.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ship/ring_registry.h"
#include "ship/thread_ring.h"

namespace cwlog::detail {
namespace {

bool write(thread_ring& ring, const std::string& s) {
  char* at = ring.try_reserve(s.size());
  if (!at) return false;
  s.copy(at, s.size());
  ring.commit();
  return true;
}

std::vector<std::string> take_all(thread_ring& ring) {
  std::vector<std::string> out;
  ring.consume([&](std::string_view r) {
    out.emplace_back(r);
    return true;
  });
  return out;
}

TEST(thread_ring, keeps_order_across_wraparound) {
  thread_ring ring(256);
  int next_written = 0;
  int next_read = 0;
  // Sizes that do not divide the capacity, so records meet the end at every offset.
  for (int round = 0; round < 200; ++round) {
    while (write(ring, std::string(static_cast<std::size_t>(1 + next_written % 37), 'a') +
                           std::to_string(next_written)))
      ++next_written;
    for (const auto& r : take_all(ring)) {
      const std::string want =
          std::string(static_cast<std::size_t>(1 + next_read % 37), 'a') + std::to_string(next_read);
      ASSERT_EQ(r, want);
      ++next_read;
    }
    EXPECT_EQ(ring.used(), 0u);
  }
  EXPECT_EQ(next_read, next_written);
  EXPECT_GT(next_written, 1000);  // wrapped many times over
}

TEST(thread_ring, full_ring_refuses_and_consuming_makes_room) {
  thread_ring ring(128);
  const std::string rec(24, 'x');  // 8-byte header + 24: four fill the ring
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(write(ring, rec));
  EXPECT_FALSE(write(ring, rec));
  EXPECT_EQ(ring.used(), 128u);
  EXPECT_EQ(take_all(ring).size(), 4u);
  EXPECT_TRUE(write(ring, rec));
}

TEST(thread_ring, a_refused_record_stays_for_the_next_consumer) {
  thread_ring ring(256);
  for (const char* s : {"a", "b", "c"}) write(ring, s);
  std::vector<std::string> got;
  EXPECT_EQ(ring.consume([&](std::string_view r) {
    if (r == "b") return false;
    got.emplace_back(r);
    return true;
  }),
            1u);
  EXPECT_EQ(got, std::vector<std::string>{"a"});
  EXPECT_EQ(take_all(ring), (std::vector<std::string>{"b", "c"}));
}

TEST(thread_ring, a_tag_travels_with_its_record_until_the_consumer_clears_it) {
  thread_ring ring(256);
  for (bool tag : {true, false, true}) {
    char* at = ring.try_reserve(3, tag);
    ASSERT_NE(at, nullptr);
    std::memcpy(at, tag ? "yes" : "not", 3);
    ring.commit();
  }
  // The consumer rewrites the first record in place, clears its tag and
  // refuses it: the next consumer finds it rewritten and untagged, and the
  // others as they were written.
  std::vector<std::pair<std::string, bool>> seen;
  ring.consume([&](ring_record r) {
    seen.emplace_back(std::string(r.bytes()), r.tagged());
    std::memcpy(r.data, "YES", 3);
    r.clear_tag();
    return false;
  });
  ring.consume([&](ring_record r) {
    seen.emplace_back(std::string(r.bytes()), r.tagged());
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{
                      {"yes", true}, {"YES", false}, {"not", false}, {"yes", true}}));
  EXPECT_EQ(ring.used(), 0u);
}

TEST(thread_ring, commit_says_when_another_half_ring_was_written) {
  thread_ring ring(256);
  const std::string rec(24, 'x');  // 32 bytes each: a half ring is 4 records
  std::vector<int> signalled;
  for (int i = 1; i <= 16; ++i) {
    ASSERT_NE(ring.try_reserve(rec.size()), nullptr);
    if (ring.commit()) signalled.push_back(i);
    if (i % 8 == 0) take_all(ring);
  }
  EXPECT_EQ(signalled, (std::vector<int>{4, 8, 12, 16}));
}

TEST(thread_ring, one_producer_and_one_consumer_at_once) {
  thread_ring ring(1024);
  constexpr int n = 200'000;
  std::thread producer([&] {
    for (int i = 0; i < n; ++i) {
      const std::string s = std::to_string(i);
      while (!write(ring, s)) std::this_thread::yield();
    }
  });
  int expected = 0;
  while (expected < n) {
    std::lock_guard lk(ring.consumer_mutex());
    ring.consume([&](std::string_view r) {
      EXPECT_EQ(r, std::to_string(expected));
      ++expected;
      return true;
    });
  }
  producer.join();
  EXPECT_EQ(ring.used(), 0u);
}

struct budget {
  std::size_t held = 0;
  std::size_t limit = SIZE_MAX;
  std::unique_ptr<ring_registry> make(std::size_t ring_bytes, std::size_t max_total) {
    return std::make_unique<ring_registry>(
        ring_bytes, max_total,
        [this](std::size_t n) {
          if (held + n > limit) return false;
          held += n;
          return true;
        },
        [this](std::size_t n) { held -= n; });
  }
};

TEST(ring_registry, one_ring_per_thread_charged_while_it_lives) {
  budget b;
  auto reg = b.make(4096, 1 << 20);
  thread_ring* mine = reg->ring();
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(reg->ring(), mine);  // cached
  thread_ring* theirs = nullptr;
  std::thread([&] { theirs = reg->ring(); }).join();
  EXPECT_NE(theirs, nullptr);
  EXPECT_NE(theirs, mine);
  EXPECT_EQ(reg->rings(), 2u);
  EXPECT_EQ(b.held, 2u * 4096);
  // The other thread exited with an empty ring: reclaimed on the next visit.
  int visited = 0;
  reg->for_each([&](thread_ring&) { ++visited; });
  EXPECT_EQ(visited, 2);
  EXPECT_EQ(reg->rings(), 1u);
  EXPECT_EQ(b.held, 4096u);
}

TEST(ring_registry, an_exited_threads_records_are_consumed_before_its_ring_goes) {
  budget b;
  auto reg = b.make(4096, 1 << 20);
  std::thread([&] {
    thread_ring* r = reg->ring();
    ASSERT_NE(r, nullptr);
    write(*r, "last words");
  }).join();
  std::vector<std::string> got;
  reg->for_each([&](thread_ring& r) {
    for (auto& s : take_all(r)) got.push_back(s);
  });
  EXPECT_EQ(got, std::vector<std::string>{"last words"});
  EXPECT_EQ(reg->rings(), 0u);
  EXPECT_EQ(b.held, 0u);
}

TEST(ring_registry, a_ring_with_records_left_is_kept) {
  budget b;
  auto reg = b.make(4096, 1 << 20);
  std::thread([&] { write(*reg->ring(), "pending"); }).join();
  reg->for_each([](thread_ring& r) { r.consume([](std::string_view) { return false; }); });
  EXPECT_EQ(reg->rings(), 1u);  // not consumed yet: kept, still charged
  EXPECT_EQ(b.held, 4096u);
  reg->for_each([](thread_ring& r) { take_all(r); });
  EXPECT_EQ(reg->rings(), 0u);
}

TEST(ring_registry, many_threads_each_get_their_own) {
  budget b;
  auto reg = b.make(4096, 1 << 20);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      thread_ring* r = reg->ring();
      ++ready;
      while (!go) std::this_thread::yield();
      for (int i = 0; i < 50; ++i) write(*r, std::to_string(t) + ":" + std::to_string(i));
    });
  }
  while (ready < 32) std::this_thread::yield();
  EXPECT_EQ(reg->rings(), 32u);
  go = true;
  for (auto& t : threads) t.join();
  std::vector<int> next(32, 0);
  reg->for_each([&](thread_ring& r) {
    for (const auto& s : take_all(r)) {
      const int t = std::stoi(s.substr(0, s.find(':')));
      EXPECT_EQ(std::stoi(s.substr(s.find(':') + 1)), next[static_cast<std::size_t>(t)]++);
    }
  });
  for (int n : next) EXPECT_EQ(n, 50);
  EXPECT_EQ(reg->rings(), 0u);  // every thread has exited
  EXPECT_EQ(b.held, 0u);
}

TEST(ring_registry, no_ring_beyond_the_budget) {
  budget b;
  auto reg = b.make(4096, 2 * 4096);
  std::vector<thread_ring*> got(3);
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&, t] {
      got[static_cast<std::size_t>(t)] = reg->ring();
      ++done;
      while (!release) std::this_thread::yield();
    });
  while (done < 3) std::this_thread::yield();
  EXPECT_EQ(std::count(got.begin(), got.end(), nullptr), 1);  // the third takes the shared path
  EXPECT_EQ(b.held, 2u * 4096);
  release = true;
  for (auto& t : threads) t.join();
}

TEST(ring_registry, the_memory_bound_can_refuse_a_ring) {
  budget b;
  b.limit = 0;
  auto reg = b.make(4096, 1 << 20);
  EXPECT_EQ(reg->ring(), nullptr);
  EXPECT_EQ(reg->ring(), nullptr);  // not asked again on every call
  EXPECT_EQ(reg->rings(), 0u);
}

TEST(ring_registry, several_registries_and_one_dying_first) {
  budget b1, b2;
  auto first = b1.make(4096, 1 << 20);
  auto second = b2.make(8192, 1 << 20);
  thread_ring* a = first->ring();
  thread_ring* c = second->ring();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(c, nullptr);
  EXPECT_NE(a, c);
  EXPECT_EQ(c->capacity(), 8192u);
  first.reset();  // the shipper goes while this thread lives
  // A new registry, perhaps at the same address, never inherits the old ring.
  auto third = b1.make(4096, 1 << 20);
  thread_ring* d = third->ring();
  ASSERT_NE(d, nullptr);
  EXPECT_FALSE(d->orphaned());
  EXPECT_EQ(second->ring(), c);
  EXPECT_EQ(third->rings(), 1u);
}

TEST(ring_registry, sizes_rings_from_the_bound) {
  EXPECT_EQ(ring_bytes_for(64u << 10), 4096u);
  EXPECT_EQ(ring_bytes_for(64u << 20), 1u << 20);
  EXPECT_EQ(ring_bytes_for(8u << 20), 128u << 10);
  EXPECT_EQ(ring_bytes_for(std::size_t{1} << 30), 1u << 20);
}

}  // namespace
}  // namespace cwlog::detail

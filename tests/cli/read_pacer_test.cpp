// The read pacer against a stand-in queue drained by another thread: however
// the two threads are scheduled, no line is ever offered to a queue without
// room for it, every line goes through, and the reader waits instead.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "cli/read_pacer.h"

namespace cwlog::cli {
namespace {

// Bytes held, bounded by a capacity; push() refuses what does not fit (as the
// shipper's overflow policy would drop it).
class bounded_store {
 public:
  explicit bounded_store(std::size_t capacity) : capacity_(capacity) {}
  bool push(std::size_t bytes) {
    std::lock_guard lk(mu_);
    if (held_ + bytes > capacity_) return false;
    held_ += bytes;
    return true;
  }
  std::size_t drain(std::size_t most) {
    std::lock_guard lk(mu_);
    const std::size_t n = std::min(most, held_);
    held_ -= n;
    return n;
  }
  read_pacer::occupancy occupancy() {
    std::lock_guard lk(mu_);
    return {held_, capacity_};
  }

 private:
  std::mutex mu_;
  std::size_t held_ = 0;
  std::size_t capacity_;
};

TEST(read_pacer, a_fast_reader_never_overflows_a_slow_consumer) {
  bounded_store store(64 << 10);
  std::atomic<bool> done{false};
  std::thread consumer([&] {
    while (!done.load()) {
      store.drain(4096);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  read_pacer pacer([&] { return store.occupancy(); }, [] { return false; }, std::chrono::milliseconds(1));
  constexpr std::size_t lines = 5000, line = 100;
  std::size_t refused = 0;
  for (std::size_t i = 0; i < lines; ++i) {
    pacer.wait_for_room(line);
    refused += !store.push(read_pacer::cost(line));
  }
  done = true;
  consumer.join();
  EXPECT_EQ(refused, 0u);
  // 5000 lines of cost 712 are 3.5 MB through a 64 KiB store: it had to wait.
  EXPECT_GT(pacer.waits(), 0u);
}

TEST(read_pacer, stop_ends_the_wait) {
  bounded_store store(64 << 10);
  ASSERT_TRUE(store.push(60 << 10));  // nearly full, and nothing drains it
  std::atomic<bool> stop{false};
  read_pacer pacer([&] { return store.occupancy(); }, [&] { return stop.load(); },
                   std::chrono::milliseconds(1));
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stop = true;
  });
  pacer.wait_for_room(100);  // returns only because of stop()
  stopper.join();
  EXPECT_TRUE(stop.load());
  EXPECT_EQ(pacer.waits(), 1u);
}

TEST(read_pacer, a_line_larger_than_the_allowance_waits_for_an_empty_store) {
  bounded_store store(64 << 10);
  ASSERT_TRUE(store.push(1000));
  std::thread consumer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    store.drain(1000);
  });
  read_pacer pacer([&] { return store.occupancy(); }, [] { return false; }, std::chrono::milliseconds(1));
  pacer.wait_for_room(40 << 10);  // costs more than half the capacity
  EXPECT_EQ(store.occupancy().held, 0u);
  consumer.join();
}

}  // namespace
}  // namespace cwlog::cli

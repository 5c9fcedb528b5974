#pragma once
// Backpressure for `cwlog ship`: a shipper reading a file or a pipe has its
// input as its buffer, so it must never hand the library a line the queue has
// no room for (the overflow policy would drop it). Before each line the pacer
// makes sure the line fits: it keeps what the shipper holds (from counters(),
// read again only when the estimate runs short) plus a generous estimate of
// what the lines since then cost, under half the queue's capacity (the other
// half absorbs formatting, which may make a record larger than its line), and
// otherwise waits for delivery to free room — reading slows to the pace of
// delivery instead of dropping.
#include <chrono>
#include <cstddef>
#include <functional>

namespace cwlog::cli {

class read_pacer {
 public:
  struct occupancy {
    std::size_t held = 0;      // bytes the shipper holds for undelivered records
    std::size_t capacity = 0;  // its bound (shipping.queue_bytes)
  };
  using occupancy_fn = std::function<occupancy()>;
  using stop_fn = std::function<bool()>;

  // `read_occupancy` reads the shipper's counters; `poll` is how long to sleep between looks while waiting.
  read_pacer(occupancy_fn read_occupancy, stop_fn stop,
             std::chrono::milliseconds poll = std::chrono::milliseconds(5));

  // Returns once a line of `line_bytes` fits (or stop() says to stop
  // waiting), and counts it as taken. A line larger than the whole allowance
  // waits only for an empty shipper.
  void wait_for_room(std::size_t line_bytes);

  // The bytes a line is counted for: the queued record (encoding and the
  // queue's overhead) and its formatted event, each at most twice the line.
  static std::size_t cost(std::size_t line_bytes) noexcept { return 2 * line_bytes + 512; }

  std::size_t waits() const noexcept { return waits_; }

 private:
  bool fits(std::size_t cost) const noexcept;
  void refresh();

  occupancy_fn occupancy_;
  stop_fn stop_;
  std::chrono::milliseconds poll_;
  occupancy last_;
  std::size_t since_refresh_ = 0;  // estimated cost of the lines taken since last_
  bool fresh_ = false;             // last_ has been read at least once
  std::size_t waits_ = 0;          // times the reader had to wait
};

}  // namespace cwlog::cli

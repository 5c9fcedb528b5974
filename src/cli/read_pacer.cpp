#include "read_pacer.h"

#include <thread>

namespace cwlog::cli {

read_pacer::read_pacer(occupancy_fn read_occupancy, stop_fn stop, std::chrono::milliseconds poll)
    : occupancy_(std::move(read_occupancy)), stop_(std::move(stop)), poll_(poll) {}

bool read_pacer::fits(std::size_t cost) const noexcept {
  const std::size_t allowance = last_.capacity / 2;
  const std::size_t used = last_.held + since_refresh_;
  // A line larger than the allowance goes only into an empty shipper.
  if (cost > allowance) return used == 0;
  return used <= allowance - cost;
}

void read_pacer::refresh() {
  last_ = occupancy_();
  since_refresh_ = 0;
  fresh_ = true;
}

void read_pacer::wait_for_room(std::size_t line_bytes) {
  const std::size_t c = cost(line_bytes);
  if (!fresh_ || !fits(c)) {
    refresh();
    bool waited = false;
    while (!fits(c) && !stop_()) {
      waited = true;
      std::this_thread::sleep_for(poll_);
      refresh();
    }
    waits_ += waited;
  }
  since_refresh_ += c;
}

}  // namespace cwlog::cli

#include "ship/record_queue.h"

#include <algorithm>

namespace cwlog::detail {
namespace {

constexpr std::size_t max_spare_fifos = 8;
constexpr std::size_t max_spare_fifo_capacity = 16384;  // records (1 MiB of slots)

}  // namespace

record_queue::record_queue(std::size_t capacity, overflow_policy policy,
                           std::chrono::milliseconds block_timeout, const clock_source& clock,
                           drop_counters& drops)
    : capacity_(capacity),
      policy_(policy),
      block_timeout_(block_timeout),
      clock_(clock),
      drops_(drops),
      wake_threshold_(std::min<std::size_t>(capacity / 4, 256u << 10)) {
  spare_fifos_.reserve(max_spare_fifos);
}

tenant_lane* record_queue::lane_for(std::optional<std::string_view> tenant) {
  if (!tenant) return &untenanted_;
  auto it = lanes_.find(*tenant);
  if (it != lanes_.end()) return it->second.get();
  auto lane = std::make_unique<tenant_lane>();
  lane->tenant = std::string(*tenant);
  auto* raw = lane.get();
  lanes_.emplace(std::string(*tenant), std::move(lane));
  return raw;
}

tenant_lane* record_queue::most_over_share(std::size_t share, const tenant_lane* exclude) const {
  tenant_lane* best = nullptr;
  for (auto* l : nonempty_) {
    if (l == exclude || l->queued.empty() || l->held <= share) continue;
    if (!best || l->held > best->held) best = l;
  }
  return best;
}

void record_queue::uncharge(tenant_lane* lane, std::size_t bytes) noexcept {
  bytes = std::min(bytes, lane->held);
  lane->held -= bytes;
  total_ -= std::min(bytes, total_);
  if (lane->held == 0 && bytes > 0) --active_lanes_;
  if (blocked_ > 0) space_cv_.notify_all();
}

void record_queue::evict_oldest(tenant_lane* lane) {
  queued_record victim = std::move(lane->queued.front());
  lane->queued.pop_front();
  queued_bytes_ -= std::min(victim.accounted, queued_bytes_);
  lane->queued_bytes -= std::min(victim.accounted, lane->queued_bytes);
  uncharge(lane, victim.accounted);
  drops_.add(drop_reason::evicted);
}

bool record_queue::push(std::optional<std::string_view> tenant, std::string_view encoded,
                        std::int64_t steady_ns) noexcept {
  try {
    std::unique_lock lk(mu_);
    return admit_locked(lk, tenant, encoded, steady_ns, true) == admit_result::accepted;
  } catch (...) {
    // Allocation failure for a new tenant lane or a fifo slot.
    drops_.add(drop_reason::queue_full);
    return false;
  }
}

admit_result record_queue::admission::offer(std::optional<std::string_view> tenant,
                                            std::string_view encoded) noexcept {
  try {
    return q_.admit_locked(lk_, tenant, encoded, 0, false);
  } catch (...) {
    q_.drops_.add(drop_reason::queue_full);
    return admit_result::dropped;
  }
}

admit_result record_queue::admit_locked(std::unique_lock<adaptive_mutex>& lk,
                                        std::optional<std::string_view> tenant, std::string_view encoded,
                                        std::int64_t steady_ns, bool may_wait) {
  // Charged by what it takes in its block: that is the memory the record holds.
  const std::size_t cost = blob_writer::placed_size(encoded.size()) + record_overhead;
  if (closed_) {
    // From a ring, the record was accepted by log() before shutdown: it stays
    // there, and shutdown counts it as undelivered (shutdown_deadline).
    if (!may_wait) return admit_result::no_room;
    drops_.add(drop_reason::stopped);
    return admit_result::dropped;
  }
  tenant_lane* lane = lane_for(tenant);
  const std::size_t room = capacity_ - fixed_;  // what records may hold
  if (cost > room) {
    drops_.add(drop_reason::queue_full);
    return admit_result::dropped;
  }
  std::optional<std::chrono::steady_clock::time_point> deadline;
  while (total_ + cost > capacity_) {
    const std::size_t tenants = active_lanes_ + (lane->held == 0 ? 1 : 0);
    const std::size_t share = room / std::max<std::size_t>(tenants, 1);
    const bool over_share = lane->held + cost > share;
    if (!over_share) {
      // Fairness first: a tenant within its share takes room from the loudest
      // — one clearly over its share (by half again), so that tenants logging
      // at the same rate, each a little over or under as batches come and go,
      // do not evict each other (with overflow_policy::block they then wait).
      if (auto* victim = most_over_share(share + share / 2, lane)) {
        evict_oldest(victim);
        continue;
      }
    }
    if (policy_ == overflow_policy::drop_oldest) {
      tenant_lane* victim = most_over_share(share, nullptr);
      if (!victim) {
        // Nobody over share: the heaviest lane with queued records pays.
        for (auto* l : nonempty_)
          if (!l->queued.empty() && (!victim || l->held > victim->held)) victim = l;
      }
      if (victim) {
        evict_oldest(victim);
        continue;
      }
    } else if (policy_ == overflow_policy::block && !closed_) {
      // The record stays in its ring; the ring's owner waits when it is full.
      if (!may_wait) return admit_result::no_room;
      // The injected clock decides when the timeout has passed; the real
      // wait is only how long to sleep before looking again.
      if (!deadline) {
        deadline = clock_.steady_now() + block_timeout_;
        ++block_waits_;
      }
      ++blocked_;
      space_cv_.wait_for(lk, clock_.real_wait(*deadline - clock_.steady_now()));
      --blocked_;
      if (closed_) {
        drops_.add(drop_reason::stopped);
        return admit_result::dropped;
      }
      if (clock_.steady_now() >= *deadline && total_ + cost > capacity_) {
        drops_.add(drop_reason::block_timeout);
        return admit_result::dropped;
      }
      continue;
    }
    drops_.add(drop_reason::queue_full);
    return admit_result::dropped;
  }
  // Each may throw (std::bad_alloc): nothing is charged yet.
  record_blob blob = lane->blobs.copy(encoded, lane->queued_bytes);
  queued_record& r = lane->queued.emplace_back();
  if (lane->held == 0) ++active_lanes_;
  lane->held += cost;
  total_ += cost;
  queued_bytes_ += cost;
  lane->queued_bytes += cost;
  r.blob = std::move(blob);
  r.seq = ++seq_;
  r.enqueued_ns = steady_ns;
  r.lane = lane;
  r.accounted = cost;
  ++enqueued_;
  if (!lane->listed) {
    lane->listed = true;
    nonempty_.push_back(lane);
  }
  if (queued_bytes_ >= wake_threshold_ && !wake_) {
    wake_ = true;
    data_cv_.notify_one();
  }
  return admit_result::accepted;
}

void record_queue::wait_for_space(std::chrono::nanoseconds timeout) {
  std::unique_lock lk(mu_);
  if (closed_) return;
  ++blocked_;
  space_cv_.wait_for(lk, timeout);
  --blocked_;
}

void record_queue::count_block_wait() noexcept {
  std::lock_guard lk(mu_);
  ++block_waits_;
}

bool record_queue::reserve_fixed(std::size_t bytes) noexcept {
  std::lock_guard lk(mu_);
  // The rings never take the room records need: a record bigger than what is
  // left must still fit once the queue has emptied.
  if (total_ + bytes > capacity_ || fixed_ + bytes > capacity_ / 2) return false;
  fixed_ += bytes;
  total_ += bytes;
  return true;
}

void record_queue::release_fixed(std::size_t bytes) noexcept {
  std::lock_guard lk(mu_);
  bytes = std::min(bytes, fixed_);
  fixed_ -= bytes;
  total_ -= bytes;
  if (blocked_ > 0) space_cv_.notify_all();
}

void record_queue::wait_for_data(std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  if (!wake_) data_cv_.wait_for(lk, timeout, [&] { return wake_; });
}

std::size_t record_queue::drain(std::vector<queued_record>& out, std::chrono::milliseconds timeout,
                                std::size_t max_bytes) {
  // Whole lanes are swapped out under the lock (O(1) each) and moved into
  // `out` after it is released, so callers never wait behind a long drain.
  std::vector<record_fifo> whole;
  std::size_t n = 0;
  {
    std::unique_lock lk(mu_);
    // Sleep for the tick even when records are waiting: batching works on
    // whatever has gathered, and callers do not meet the consumer on the lock.
    if (!wake_) data_cv_.wait_for(lk, timeout, [&] { return wake_; });
    wake_ = false;
    std::size_t taken = 0;
    if (queued_bytes_ <= max_bytes) {
      whole.resize(nonempty_.size());
      for (std::size_t i = 0; i < nonempty_.size(); ++i) {
        tenant_lane* lane = nonempty_[i];
        // The lane continues with a recycled fifo that already has capacity.
        if (!spare_fifos_.empty()) {
          whole[i].swap(spare_fifos_.back());
          spare_fifos_.pop_back();
        }
        whole[i].swap(lane->queued);
        taken += lane->queued_bytes;
        lane->queued_bytes = 0;
        lane->listed = false;
      }
      nonempty_.clear();
    }
    // Under pressure: an equal slice of the budget per tenant, round after round.
    while (!nonempty_.empty() && taken < max_bytes) {
      const std::size_t slice = std::max<std::size_t>(1, (max_bytes - taken) / nonempty_.size());
      for (auto* lane : nonempty_) {
        std::size_t lane_taken = 0;
        while (!lane->queued.empty() && (lane_taken == 0 || lane_taken < slice)) {
          queued_record& r = lane->queued.front();
          lane_taken += r.accounted;
          out.push_back(std::move(r));
          lane->queued.pop_front();
          ++n;
        }
        taken += lane_taken;
        lane->queued_bytes -= std::min(lane_taken, lane->queued_bytes);
        if (lane->queued.empty()) lane->listed = false;
      }
      std::erase_if(nonempty_, [](const tenant_lane* l) { return !l->listed; });
    }
    queued_bytes_ -= std::min(queued_bytes_, taken);
    if (lanes_.size() > 256) forget_idle_lanes();
  }
  if (whole.empty()) return n;
  for (auto& f : whole) {
    n += f.size();
    f.move_to(out);
  }
  std::lock_guard lk(mu_);
  for (auto& f : whole)
    if (spare_fifos_.size() < max_spare_fifos && f.capacity() <= max_spare_fifo_capacity)
      spare_fifos_.push_back(std::move(f));
  return n;
}

void record_queue::forget_idle_lanes() {
  std::erase_if(lanes_, [](const auto& kv) { return kv.second->held == 0 && !kv.second->listed; });
}

void record_queue::try_wake() noexcept {
  // Busy means the consumer is at work and looks at the rings again before it
  // sleeps; a wake-up missed otherwise costs at most one tick.
  if (!mu_.try_lock()) return;
  wake_ = true;
  data_cv_.notify_one();
  mu_.unlock();
}

void record_queue::wake() {
  std::lock_guard lk(mu_);
  wake_ = true;
  data_cv_.notify_one();
}

void record_queue::release(tenant_lane* lane, std::size_t bytes) noexcept {
  if (!lane || bytes == 0) return;
  std::lock_guard lk(mu_);
  uncharge(lane, bytes);
}

void record_queue::charge(tenant_lane* lane, std::size_t bytes) noexcept {
  if (!lane || bytes == 0) return;
  std::lock_guard lk(mu_);
  if (lane->held == 0) ++active_lanes_;
  lane->held += bytes;
  total_ += bytes;
}

void record_queue::adjust(const std::vector<std::pair<tenant_lane*, std::ptrdiff_t>>& deltas) noexcept {
  if (deltas.empty()) return;
  std::lock_guard lk(mu_);
  for (const auto& [lane, delta] : deltas) {
    if (!lane || delta == 0) continue;
    if (delta > 0) {
      if (lane->held == 0) ++active_lanes_;
      lane->held += static_cast<std::size_t>(delta);
      total_ += static_cast<std::size_t>(delta);
    } else {
      uncharge(lane, static_cast<std::size_t>(-delta));
    }
  }
}

void record_queue::close() {
  std::lock_guard lk(mu_);
  closed_ = true;
  space_cv_.notify_all();
  wake_ = true;
  data_cv_.notify_one();
}

std::size_t record_queue::bytes() const {
  std::lock_guard lk(mu_);
  return total_ - fixed_;
}
std::uint64_t record_queue::enqueued() const {
  std::lock_guard lk(mu_);
  return enqueued_;
}
std::uint64_t record_queue::block_waits() const {
  std::lock_guard lk(mu_);
  return block_waits_;
}
std::uint64_t record_queue::accepted_seq() const {
  std::lock_guard lk(mu_);
  return seq_;
}
std::size_t record_queue::tenant_count() const {
  std::lock_guard lk(mu_);
  return lanes_.size();
}

}  // namespace cwlog::detail

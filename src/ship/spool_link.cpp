#include "ship/spool_link.h"

#include <utility>

namespace cwlog::detail {
namespace {

// How often a running shipper looks for directories whose owner died after it
// started (two processes sharing spool_dir, one killed): a directory scan and
// one non-blocking flock per directory.
constexpr std::chrono::seconds adoption_period{30};

}  // namespace

spool_link::spool_link(const shipping_options& shipping, const clock_source& clock,
                       diagnostics_sink diagnostics)
    : clock_(clock), diagnostics_(std::move(diagnostics)) {
  if (shipping.spool_dir.empty()) return;
  spool_ = std::make_unique<spool>(spool_settings_for(shipping), clock_);
  replaying_ = spool_->replay_pending();
  next_adoption_ = clock_.steady_now() + adoption_period;
}

spool_link::~spool_link() = default;

bool spool_link::append(held& h) {
  const auto r = spool_->append(h.rec.blob.view());
  switch (r.status) {
    case spool_append_status::stored:
      h.seq = r.seq;
      h.pending = false;
      return true;
    case spool_append_status::too_large:
      memory_only_.fetch_add(1, std::memory_order_relaxed);
      h.pending = false;  // shipped from memory only
      return true;
    case spool_append_status::full:
      break;
  }
  return false;
}

void spool_link::accept(std::vector<queued_record>& drained) {
  for (auto& rec : drained) {
    held& h = backlog_.emplace_back();
    h.rec = std::move(rec);
    // Behind a record that waits for room, later ones wait too (order).
    if (unappended_ > 0 || !append(h)) {
      if (unappended_ == 0) waited_full_.fetch_add(1, std::memory_order_relaxed);
      ++unappended_;
    }
  }
  drained.clear();
}

void spool_link::take_routable(std::vector<queued_record>& out, std::vector<spool_seq>& seqs,
                               std::size_t room) {
  std::size_t taken = 0;
  if (spool_ && replaying_.load(std::memory_order_relaxed) && room > 0) {
    replay_scratch_.clear();
    spool_->replay(replay_scratch_, room);
    for (auto& r : replay_scratch_) {
      taken += r.record.size();
      // Not charged to any lane: the dead shipper's callers are gone, and the
      // bytes count downstream once formatted (the ledger's bound).
      queued_record& q = out.emplace_back();
      q.blob = record_blob::copy_of(r.record);
      seqs.push_back(r.seq);
    }
    replayed_routed_.fetch_add(replay_scratch_.size(), std::memory_order_relaxed);
    replaying_ = spool_->replay_pending();
  }
  while (!backlog_.empty() && !backlog_.front().pending && taken < room) {
    held& h = backlog_.front();
    taken += h.rec.accounted;
    seqs.push_back(h.seq);
    out.push_back(std::move(h.rec));
    backlog_.pop_front();
  }
}

void spool_link::routed(spool_seq seq, std::size_t events) {
  if (seq == 0) return;
  if (events == 0) {
    spool_->settle(seq);
    return;
  }
  std::lock_guard lk(mu_);
  outstanding_[seq] = events;
}

void spool_link::settled(const batch& b) {
  if (!spool_) return;
  std::lock_guard lk(mu_);
  for (const auto& e : b.events) {
    if (e.spool_seq == 0) continue;
    auto it = outstanding_.find(e.spool_seq);
    if (it == outstanding_.end()) continue;
    if (--it->second > 0) continue;
    outstanding_.erase(it);
    spool_->settle(e.spool_seq);  // its own lock, taken briefly: no order with ours matters
  }
}

void spool_link::tick() {
  if (!spool_) return;
  spool_->tick();
  if (unappended_ > 0) {
    // Settled segments may have made room: append in order again.
    for (auto& h : backlog_) {
      if (!h.pending) continue;
      if (!append(h)) break;
      --unappended_;
    }
  }
  const auto now = clock_.steady_now();
  if (now >= next_adoption_) {
    next_adoption_ = now + adoption_period;
    if (spool_->adopt_orphans() > 0) replaying_ = spool_->replay_pending();
  }
  for (auto& message : spool_->take_diagnostics()) diagnostics_(message);
}

void spool_link::write_now() {
  if (!spool_) return;
  spool_->write_now();
  for (auto& message : spool_->take_diagnostics()) diagnostics_(message);
}

void spool_link::keep_unrouted(std::vector<queued_record>& left) {
  if (!spool_) return;
  std::vector<queued_record> all;
  all.reserve(backlog_.size() + left.size());
  for (auto& h : backlog_) {
    if (h.pending) append(h);
    all.push_back(std::move(h.rec));
  }
  for (auto& rec : left) {
    held h;
    h.rec = std::move(rec);
    append(h);
    all.push_back(std::move(h.rec));
  }
  left.swap(all);
  backlog_.clear();
  unappended_ = 0;
  write_now();
  const auto c = spool_->counters();
  left_.store(c.appended + c.replayed - c.settled, std::memory_order_relaxed);
}

void spool_link::copy_to(spool_totals& out) const {
  if (!spool_) return;
  const auto c = spool_->counters();
  out.enabled = true;
  out.appended = c.appended;
  out.replayed = c.replayed;
  out.adopted_dirs = c.adopted_dirs;
  out.settled = c.settled;
  out.waited_full = waited_full_.load(std::memory_order_relaxed);
  out.memory_only = memory_only_.load(std::memory_order_relaxed);
  out.write_errors = c.write_errors;
  out.unwritten = c.unwritten;
  out.damaged = c.crc_mismatches + c.corrupt_regions + c.torn_tails;
  out.skipped_bytes = c.skipped_bytes;
  out.unreadable_files = c.unreadable_files;
  out.bytes = c.own_bytes;
  out.left = left_.load(std::memory_order_relaxed);
}

}  // namespace cwlog::detail

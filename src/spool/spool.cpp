// The spool's own segments: append, timed writes, settlement and deletion
// (spool.h). Adoption and replay are in spool_replay.cpp.
#include "spool/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "spool/segment_format.h"
#include "spool/spool_dirs.h"

namespace cwlog::detail {

spool_settings spool_settings_for(const cwlog::shipping_options& s) {
  spool_settings out;
  out.dir = s.spool_dir;
  out.max_bytes = s.spool_bytes;
  out.sync = s.spool_sync;
  out.write_interval = s.spool_write_interval;
  // A segment is a small share of the bound, so settled space comes back in
  // steps of at most a sixteenth of it.
  out.segment_bytes = std::clamp<std::uint64_t>(s.spool_bytes / 16, 64u << 10, 8u << 20);
  return out;
}

spool::spool(spool_settings settings, const clock_source& clock)
    : settings_(std::move(settings)),
      clock_(clock),
      own_(create_own_dir(settings_.dir)),
      pid_(::getpid()),
      last_write_(clock_.steady_now()) {
  adopt_orphans();
}

spool::~spool() {
  if (::getpid() != pid_) return;  // a forked child: nothing here is ours
  apply_settles();
  for (auto it = own_segments_.begin(); it != own_segments_.end();) {
    auto next = std::next(it);
    if (it->second.outstanding == 0) delete_segment(own_segments_, it);
    it = next;
  }
  write_pass(settings_.sync == cwlog::spool_sync_policy::interval);
  if (own_segments_.empty()) own_.remove_dir_and_release();
  // adopted_ and own_ release their locks as members go.
}

void spool::count(std::uint64_t spool_counters::*field, std::uint64_t n) {
  std::lock_guard lock(shared_mu_);
  counters_.*field += n;
}

void spool::note(std::string message) {
  std::lock_guard lock(shared_mu_);
  // Bounded: a disk that fails every write must not grow memory.
  if (diagnostics_.size() < 100) diagnostics_.push_back("cwlog spool: " + std::move(message));
}

spool_append_result spool::append(std::string_view record) {
  // One that could never fit, even in an empty spool, is not "full".
  if (record.size() > max_frame_payload ||
      segment_header_bytes + frame_bytes(record.size()) > settings_.max_bytes)
    return {spool_append_status::too_large, 0};
  segment* active = own_segments_.empty() || own_segments_.rbegin()->second.sealed
                        ? nullptr
                        : &own_segments_.rbegin()->second;
  const std::uint64_t frame = frame_bytes(record.size());
  if (active != nullptr && active->writer->total_bytes() + frame > settings_.segment_bytes &&
      !active->settled.empty()) {
    seal_active();
    active = nullptr;
  }
  const std::uint64_t need = frame + (active == nullptr ? segment_header_bytes : 0);
  if (own_bytes_ + need > settings_.max_bytes) {
    count(&spool_counters::refused_full);
    return {spool_append_status::full, 0};
  }
  const spool_seq seq = next_seq_++;
  if (active == nullptr) {
    segment s;
    s.path = own_.dir() / segment_name(seq);
    s.writer = std::make_unique<segment_writer>(s.path);
    active = &own_segments_.emplace(seq, std::move(s)).first->second;
  }
  active->writer->append(record);
  active->settled.push_back(false);
  ++active->outstanding;
  active->charged += need;
  own_bytes_ += need;
  {
    std::lock_guard lock(shared_mu_);
    ++counters_.appended;
    counters_.own_bytes = own_bytes_;
  }
  return {spool_append_status::stored, seq};
}

void spool::seal_active() {
  if (!own_segments_.empty()) own_segments_.rbegin()->second.sealed = true;
}

void spool::settle(spool_seq seq) {
  std::lock_guard lock(shared_mu_);
  pending_settles_.push_back(seq);
}

void spool::tick() {
  apply_settles();
  // A live segment whose records are all settled is done: start afresh
  // rather than keep a file of settled records growing.
  if (!own_segments_.empty()) {
    auto last = std::prev(own_segments_.end());
    if (!last->second.sealed && last->second.outstanding == 0 && !last->second.settled.empty())
      delete_segment(own_segments_, last);
  }
  const auto now = clock_.steady_now();
  if (now - last_write_ >= settings_.write_interval) {
    write_pass(settings_.sync == cwlog::spool_sync_policy::interval);
    last_write_ = now;
    return;
  }
  std::uint64_t buffered = 0;
  for (const auto& [first, s] : own_segments_) {
    if (s.writer) buffered += s.writer->buffered_bytes();
  }
  if (buffered >= settings_.write_buffer_bytes) write_pass(false);
}

void spool::write_now() {
  apply_settles();
  write_pass(settings_.sync == cwlog::spool_sync_policy::interval);
  last_write_ = clock_.steady_now();
}

void spool::write_pass(bool sync) {
  bool created = false;
  for (auto& [first, s] : own_segments_) {
    if (!s.writer) continue;
    const bool was_created = s.writer->created();
    if (auto error = s.writer->write_out(sync); !error.empty()) {
      // The records stay in the engine's memory; only their copy on disk is
      // lost. The next append starts a new segment.
      count(&spool_counters::write_errors);
      count(&spool_counters::unwritten, s.outstanding);
      note(std::move(error));
      s.writer.reset();
      s.sealed = true;
      continue;
    }
    created = created || (!was_created && s.writer->created());
    // A sealed segment is closed once all of it is on disk (and synced, when
    // the policy syncs).
    const bool synced = s.writer->clean() || settings_.sync == cwlog::spool_sync_policy::none;
    if (s.sealed && s.writer->buffered_bytes() == 0 && synced) s.writer.reset();
  }
  dir_unsynced_ = dir_unsynced_ || created;
  if (sync && dir_unsynced_) {
    // A new file's name is durable only once its directory is synced.
    const int fd = ::open(own_.dir().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      if (::fsync(fd) != 0) note("cannot sync " + own_.dir().string() + ": " + std::strerror(errno));
      ::close(fd);
    }
    dir_unsynced_ = false;
  }
}

void spool::apply_settles() {
  std::vector<spool_seq> seqs;
  {
    std::lock_guard lock(shared_mu_);
    seqs.swap(pending_settles_);
  }
  for (const spool_seq seq : seqs) {
    settle_one((seq & replayed_seq_bit) != 0 ? replay_segments_ : own_segments_, seq);
  }
  release_finished_adopted();
}

void spool::settle_one(std::map<spool_seq, segment>& in, spool_seq seq) {
  auto it = in.upper_bound(seq);
  if (it == in.begin()) return;
  --it;
  segment& s = it->second;
  const spool_seq index = seq - it->first;
  if (index >= s.settled.size() || s.settled[index]) return;
  s.settled[index] = true;
  --s.outstanding;
  count(&spool_counters::settled);
  if (s.outstanding == 0 && s.sealed) delete_segment(in, it);
}

void spool::delete_segment(std::map<spool_seq, segment>& in, std::map<spool_seq, segment>::iterator it) {
  segment& s = it->second;
  // Nothing left to write: every record in it is settled.
  s.writer.reset();
  std::error_code ec;
  std::filesystem::remove(s.path, ec);
  if (ec) note("cannot delete " + s.path.string() + ": " + ec.message());
  if (s.adopted < adopted_.size()) --adopted_[s.adopted].live;
  own_bytes_ -= s.charged;
  in.erase(it);
  std::lock_guard lock(shared_mu_);
  ++counters_.segments_deleted;
  counters_.own_bytes = own_bytes_;
}

spool_counters spool::counters() const {
  std::lock_guard lock(shared_mu_);
  return counters_;
}

std::vector<std::string> spool::take_diagnostics() {
  std::lock_guard lock(shared_mu_);
  return std::exchange(diagnostics_, {});
}

}  // namespace cwlog::detail

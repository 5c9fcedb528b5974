// Adoption of dead owners' directories and replay of their records (spool.h).
#include <algorithm>
#include <string>

#include "spool/segment_format.h"
#include "spool/spool.h"
#include "spool/spool_dirs.h"

namespace cwlog::detail {

std::size_t spool::adopt_orphans() {
  std::vector<std::filesystem::path> skip{own_.dir()};
  for (const auto& a : adopted_) skip.push_back(a.lock.dir());
  auto found = lock_orphans(settings_.dir, skip);
  for (auto& lock : found) {
    adopted_dir a{std::move(lock), {}, 0};
    a.pending = segment_files(a.lock.dir());
    adopted_.push_back(std::move(a));
  }
  count(&spool_counters::adopted_dirs, found.size());
  release_finished_adopted();
  return found.size();
}

bool spool::replay_pending() const noexcept {
  if (loaded_next_ < loaded_.scan.records.size()) return true;
  return std::any_of(adopted_.begin(), adopted_.end(),
                     [](const adopted_dir& a) { return !a.pending.empty(); });
}

std::size_t spool::replay(std::vector<replayed_record>& out, std::size_t max_bytes) {
  std::size_t added = 0;
  std::size_t bytes = 0;
  while (added == 0 || bytes < max_bytes) {
    if (loaded_next_ >= loaded_.scan.records.size() && !load_next_replay_segment()) break;
    const auto record = loaded_.scan.records[loaded_next_];
    out.push_back({loaded_first_ + loaded_next_, std::string(record)});
    ++loaded_next_;
    ++added;
    bytes += record.size();
  }
  count(&spool_counters::replayed, added);
  return added;
}

// Reads the next adopted file; false when none is left. A file without a
// good record is deleted at once (unless it is not ours); one with records
// becomes a segment whose records all get sequence numbers now, handed out by
// replay() and deleted when they are all settled.
bool spool::load_next_replay_segment() {
  loaded_next_ = 0;
  loaded_.scan = {};
  for (std::size_t i = 0; i < adopted_.size(); ++i) {
    adopted_dir& a = adopted_[i];
    while (!a.pending.empty()) {
      const auto path = a.pending.front();
      a.pending.erase(a.pending.begin());
      read_segment(path, loaded_);
      const auto& scan = loaded_.scan;
      {
        std::lock_guard lock(shared_mu_);
        counters_.crc_mismatches += scan.crc_mismatches;
        counters_.corrupt_regions += scan.corrupt_regions;
        counters_.torn_tails += scan.torn_tail ? 1 : 0;
        counters_.skipped_bytes += scan.skipped_bytes;
        counters_.unreadable_files += !loaded_.error.empty() || scan.foreign ? 1 : 0;
      }
      if (!loaded_.error.empty() || scan.foreign) {
        note(loaded_.error.empty() ? path.string() + " is not a cwlog spool segment: left in place"
                                   : loaded_.error);
        continue;
      }
      if (scan.crc_mismatches + scan.corrupt_regions > 0 || scan.torn_tail) {
        note(path.string() + ": skipped " + std::to_string(scan.skipped_bytes) + " damaged bytes (" +
             std::to_string(scan.crc_mismatches) + " checksum mismatches, " +
             std::to_string(scan.corrupt_regions) + " corrupt regions" +
             (scan.torn_tail ? ", a torn tail)" : ")"));
      }
      if (scan.records.empty()) {
        std::error_code ec;
        std::filesystem::remove(path, ec);
        continue;
      }
      segment s;
      s.path = path;
      s.settled.assign(scan.records.size(), false);
      s.outstanding = scan.records.size();
      s.sealed = true;
      s.adopted = i;
      loaded_first_ = next_replay_seq_;
      next_replay_seq_ += scan.records.size();
      replay_segments_.emplace(loaded_first_, std::move(s));
      ++a.live;
      return true;
    }
  }
  release_finished_adopted();
  return false;
}

// Gives back the directories whose every file is read and deleted. One that
// holds a file we could not read stays (rmdir fails, the lock is released),
// so that an operator can look at it; this spool does not adopt it again.
void spool::release_finished_adopted() {
  for (auto& a : adopted_) {
    if (a.lock.owned_here() && a.pending.empty() && a.live == 0) a.lock.remove_dir_and_release();
  }
}

}  // namespace cwlog::detail

#pragma once
// The disk spool: accepted records kept in append-only segment files until
// every copy of them is settled, so that a crash loses at most the last write
// interval, and what a dead shipper left is sent by the next one to start.
//
// How the engine uses it (all on the dispatcher thread, except settle()):
//
//   spool s(spool_settings_for(opts.shipping), clock);   // throws cwlog::error: cannot create/lock
//   // start: records a dead shipper left, routed by the current config
//   while (s.replay_pending()) {
//     s.replay(batch, room_in_bytes);      // each: {seq, record (encode_record bytes)}
//     ... decode, count as replayed, route and queue each copy, remember its seq ...
//   }
//   // every accepted record, in drain order, before routing:
//   auto r = s.append(encoded_record);
//   if (r.status == spool_append_status::stored) ... remember r.seq with the record (its copies share it) ...
//   if (r.status == spool_append_status::full) ... stop draining the queue: leave the record there and
//       retry after the next tick() (settles free whole segments); the queue's overflow policy then acts
//       on callers (block / drop_newest / drop_oldest, counted) exactly as when memory is full ...
//   if (r.status == spool_append_status::too_large) ... ship it from memory only (or drop it, counted) ...
//   // every dispatcher loop (e.g. its 10 ms tick), and after flush()/before shutdown returns:
//   s.tick();                              // writes/syncs when due, deletes settled segments
//   s.write_now();                         // flush(), shutdown: write and sync what is buffered
//   // once all copies of a record are delivered, rejected or dropped (any thread):
//   s.settle(seq);
//   // diagnostics: s.take_diagnostics() (I/O failures, damaged segments), s.counters()
//
// Records are appended to a memory buffer; tick() writes it when
// write_interval has passed since the last write (or earlier once
// write_buffer_bytes are waiting, without a sync), so a SIGKILL loses at most
// the records appended in the last write_interval; with
// spool_sync_policy::interval each timed write is followed by fdatasync, so
// a power loss loses the same; with ::none it loses what the kernel had not
// written back. A segment file is deleted once every record in it is settled;
// a live segment whose records are all settled is closed and deleted at the
// next tick. spool_bytes bounds this spool's own files (written and
// buffered); adopted segments are not counted (they only shrink).
//
// Records replayed from an adopted directory stay in their files until
// settled (they are not copied into ours): if this process dies too, the
// next one adopts them again, so a record can be delivered twice but is not
// lost. Their sequence numbers have replayed_seq_bit set.
//
// fork(): a child neither writes, syncs nor deletes anything of the parent's
// spool and does not hold its directory (dir_lock.h); the destructor does
// nothing there.
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/options.h>

#include "common/clock.h"
#include "spool/dir_lock.h"
#include "spool/segment_reader.h"
#include "spool/segment_writer.h"

namespace cwlog::detail {

struct spool_settings {
  std::filesystem::path dir;  // spool_dir, shared by every shipper using it
  std::uint64_t max_bytes = 1ull << 30;
  cwlog::spool_sync_policy sync = cwlog::spool_sync_policy::interval;
  std::chrono::milliseconds write_interval{200};
  std::uint64_t segment_bytes = 8u << 20;       // a segment is closed once it would grow past this
  std::uint64_t write_buffer_bytes = 1u << 20;  // buffered bytes that make tick() write early
};

spool_settings spool_settings_for(const cwlog::shipping_options& s);

using spool_seq = std::uint64_t;
inline constexpr spool_seq replayed_seq_bit = 1ull << 63;

enum class spool_append_status {
  stored,    // buffered; on disk within write_interval
  full,      // spool_bytes reached: nothing stored (the overflow policy decides)
  too_large  // above max_frame_payload (segment_format.h) or max_bytes: never storable
};

struct spool_append_result {
  spool_append_status status = spool_append_status::stored;
  spool_seq seq = 0;  // stored only
};

struct replayed_record {
  spool_seq seq = 0;
  std::string record;  // the bytes given to append() by the process that died
};

struct spool_counters {
  std::uint64_t appended = 0;      // records stored
  std::uint64_t refused_full = 0;  // appends refused: spool_bytes reached
  std::uint64_t settled = 0;       // settle() calls applied
  std::uint64_t unwritten = 0;     // records an I/O failure kept from the disk (still in memory)
  std::uint64_t write_errors = 0;  // failed writes, syncs, creates
  std::uint64_t segments_deleted = 0;
  std::uint64_t own_bytes = 0;       // this spool's files, written and buffered
  std::uint64_t adopted_dirs = 0;    // subdirectories of dead owners taken over
  std::uint64_t replayed = 0;        // records handed out by replay()
  std::uint64_t crc_mismatches = 0;  // in adopted segments (segment_format.h)
  std::uint64_t corrupt_regions = 0;
  std::uint64_t torn_tails = 0;
  std::uint64_t skipped_bytes = 0;
  std::uint64_t unreadable_files = 0;  // foreign or unreadable segment files, left in place
};

class spool {
 public:
  // Creates spool_dir if needed and this spool's own locked subdirectory,
  // then adopts the directories of dead owners (adopt_orphans()). Throws
  // cwlog::error when the directory cannot be created or locked.
  spool(spool_settings settings, const clock_source& clock);
  // Writes and syncs what is buffered; removes our directory when nothing in
  // it is unsettled, else leaves it for the next shipper to adopt.
  ~spool();
  spool(const spool&) = delete;
  spool& operator=(const spool&) = delete;

  spool_append_result append(std::string_view record);
  void tick();
  void write_now();
  // Thread-safe and cheap: applied by the next tick(). Unknown or repeated
  // numbers are ignored.
  void settle(spool_seq seq);

  // Takes over the directories of owners that are gone (also called by the
  // constructor; a long-running engine may call it now and then). Returns how
  // many it adopted.
  std::size_t adopt_orphans();
  bool replay_pending() const noexcept;
  // Appends adopted records to out until about max_bytes of records were
  // added (at least one when any is pending). Returns how many it added.
  std::size_t replay(std::vector<replayed_record>& out, std::size_t max_bytes);

  spool_counters counters() const;
  // Messages about I/O failures and damaged segments since the last call.
  std::vector<std::string> take_diagnostics();
  const std::filesystem::path& own_dir() const noexcept { return own_.dir(); }

 private:
  struct segment {
    std::filesystem::path path;
    std::unique_ptr<segment_writer> writer;  // own segments until written, synced and closed
    std::vector<bool> settled;               // by seq - first
    std::size_t outstanding = 0;
    std::uint64_t charged = 0;                           // own: bytes counted against max_bytes
    bool sealed = false;                                 // no more appends
    std::size_t adopted = static_cast<std::size_t>(-1);  // index into adopted_; own: -1
  };
  struct adopted_dir {
    dir_lock lock;
    std::vector<std::filesystem::path> pending;  // not read yet, in order
    std::size_t live = 0;                        // read, not yet deleted
  };

  void write_pass(bool sync);
  void apply_settles();
  void settle_one(std::map<spool_seq, segment>& in, spool_seq seq);
  void delete_segment(std::map<spool_seq, segment>& in, std::map<spool_seq, segment>::iterator it);
  void seal_active();
  bool load_next_replay_segment();
  void release_finished_adopted();
  void note(std::string message);
  void count(std::uint64_t spool_counters::*field, std::uint64_t n = 1);

  spool_settings settings_;
  const clock_source& clock_;
  dir_lock own_;
  pid_t pid_;
  std::map<spool_seq, segment> own_segments_;  // by first seq; the last may be active
  std::uint64_t own_bytes_ = 0;
  spool_seq next_seq_ = 1;
  std::chrono::steady_clock::time_point last_write_;
  bool dir_unsynced_ = false;

  std::vector<adopted_dir> adopted_;
  std::map<spool_seq, segment> replay_segments_;
  segment_contents loaded_;      // the adopted segment being handed out
  std::size_t loaded_next_ = 0;  // its next record
  spool_seq loaded_first_ = 0;
  spool_seq next_replay_seq_ = replayed_seq_bit | 1;

  mutable std::mutex shared_mu_;  // guards what settle() and counters() touch from other threads
  std::vector<spool_seq> pending_settles_;
  spool_counters counters_;
  std::vector<std::string> diagnostics_;
};

}  // namespace cwlog::detail

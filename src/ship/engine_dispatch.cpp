// The dispatcher thread: empties the callers' rings into the queue, drains it,
// routes, formats and batches.
#include <algorithm>
#include <unordered_map>

#include "ship/engine.h"
#include "ship/format_json.h"
#include "ship/record_codec.h"
#include "ship/route_memo.h"

namespace cwlog::detail {
namespace {

drop_reason reason_for(route_outcome o) {
  switch (o) {
    case route_outcome::dropped_by_rule:
      return drop_reason::dropped_by_rule;
    case route_outcome::below_min_level:
      return drop_reason::below_min_level;
    case route_outcome::invalid_name:
      return drop_reason::invalid_name;
    default:
      return drop_reason::no_destination;
  }
}

struct staged_event {
  std::size_t target;  // index into staged targets
  pending_event event;
};

// A copy's target as staged for the builders: consecutive records mostly go
// to the few destinations seen last, so a record's target is matched against
// those (names compared, no hashing) and shares their entry, and the table is
// looked up once per entry rather than once per event.
struct staged_target {
  route_target target;
  const destination_options* options;
  bool emf;
  destination_state* dest = nullptr;  // found under the engine's lock
};

constexpr std::size_t recent_targets = 8;

std::size_t stage_target(std::vector<staged_target>& staged, route_target&& t,
                         const destination_options* options, bool emf) {
  const std::size_t first = staged.size() > recent_targets ? staged.size() - recent_targets : 0;
  for (std::size_t i = staged.size(); i-- > first;) {
    const auto& s = staged[i];
    if (s.emf == emf && s.options == options && s.target.destination_index == t.destination_index &&
        s.target.stream == t.stream && s.target.group == t.group)
      return i;
  }
  staged.push_back({std::move(t), options, emf});
  return staged.size() - 1;
}

// Records dropped before they become events release their charge, per tenant
// lane; records of one lane come in runs.
class lane_delta_sum {
 public:
  std::ptrdiff_t& operator[](tenant_lane* lane) {
    if (lane != last_lane_ || !last_) {
      last_lane_ = lane;
      last_ = &by_lane_[lane];
    }
    return *last_;
  }
  lane_deltas deltas() const { return lane_deltas(by_lane_.begin(), by_lane_.end()); }

 private:
  std::unordered_map<tenant_lane*, std::ptrdiff_t> by_lane_;
  tenant_lane* last_lane_ = nullptr;
  std::ptrdiff_t* last_ = nullptr;
};

}  // namespace

void shipper_engine::dispatcher_loop() {
  std::vector<queued_record> records;
  std::vector<spool_seq> spool_seqs;
  while (!abort_.load()) {
    // Read before draining: every record logged before a flush() began is in
    // the queue by the time this drain runs, so it is cut below (and on disk).
    const bool cut_all = draining();
    const std::uint64_t write_request = spool_write_requested_.load();
    records.clear();
    spool_seqs.clear();
    take_records(records, spool_seqs);
    if (!records.empty()) {
      format_records(records, spool_seqs);
      records.clear();  // their bytes are in batches now: the blocks go as their last record does
    }
    if (spool_.enabled()) {
      spool_.tick();
      if (write_request > spool_written_.load()) {
        spool_.write_now();
        spool_written_ = write_request;
        settle_cv_.notify_all();
      }
    }
    const std::int64_t now = steady_ns();
    std::lock_guard lk(mu_);
    schedule_locked(now, cut_all);
    destinations_.expire_idle(now);
  }
  dispatcher_done_ = true;
}

void shipper_engine::take_records(std::vector<queued_record>& records, std::vector<spool_seq>& spool_seqs) {
  queue_.wait_for_data(deps_.tick);
  // The callers' rings go into the fair queue whatever the room downstream:
  // there the bound, fairness and the overflow policy decide what stays.
  collect_rings();
  if (!spool_.enabled()) {
    queue_.drain(records, std::chrono::milliseconds(0), ledger_.downstream_room());
    return;
  }
  // Everything accepted goes to disk now, however far delivery lags; routing
  // takes only what delivery can absorb (the rest waits, charged to its lane).
  std::vector<queued_record> drained;
  queue_.drain(drained, std::chrono::milliseconds(0));
  spool_.accept(drained);
  spool_.take_routable(records, spool_seqs, ledger_.downstream_room());
}

void shipper_engine::format_records(std::vector<queued_record>& records,
                                    std::span<const spool_seq> spool_seqs) {
  decoded_record dec;
  std::vector<route_target> targets;
  route_memo memo;
  route_memo::route chosen;  // this record's copies: (destination index, staged target)
  const bool memo_allowed = router_.routes_by_logger_level_tenant();
  std::vector<pending_event> parts;
  std::string text, encoded;
  // Above this a JSON event is written to `encoded`, then copied.
  constexpr std::size_t max_direct_json_room = std::size_t{64} << 10;
  // Events are staged without the engine's lock, then handed to their
  // builders under it, a slice at a time: the wire forms staged (and so held
  // twice for a moment) stay within a slice, and the senders wait for the
  // lock at most one slice's handing over.
  constexpr std::size_t slice_events = 1024;
  constexpr std::size_t slice_wire_bytes = std::size_t{256} << 10;
  std::vector<staged_target> staged_targets;
  std::vector<staged_event> staged;
  staged.reserve(std::min(records.size(), slice_events) + 16);
  wire_buffer& wire = staging_wire_;
  wire.clear();
  lane_delta_sum deltas;
  std::vector<std::uint64_t> copies_per_destination(router_.destination_count());
  std::uint64_t routed_records = 0, routed_copies = 0;
  std::size_t from_records = 0;  // the slice's records' queue charge
  const auto hand_over = [&] {
    // Counted (one atomic add each) and charged before any event of the slice
    // can be settled.
    if (routed_records > 0) stats_.routed(routed_records, routed_copies, copies_per_destination);
    std::size_t events_charge = 0;
    for (const auto& st : staged) events_charge += event_charge(st.event.wire().size());
    ledger_.formatted(deltas.deltas(), events_charge, from_records);
    {
      const std::int64_t now = steady_ns();
      std::lock_guard lk(mu_);
      for (auto& t : staged_targets)
        t.dest = &destinations_.use(t.options, t.target.group, t.target.stream, now, t.emf);
      std::size_t allocated = 0;
      for (auto& st : staged) allocated += staged_targets[st.target].dest->builder.add(st.event);
      // Under the lock: none of these batches is cut, so none settles, before it counts.
      ledger_.holding(allocated);
    }
    staged_targets.clear();
    memo.clear();  // its routes point at the staged targets
    staged.clear();
    wire.clear();
    deltas = {};
    std::fill(copies_per_destination.begin(), copies_per_destination.end(), 0);
    routed_records = routed_copies = 0;
    from_records = 0;
  };
  const std::int64_t picked_up = steady_ns();
  for (std::size_t ri = 0; ri < records.size(); ++ri) {
    if (staged.size() >= slice_events || wire.used() >= slice_wire_bytes) hand_over();
    auto& rec = records[ri];
    const spool_seq sseq = ri < spool_seqs.size() ? spool_seqs[ri] : 0;
    if (rec.enqueued_ns == 0) rec.enqueued_ns = picked_up;
    if (!dec.decode(rec.blob.view())) {
      deltas[rec.lane] -= static_cast<std::ptrdiff_t>(rec.accounted);
      drops_.add(drop_reason::service_error);
      stats_.dropped_downstream(1);
      spool_.routed(sseq, 0);
      continue;
    }
    const record_view& view = dec.view();
    const fixed_destination* fixed = nullptr;
    // A fixed destination's id is the logging process's own: a record a dead
    // shipper left is routed by this one's configuration instead.
    const bool fixed_id = dec.destination() != 0 && (sseq & replayed_seq_bit) == 0;
    const route_memo::route* known = !fixed_id && memo_allowed ? memo.find(view, dec.emf()) : nullptr;
    if (known) {
      chosen.outcome = known->outcome;
      chosen.targets.assign(known->targets.begin(), known->targets.end());
    } else {
      targets.clear();
      if (fixed_id) {
        // A fixed destination (cwlog/destination.h): no routing, names as opened.
        fixed = fixed_.find(dec.destination());
        if (fixed) targets.push_back({SIZE_MAX, fixed->opts.group, fixed->opts.stream});
      }
      chosen.outcome = fixed_id ? route_outcome::no_destination : router_.route(view, targets);
      chosen.targets.clear();
      for (auto& t : targets) {
        const std::size_t di = t.destination_index;
        const destination_options* options = fixed ? &fixed->opts : &router_.destination(di);
        chosen.targets.emplace_back(di, stage_target(staged_targets, std::move(t), options, dec.emf()));
      }
      if (!fixed_id && memo_allowed) memo.remember(view, dec.emf(), chosen);
    }
    if (chosen.targets.empty()) {
      const route_outcome outcome = chosen.outcome;
      deltas[rec.lane] -= static_cast<std::ptrdiff_t>(rec.accounted);
      drops_.add(outcome == route_outcome::routed ? drop_reason::no_destination : reason_for(outcome));
      stats_.dropped_downstream(1);
      spool_.routed(sseq, 0);
      continue;
    }
    std::size_t record_events = 0;
    ++routed_records;
    from_records += rec.accounted;
    routed_copies += chosen.targets.size();
    for (std::size_t t = 0; t < chosen.targets.size(); ++t) {
      const auto [di, target] = chosen.targets[t];
      if (di < copies_per_destination.size()) ++copies_per_destination[di];
      const plain_formatter* plain = fixed                ? fixed->plain.get()
                                     : di < plain_.size() ? plain_[di].get()
                                                          : nullptr;
      pending_event proto;
      // The record's charge stays with its lane until its events settle: each
      // copy carries its share (make_events spreads it over split parts).
      const std::size_t copies = chosen.targets.size();
      proto.accounted = rec.accounted / copies + (t == 0 ? rec.accounted % copies : 0);
      proto.timestamp_ms = view.timestamp_ns / 1'000'000;
      proto.seq = rec.seq;
      proto.lane = rec.lane;
      proto.enqueued_ns = rec.enqueued_ns;
      proto.spool_seq = sseq;
      proto.destination =
          di < pending_event::no_destination ? static_cast<std::uint32_t>(di) : pending_event::no_destination;
      parts.clear();
      bool made = false;
      if (!dec.emf() && !plain) {
        // The JSON object is escaped as it is written, straight into its
        // event's wire form in the staging buffer (one pass, no copy); one
        // over the size limit is made again as text below, to be split or
        // truncated. (A record whose room would be large takes a scratch
        // string first, so the staging buffer never grows for it.)
        const std::size_t limit = deps_.limits.max_message_bytes;
        const std::size_t room = json_event_room(view);
        std::size_t bytes = 0;
        std::string_view placed;
        if (room <= max_direct_json_room) {
          placed = wire.append_with(room, [&](char* at) -> const char* {
            const char* end = write_json_event(at, proto.timestamp_ms, view, bytes);
            return bytes <= limit ? end : nullptr;
          });
        } else {
          encoded.clear();
          bytes = append_json_event(encoded, proto.timestamp_ms, view);
          if (bytes <= limit) placed = wire.append(encoded);
        }
        if (bytes <= limit) {
          make_encoded_event(placed, bytes, proto, parts);
          made = true;
        }
      }
      if (!made) {
        text.clear();
        if (dec.emf()) {
          text = view.message;  // made and checked by src/metrics: sent as is
        } else if (plain) {
          plain->format(view, text);  // valid UTF-8, literals included
        } else {
          format_json(view, text);
        }
        if (text.size() > deps_.limits.max_message_bytes) {
          if (opts_.shipping.oversize == oversize_policy::split)
            stats_.split();
          else
            stats_.truncated();
        }
        make_events(text, proto, opts_.shipping.oversize, deps_.limits.max_message_bytes, wire, parts);
      }
      // Each copy (one per destination) is settled on its own, counted through
      // its first part (pending_event::weight).
      for (auto& e : parts) staged.push_back({target, std::move(e)});
      record_events += parts.size();
    }
    // Before the events reach the builders (hand_over), where senders settle them.
    spool_.routed(sseq, record_events);
  }
  hand_over();
}

void shipper_engine::schedule_locked(std::int64_t now, bool cut_all) {
  const std::int64_t interval =
      std::chrono::duration_cast<std::chrono::nanoseconds>(opts_.shipping.flush_interval).count();
  if (!cut_all && ledger_.under_pressure()) cut_largest_under_pressure_locked();
  bool scheduled = false;
  destinations_.for_each([&](destination_state& dest) {
    destination_state* d = &dest;
    auto& b = d->builder;
    while (b.full()) d->ready.push_back(b.cut());
    // A flush cuts what a destination holds once it is idle: while its
    // batches are in flight the builder goes on filling, so a flush of many
    // destinations does not turn into a stream of tiny batches. (Full batches
    // go in parallel, up to max_in_flight_per_stream.)
    const bool idle = d->in_flight == 0 && d->ready.empty();
    if (!b.empty() && ((cut_all && idle) || now - b.oldest_enqueued_ns() >= interval)) {
      while (!b.empty()) d->ready.push_back(b.cut());
    }
    if (send_ready_locked(d, now) > 0) scheduled = true;
  });
  if (scheduled) send_cv_.notify_all();
}

// Under memory pressure the events waiting in builders are what keeps the
// dispatcher from draining the queue: with many destinations none of them fills
// a batch before the downstream budget is spent, and each would wait out the
// flush interval. So when the senders run out of work, the idle destinations
// holding the most send now — just enough of them to keep every sender busy,
// so that the others go on filling their batches and requests stay few.
void shipper_engine::cut_largest_under_pressure_locked() {
  const std::size_t wanted = opts_.shipping.max_in_flight;
  if (scheduler_.size() >= wanted) return;  // the senders have work: let batches grow
  std::vector<destination_state*> idle;
  destinations_.for_each([&](destination_state& d) {
    if (d.in_flight == 0 && d.ready.empty() && !d.builder.empty()) idle.push_back(&d);
  });
  const std::size_t n = std::min(idle.size(), wanted - scheduler_.size());
  std::partial_sort(idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(n), idle.end(),
                    [](const destination_state* a, const destination_state* b) {
                      return a->builder.bytes() > b->builder.bytes();
                    });
  for (std::size_t i = 0; i < n; ++i) {
    auto& b = idle[i]->builder;
    while (!b.empty()) idle[i]->ready.push_back(b.cut());
  }
}

}  // namespace cwlog::detail

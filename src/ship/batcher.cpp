#include "ship/batcher.h"

#include <algorithm>

#include "common/utf8.h"
#include "logs/put_log_events_body.h"

namespace cwlog::detail {
namespace {

bool event_less(const pending_event& a, const pending_event& b) noexcept {
  if (a.timestamp_ms != b.timestamp_ms) return a.timestamp_ms < b.timestamp_ms;
  if (a.seq != b.seq) return a.seq < b.seq;
  return a.part < b.part;
}

std::size_t aws_bytes(const pending_event& e) noexcept {
  return e.message_bytes + per_event_overhead_bytes;
}

std::size_t digits(std::size_t n) {
  std::size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

// Cuts s into chunks of at most chunk bytes on code point boundaries.
std::vector<std::string_view> chunks_of(std::string_view s, std::size_t chunk) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    std::size_t n = utf8_prefix_length(s, chunk);
    if (n == 0)
      n = std::min(s.size(), chunk);  // chunk smaller than one code point: cannot happen with real limits
    out.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
  return out;
}

void spread_accounting(std::vector<pending_event>& out, std::size_t first, std::size_t accounted) {
  const std::size_t n = out.size() - first;
  for (std::size_t i = 0; i < n; ++i) {
    out[first + i].accounted = accounted / n + (i == 0 ? accounted % n : 0);
  }
}

}  // namespace

void make_encoded_event(std::string_view placed, std::size_t message_bytes, const pending_event& prototype,
                        std::vector<pending_event>& out) {
  pending_event& e = out.emplace_back(prototype);
  e.message_bytes = static_cast<std::uint32_t>(message_bytes);
  e.set_wire(placed);
}

namespace {

void push_event(std::string_view message, const pending_event& prototype, std::uint32_t part,
                wire_buffer& wire, std::string& scratch, std::vector<pending_event>& out) {
  scratch.clear();
  append_put_log_event(scratch, prototype.timestamp_ms, message);
  make_encoded_event(wire.append(scratch), message.size(), prototype, out);
  out.back().part = part;
}

}  // namespace

std::size_t make_events(std::string_view message, const pending_event& prototype, oversize_policy policy,
                        std::size_t max_message_bytes, wire_buffer& wire, std::vector<pending_event>& out) {
  if (message.empty()) message = empty_message_placeholder;
  // The wire form is written once into a scratch string, then copied into the
  // buffer: its size is known only once escaped. (A thread's scratch: this
  // runs on the dispatcher, and in tests.)
  thread_local std::string scratch;
  if (message.size() <= max_message_bytes) {
    push_event(message, prototype, 0, wire, scratch, out);
    return 1;
  }
  const std::size_t first = out.size();
  if (policy == oversize_policy::truncate || max_message_bytes <= 16) {
    const std::size_t room =
        max_message_bytes > truncation_marker.size() ? max_message_bytes - truncation_marker.size() : 0;
    std::string text(message.substr(0, utf8_prefix_length(message, room)));
    text += truncation_marker.substr(0, max_message_bytes - text.size());
    push_event(text, prototype, 0, wire, scratch, out);
    spread_accounting(out, first, prototype.accounted);
    return 1;
  }
  // "[i/n] " takes 4 + 2 * digits(n) bytes at most; find the digit count that holds.
  std::vector<std::string_view> parts;
  for (std::size_t d = 1; d < 12; ++d) {
    const std::size_t prefix = 4 + 2 * d;
    parts = chunks_of(message, max_message_bytes - prefix);
    if (digits(parts.size()) <= d) break;
  }
  const std::size_t n = parts.size();
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    text = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] ";
    text.append(parts[i]);
    push_event(text, prototype, static_cast<std::uint32_t>(i + 1), wire, scratch, out);
  }
  spread_accounting(out, first, prototype.accounted);
  return n;
}

std::size_t batch_builder::size() const noexcept {
  std::size_t n = open_.events.size();
  for (const auto& c : closed_) n += c.b.events.size();
  return n;
}

bool batch_builder::fits_open(const pending_event& e) const noexcept {
  if (open_.events.empty()) return true;  // every event fits an empty batch (make_events)
  if (open_.events.size() >= limits_.max_events || open_.bytes + aws_bytes(e) > limits_.max_bytes)
    return false;
  // Strictly less than the span, so the batch never reaches the boundary.
  const std::int64_t lo = std::min(state_.min_ts, e.timestamp_ms);
  const std::int64_t hi = std::max(state_.max_ts, e.timestamp_ms);
  return hi - lo < limits_.max_span.count();
}

std::size_t batch_builder::add(pending_event e) {
  if (!fits_open(e)) close_open(true);
  if (open_.events.empty()) {
    open_.events.reserve(reserve_.events);
    open_.wire.reserve(reserve_.wire_bytes);
  } else if (event_less(e, open_.events.back())) {
    state_.sorted = false;
  }
  e.set_wire(open_.wire.append(e.wire(), ','));
  open_.bytes += aws_bytes(e);
  bytes_ += aws_bytes(e);
  state_.min_ts = std::min(state_.min_ts, e.timestamp_ms);
  state_.max_ts = std::max(state_.max_ts, e.timestamp_ms);
  state_.oldest_ns = std::min(state_.oldest_ns, e.enqueued_ns);
  oldest_ns_ = std::min(oldest_ns_, e.enqueued_ns);
  open_.events.push_back(e);
  const std::size_t held = open_.wire.reserved() + open_.events.capacity() * sizeof(pending_event);
  const std::size_t grown = held - open_.held;
  open_.held = held;
  if (open_.events.size() >= limits_.max_events || open_.bytes >= limits_.max_bytes) close_open(true);
  return grown;
}

void batch_builder::close_open(bool full) {
  if (open_.events.empty()) return;
  reserve_ = full ? storage_size{open_.events.size(), open_.wire.used()} : storage_size{};
  // Out of order: records of several threads, or a late record's timestamp.
  if (!state_.sorted) std::stable_sort(open_.events.begin(), open_.events.end(), event_less);
  closed_.push_back({std::move(open_), state_.oldest_ns});
  open_ = batch{};
  state_ = open_batch_state{};
}

batch batch_builder::cut() {
  if (closed_.empty()) close_open(false);
  if (closed_.empty()) return {};
  batch b = std::move(closed_.front().b);
  closed_.pop_front();
  bytes_ -= std::min(bytes_, b.bytes);
  oldest_ns_ = state_.oldest_ns;
  for (const auto& c : closed_) oldest_ns_ = std::min(oldest_ns_, c.oldest_ns);
  return b;
}

std::vector<std::string_view> wire_runs(const batch& b) {
  std::vector<std::string_view> runs;
  const char* run = nullptr;
  std::string_view last;
  for (const auto& e : b.events) {
    const std::string_view w = e.wire();
    if (run != nullptr && !wire_buffer::adjacent(last, w)) {
      runs.emplace_back(run, last.data() + last.size());
      run = nullptr;
    }
    if (run == nullptr) run = w.data();
    last = w;
  }
  if (run != nullptr) runs.emplace_back(run, last.data() + last.size());
  return runs;
}

batch take_older_than(batch& b, std::int64_t cutoff_ms) {
  batch old;
  std::size_t n = 0;
  while (n < b.events.size() && b.events[n].timestamp_ms < cutoff_ms) ++n;
  if (n == 0) return old;
  const auto end = b.events.begin() + static_cast<std::ptrdiff_t>(n);
  old.events.assign(b.events.begin(), end);
  b.events.erase(b.events.begin(), end);
  // The rest keep their place in b's buffer; these go to one of their own.
  for (auto& e : old.events) e.set_wire(old.wire.append(e.wire(), ','));
  for (const auto& e : old.events) old.bytes += aws_bytes(e);
  b.bytes -= std::min(b.bytes, old.bytes);
  // The charge goes with whichever is settled last: `b` while it has events
  // left (it goes on), else `old` (b is then dropped without being settled).
  if (b.events.empty()) std::swap(old.held, b.held);
  return old;
}

}  // namespace cwlog::detail

#include "ship/batcher.h"

#include <algorithm>

#include "common/utf8.h"

namespace cwlog::detail {
namespace {

bool event_less(const pending_event& a, const pending_event& b) noexcept {
  if (a.timestamp_ms != b.timestamp_ms) return a.timestamp_ms < b.timestamp_ms;
  if (a.seq != b.seq) return a.seq < b.seq;
  return a.part < b.part;
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
    out[first + i].weight = i == 0 ? 1 : 0;
  }
}

}  // namespace

std::size_t make_events(std::string message, const pending_event& prototype, oversize_policy policy,
                        std::size_t max_message_bytes, std::vector<pending_event>& out) {
  if (message.empty()) message = empty_message_placeholder;
  if (message.size() <= max_message_bytes) {
    pending_event e = prototype;
    e.message = std::move(message);
    e.part = 0;
    out.push_back(std::move(e));
    return 1;
  }
  const std::size_t first = out.size();
  if (policy == oversize_policy::truncate || max_message_bytes <= 16) {
    const std::size_t room =
        max_message_bytes > truncation_marker.size() ? max_message_bytes - truncation_marker.size() : 0;
    pending_event e = prototype;
    e.message = message.substr(0, utf8_prefix_length(message, room));
    e.message += truncation_marker.substr(0, max_message_bytes - e.message.size());
    e.part = 0;
    out.push_back(std::move(e));
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
  for (std::size_t i = 0; i < n; ++i) {
    pending_event e = prototype;
    e.part = static_cast<std::uint32_t>(i + 1);
    e.message = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] ";
    e.message.append(parts[i]);
    out.push_back(std::move(e));
  }
  spread_accounting(out, first, prototype.accounted);
  return n;
}

void batch_builder::add(pending_event&& e) {
  if (!pending_.empty() && event_less(e, pending_.back())) sorted_ = false;
  bytes_ += e.message.size() + per_event_overhead_bytes;
  oldest_ns_ = std::min(oldest_ns_, e.enqueued_ns);
  pending_.push_back(std::move(e));
}

batch batch_builder::cut() {
  batch b;
  if (pending_.empty()) return b;
  if (!sorted_) {
    std::stable_sort(pending_.begin(), pending_.end(), event_less);
    sorted_ = true;
  }
  const std::int64_t first_ts = pending_.front().timestamp_ms;
  std::size_t n = 0;
  std::size_t bytes = 0;
  for (const auto& e : pending_) {
    const std::size_t size = e.message.size() + per_event_overhead_bytes;
    if (n == limits_.max_events || bytes + size > limits_.max_bytes) break;
    // Strictly less than the span, so the batch never reaches the boundary.
    if (e.timestamp_ms - first_ts >= limits_.max_span.count()) break;
    bytes += size;
    ++n;
  }
  if (n == 0) n = 1;  // cannot happen: every event fits an empty batch (make_events)
  b.events.assign(std::make_move_iterator(pending_.begin()),
                  std::make_move_iterator(pending_.begin() + static_cast<std::ptrdiff_t>(n)));
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
  b.bytes = 0;
  for (const auto& e : b.events) b.bytes += e.message.size() + per_event_overhead_bytes;
  bytes_ -= std::min(bytes_, b.bytes);
  oldest_ns_ = INT64_MAX;
  for (const auto& e : pending_) oldest_ns_ = std::min(oldest_ns_, e.enqueued_ns);
  return b;
}

std::vector<pending_event> batch_builder::take_all() {
  std::vector<pending_event> all = std::move(pending_);
  pending_.clear();
  bytes_ = 0;
  oldest_ns_ = INT64_MAX;
  sorted_ = true;
  return all;
}

batch take_older_than(batch& b, std::int64_t cutoff_ms) {
  batch old;
  std::size_t n = 0;
  while (n < b.events.size() && b.events[n].timestamp_ms < cutoff_ms) ++n;
  if (n == 0) return old;
  const auto end = b.events.begin() + static_cast<std::ptrdiff_t>(n);
  old.events.assign(std::make_move_iterator(b.events.begin()), std::make_move_iterator(end));
  b.events.erase(b.events.begin(), end);
  for (const auto& e : old.events) old.bytes += e.message.size() + per_event_overhead_bytes;
  b.bytes -= std::min(b.bytes, old.bytes);
  return old;
}

}  // namespace cwlog::detail

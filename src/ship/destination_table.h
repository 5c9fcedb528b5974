#pragma once
// The destinations alive now, one per (group, stream): created on a record's
// first use, forgotten once idle for idle_destination_ttl with nothing held
// or in flight (its next record re-creates it, and the provisioner's
// CreateLogStream is answered ResourceAlreadyExists). A destination costs one
// small struct; there is no thread or connection per destination.
//
// Not thread-safe: the engine uses it under its lock.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include <cwlog/options.h>

#include "ship/batcher.h"

namespace cwlog::detail {

struct destination_state {
  const destination_options* opts = nullptr;  // the router's or a fixed destination's (both stable)
  std::string group;
  std::string stream;
  batch_builder builder;
  std::deque<batch> ready;    // cut batches waiting for their turn
  std::size_t in_flight = 0;  // its batches with the scheduler or a sender
  bool stream_ready = false;
  bool emf = false;  // holds EMF documents (sent with x-amzn-logs-format: json/emf)
  std::int64_t last_used_ns = 0;

  // Nothing held and nothing in flight: it may be forgotten.
  bool idle() const noexcept { return in_flight == 0 && ready.empty() && builder.empty(); }
  // Another batch may go: fewer than `per_stream` in flight, or than one
  // while the stream is not known to exist (so that it is created once).
  bool has_room(std::size_t per_stream) const noexcept { return in_flight < (stream_ready ? per_stream : 1); }
};

class destination_table {
 public:
  destination_table(batch_limits limits, std::chrono::nanoseconds idle_ttl)
      : limits_(limits), idle_ttl_ns_(idle_ttl.count()) {}

  // The destination of (group, stream), created with options `opts` when
  // new; marked used at `now_ns`. The reference stays valid
  // until the destination expires.
  destination_state& use(const destination_options* opts, const std::string& group, const std::string& stream,
                         std::int64_t now_ns, bool emf = false);
  // Forgets destinations idle for longer than the TTL; looks at most once a
  // second (it walks the whole table).
  void expire_idle(std::int64_t now_ns);

  std::size_t size() const noexcept { return by_key_.size(); }
  template <class F>
  void for_each(F&& f) {
    for (auto& [key, d] : by_key_) f(*d);
  }

 private:
  // The engine's limits, made smaller where the destination asks for it.
  batch_limits limits_for(const destination_options* opts) const noexcept;

  batch_limits limits_;
  std::int64_t idle_ttl_ns_;
  std::int64_t last_expiry_ns_ = 0;
  std::string key_;  // scratch
  std::unordered_map<std::string, std::unique_ptr<destination_state>> by_key_;
};

}  // namespace cwlog::detail

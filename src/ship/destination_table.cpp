#include "ship/destination_table.h"

#include <algorithm>

namespace cwlog::detail {

batch_limits destination_table::limits_for(const destination_options* opts) const noexcept {
  batch_limits l = limits_;
  if (opts && opts->max_batch_bytes) l.max_bytes = std::min(l.max_bytes, opts->max_batch_bytes);
  if (opts && opts->max_batch_events) l.max_events = std::min(l.max_events, opts->max_batch_events);
  return l;
}

destination_state& destination_table::use(const destination_options* opts, const std::string& group,
                                          const std::string& stream, std::int64_t now_ns, bool emf) {
  key_.assign(group);
  key_ += '\n';  // not allowed in group names, so the key is unambiguous
  key_ += stream;
  if (emf) key_ += '\n';  // EMF documents batch apart (nor is '\n' in stream names)
  auto& slot = by_key_[key_];
  if (!slot) {
    slot = std::make_unique<destination_state>();
    slot->opts = opts;
    slot->group = group;
    slot->stream = stream;
    slot->emf = emf;
    slot->builder = batch_builder(limits_for(opts));
  }
  slot->last_used_ns = now_ns;
  return *slot;
}

void destination_table::expire_idle(std::int64_t now_ns) {
  if (now_ns - last_expiry_ns_ <= 1'000'000'000) return;
  last_expiry_ns_ = now_ns;
  std::erase_if(by_key_, [&](const auto& kv) {
    return kv.second->idle() && now_ns - kv.second->last_used_ns > idle_ttl_ns_;
  });
}

}  // namespace cwlog::detail

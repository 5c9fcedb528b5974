#pragma once
// The shipper's constants: the PutLogEvents rules it batches under come from
// the one home of CloudWatch's rules (rules/put_log_events.h); here are the
// shipper's own choices around them.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "rules/put_log_events.h"

namespace cwlog::detail {

// InputLogEvent.message has min length 1 (service model): an empty message
// fails the whole call, so it is replaced by this.
inline constexpr const char* empty_message_placeholder = "(empty)";

// Retries: exponential backoff with full jitter (AWS Architecture Blog,
// "Exponential Backoff And Jitter"), so a fleet retrying together spreads out.
inline constexpr std::chrono::milliseconds default_backoff_base{100};
inline constexpr std::chrono::milliseconds default_backoff_cap{5000};

// With create_group=false a missing group is reported once; the shipper checks
// again only after this long (the group may be created later, e.g. by Terraform).
inline constexpr std::chrono::seconds missing_group_recheck{60};

}  // namespace cwlog::detail

#pragma once
// Pagination tokens of cwlog local. Opaque to clients, as AWS's are, but
// readable when debugging: Describe* pages carry an offset; event reads carry
// a (timestamp, id) position. GetLogEvents tokens keep AWS's "f/" and "b/"
// prefixes, which some clients inspect.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "local/store.h"

namespace cwlog::detail {

std::string encode_offset_token(std::int64_t offset);
std::optional<std::int64_t> decode_offset_token(std::string_view token);

// prefix: 'f' (forward), 'b' (backward) or 'n' (FilterLogEvents nextToken).
std::string encode_event_token(char prefix, event_key key);
std::optional<event_key> decode_event_token(char prefix, std::string_view token);

}  // namespace cwlog::detail

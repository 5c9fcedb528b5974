#include "local/tokens.h"

#include <charconv>
#include <climits>

namespace cwlog::detail {
namespace {

std::optional<std::int64_t> parse_i64(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string encode_offset_token(std::int64_t offset) {
  return "o/" + std::to_string(offset);
}

std::optional<std::int64_t> decode_offset_token(std::string_view token) {
  if (!token.starts_with("o/")) return std::nullopt;
  auto v = parse_i64(token.substr(2));
  // Bounded so that offset + limit can never overflow.
  if (!v || *v < 0 || *v > INT32_MAX) return std::nullopt;
  return v;
}

std::string encode_event_token(char prefix, event_key key) {
  return std::string(1, prefix) + "/" + std::to_string(key.timestamp) + "/" + std::to_string(key.id);
}

std::optional<event_key> decode_event_token(char prefix, std::string_view token) {
  if (token.size() < 3 || token[0] != prefix || token[1] != '/') return std::nullopt;
  token.remove_prefix(2);
  const auto slash = token.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ts = parse_i64(token.substr(0, slash));
  auto id = parse_i64(token.substr(slash + 1));
  if (!ts || !id) return std::nullopt;
  return event_key{*ts, *id};
}

}  // namespace cwlog::detail

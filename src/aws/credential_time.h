#pragma once
// Timestamps in credential documents: ISO 8601 from STS, IMDS, the container
// endpoint, credential_process and the SSO token cache; epoch milliseconds
// from SSO GetRoleCredentials.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

// "2026-11-24T23:59:59Z", with optional fraction and "+hh:mm"/"-hh:mm" or "UTC"
// offsets, as the services write them. nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// "2026-11-24T23:59:59Z" (for messages and the boto3 cross-check).

}  // namespace cwlog::detail

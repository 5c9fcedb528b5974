#pragma once
// The region, in the SDKs' order: the configuration, AWS_REGION,
// AWS_DEFAULT_REGION, the profile's "region", then IMDS
// (placement/availability-zone). botocore itself reads only
// AWS_DEFAULT_REGION; the other SDKs and CLI v2 read AWS_REGION first, and so
// do we.
#include <expected>
#include <functional>
#include <string>

#include "aws/environment.h"
#include "aws/profile_file.h"

namespace cwlog::detail {

struct resolved_region {
  std::string region;
  std::string source;  // "configuration", "AWS_REGION", ..., "profile \"x\"", "IMDS"
};

// imds: asked last, may be empty (no IMDS lookup). The error lists every place
// looked at.
std::expected<resolved_region, std::string> resolve_region(
    const std::string& configured, const environment& env, const profile_section* profile,
    const std::string& profile_name, const std::function<std::expected<std::string, std::string>()>& imds);

}  // namespace cwlog::detail

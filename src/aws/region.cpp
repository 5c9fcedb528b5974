#include "aws/region.h"

namespace cwlog::detail {

std::expected<resolved_region, std::string> resolve_region(
    const std::string& configured, const environment& env, const profile_section* profile,
    const std::string& profile_name, const std::function<std::expected<std::string, std::string>()>& imds) {
  if (!configured.empty()) return resolved_region{configured, "configuration"};
  for (const char* var : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto v = env.get_nonempty(var)) return resolved_region{*v, var};
  }
  const std::string profile_where = "profile \"" + profile_name + "\"";
  if (profile) {
    if (auto v = profile->get_nonempty("region")) return resolved_region{*v, profile_where};
  }
  std::string imds_why = "not asked";
  if (imds) {
    auto r = imds();
    if (r) return resolved_region{*r, "IMDS"};
    imds_why = r.error();
  }
  return std::unexpected(
      "no AWS region: set aws.region in the configuration, AWS_REGION or AWS_DEFAULT_REGION, or \"region\" "
      "in " +
      profile_where + (profile ? "" : " (which does not exist)") + "; IMDS: " + imds_why);
}

}  // namespace cwlog::detail

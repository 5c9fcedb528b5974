#include "aws/endpoint.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

struct partition_row {
  const char* regex;
  partition_info info;
};

// botocore/data/partitions.json (botocore 1.43), most specific patterns first
// so that "us-gov-west-1" is not taken by aws's "us-..." pattern.
const std::vector<partition_row>& partitions() {
  static const std::vector<partition_row> rows = {
      {R"(^us\-gov\-\w+\-\d+$)", {"aws-us-gov", "amazonaws.com", "api.aws"}},
      {R"(^us\-iso\-\w+\-\d+$)", {"aws-iso", "c2s.ic.gov", "api.aws.ic.gov"}},
      {R"(^us\-isob\-\w+\-\d+$)", {"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"}},
      {R"(^eu\-isoe\-\w+\-\d+$)", {"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"}},
      {R"(^us\-isof\-\w+\-\d+$)", {"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"}},
      {R"(^eusc\-(de)\-\w+\-\d+$)", {"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"}},
      {R"(^cn\-\w+\-\d+$)", {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}},
      {R"(^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$)", {"aws", "amazonaws.com", "api.aws"}},
  };
  return rows;
}

bool truthy(const std::optional<std::string>& v) {
  if (!v) return false;
  std::string s = *v;
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s == "true";
}

std::string env_suffix(const std::string& config_key) {
  std::string s = config_key;
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

partition_info partition_for_region(std::string_view region) {
  const std::string r(region);
  for (const auto& row : partitions()) {
    if (std::regex_match(r, std::regex(row.regex))) return row.info;
  }
  // botocore: a region no pattern matches (e.g. "local", or a new one) is
  // treated as part of the "aws" partition.
  return partitions().back().info;
}

endpoint_variant endpoint_variant_from(const environment& env, const profile_section* profile) {
  auto pick = [&](const char* var, const char* key) {
    if (auto v = env.get_nonempty(var)) return truthy(v);
    return profile != nullptr && truthy(profile->get(key));
  };
  return {pick("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
          pick("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")};
}

std::optional<std::string> configured_endpoint(const service_naming& service, const environment& env,
                                               const profile_config* profiles,
                                               const std::string& profile_name, std::string* where) {
  const profile_section* profile = profiles ? profiles->profile(profile_name) : nullptr;
  bool ignore = false;
  if (auto v = env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
    ignore = truthy(v);
  } else if (profile) {
    ignore = truthy(profile->get("ignore_configured_endpoint_urls"));
  }
  if (ignore) return std::nullopt;
  auto found = [&](std::string value, std::string from) -> std::optional<std::string> {
    if (where) *where = std::move(from);
    return value;
  };
  const std::string service_var = "AWS_ENDPOINT_URL_" + env_suffix(service.config_key);
  if (auto v = env.get_nonempty(service_var)) return found(*v, service_var);
  if (auto v = env.get_nonempty("AWS_ENDPOINT_URL")) return found(*v, "AWS_ENDPOINT_URL");
  if (profile) {
    if (auto section_name = profile->get_nonempty("services")) {
      auto it = profiles->services.find(*section_name);
      if (it == profiles->services.end())
        throw cwlog::error("profile \"" + profile_name + "\" in " + profiles->config_path +
                           " refers to [services " + *section_name + "], which does not exist");
      if (auto v = it->second.get(service.config_key, "endpoint_url"); v && !v->empty())
        return found(*v, "[services " + *section_name + "] " + service.config_key + ".endpoint_url");
    }
    if (auto v = profile->get_nonempty("endpoint_url"))
      return found(*v, "endpoint_url of profile \"" + profile_name + "\"");
  }
  return std::nullopt;
}

std::string default_endpoint(const service_naming& service, std::string_view region,
                             endpoint_variant variant) {
  const auto part = partition_for_region(region);
  const std::string r(region);
  if (service.host_prefix == "logs" && variant.fips && !variant.dual_stack &&
      (r == "us-gov-east-1" || r == "us-gov-west-1"))
    return "https://logs." + r + ".amazonaws.com";  // the rule set's special case: GovCloud is FIPS already
  const std::string prefix = service.host_prefix + (variant.fips ? "-fips" : "");
  const std::string& suffix = variant.dual_stack ? part.dual_stack_dns_suffix : part.dns_suffix;
  return "https://" + prefix + "." + r + "." + suffix;
}

}  // namespace cwlog::detail

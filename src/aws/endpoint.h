#pragma once
// Partitions and service endpoints, as botocore resolves them:
//  - partitions from botocore/data/partitions.json (region regex → DNS
//    suffixes); an unknown region falls into "aws", as in botocore;
//  - the default URL from the service's endpoint rule set
//    (data/logs/2014-03-28/endpoint-rule-set-1.json.gz):
//      https://logs.{region}.{dnsSuffix}
//      FIPS:            https://logs-fips.{region}.{dnsSuffix}
//                       (us-gov-east-1 / us-gov-west-1: https://logs.{region}.amazonaws.com)
//      dual-stack:      https://logs.{region}.{dualStackDnsSuffix}
//      FIPS+dual-stack: https://logs-fips.{region}.{dualStackDnsSuffix}
//  - configured endpoints (configprovider.py, ConfiguredEndpointProvider):
//    AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's
//    [services NAME] section's "<service> = endpoint_url = ...", the
//    profile's endpoint_url; all ignored with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
//    (or the profile's ignore_configured_endpoint_urls) = true.
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"
#include "aws/profile_file.h"

namespace cwlog::detail {

struct partition_info {
  std::string name;                   // "aws", "aws-cn", "aws-us-gov", "aws-iso", ...
  std::string dns_suffix;             // "amazonaws.com", "amazonaws.com.cn", ...
  std::string dual_stack_dns_suffix;  // "api.aws", "api.amazonwebservices.com.cn", ...
};

// The partition a region belongs to ("aws" when no partition's pattern matches).
partition_info partition_for_region(std::string_view region);

// How a service is named in configuration: env suffix "CLOUDWATCH_LOGS" and
// config key "cloudwatch_logs" for service id "CloudWatch Logs"; its host
// prefix ("logs").
struct service_naming {
  std::string host_prefix;  // "logs", "sts", "portal.sso"
  std::string config_key;   // "cloudwatch_logs", "sts", "sso"
};
inline const service_naming logs_service{"logs", "cloudwatch_logs"};
inline const service_naming sts_service{"sts", "sts"};
inline const service_naming sso_service{"portal.sso", "sso"};

struct endpoint_variant {
  bool fips = false;
  bool dual_stack = false;
};

// AWS_USE_FIPS_ENDPOINT / use_fips_endpoint, AWS_USE_DUALSTACK_ENDPOINT /
// use_dualstack_endpoint (environment first).
endpoint_variant endpoint_variant_from(const environment& env, const profile_section* profile);

// The endpoint configured for the service, or nullopt (use the default). The
// `where` string (optional) receives which setting supplied it, for messages.
// Throws cwlog::error when the profile names a [services] section that does
// not exist (botocore's InvalidConfigError).
std::optional<std::string> configured_endpoint(const service_naming& service, const environment& env,
                                               const profile_config* profiles,
                                               const std::string& profile_name, std::string* where = nullptr);

// https://{prefix}[-fips].{region}.{suffix} by the service's rules above.
std::string default_endpoint(const service_naming& service, std::string_view region,
                             endpoint_variant variant);

}  // namespace cwlog::detail

#pragma once
// The links of the default chain, one source file each (provider_*.cpp), in
// botocore's order (credentials.py, create_credential_resolver and
// ProfileProviderBuilder.providers):
//   environment → assume_role → web_identity → sso → shared credentials file
//   → credential_process → config file → container → IMDS
// Each factory only captures configuration; nothing is read or fetched until
// load().
#include <chrono>
#include <expected>
#include <memory>
#include <string>

#include "aws/environment.h"
#include "aws/profile_file.h"
#include "aws/provider.h"
#include "aws/sts_client.h"
#include "common/clock.h"
#include "http/transport.h"

namespace cwlog::detail {

struct provider_context {
  environment env;
  std::shared_ptr<const profile_config> profiles;
  std::string profile_name = "default";
  // An explicitly configured profile (aws_options::profile) disables the
  // environment-variable providers, as botocore does for Session(profile_name=).
  bool profile_explicit = false;
  std::string region;  // the client's region: STS is called there
  std::shared_ptr<http_transport> transport;
  std::shared_ptr<clock_source> clock;
  // Metadata endpoints (IMDS, container) answer locally: the SDKs wait 1-2 s.
  std::chrono::milliseconds metadata_timeout{1000};
  std::chrono::milliseconds sts_timeout{10000};

  const profile_section* profile() const { return profiles ? profiles->profile(profile_name) : nullptr; }
};

std::unique_ptr<chain_provider> make_env_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_assume_role_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_web_identity_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_sso_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_shared_credentials_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_process_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_config_file_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_container_provider(const provider_context& ctx);
std::unique_ptr<chain_provider> make_imds_provider(const provider_context& ctx);

// The URL the container provider fetches: http://169.254.170.2<RELATIVE_URI>,
// or FULL_URI after botocore's host check (error.configured=false when neither
// variable is set).
std::expected<std::string, provider_error> container_credentials_url(const environment& env);

// IMDS base URL without trailing '/': AWS_EC2_METADATA_SERVICE_ENDPOINT, the
// profile's ec2_metadata_service_endpoint, IPv6 mode, else http://169.254.169.254.
std::string imds_base_url(const provider_context& ctx);

// The region from IMDS (placement/availability-zone minus its letter), or why not.
std::expected<std::string, std::string> imds_region(const provider_context& ctx);

// STS for this context: configured endpoint (AWS_ENDPOINT_URL_STS, ...), else
// https://sts.{region}.{suffix}, else the global https://sts.amazonaws.com.
sts_client make_sts_client(const provider_context& ctx);
// "cwlog-session-<unix time>" (botocore: "botocore-session-<unix time>").
std::string default_session_name(const provider_context& ctx);

// Helpers shared by the providers.
// {"AccessKeyId", "SecretAccessKey", <token_field>, "Expiration"} as the
// container endpoint, IMDS and credential_process write them.
provider_result parse_credentials_json(const std::string& body, const std::string& token_field,
                                       const std::string& what);
// What a credential_process printed on stdout: a JSON object with Version 1
// and the fields of parse_credentials_json (token field "SessionToken").
provider_result parse_process_output(const std::string& out, const std::string& what);
// "HTTP 404 from http://...": for messages (URLs here never carry secrets).
std::string describe_http_failure(const http_result& result, const std::string& url);

}  // namespace cwlog::detail

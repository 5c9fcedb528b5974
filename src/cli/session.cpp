#include "session.h"

#include <cwlog/config.h>
#include <cwlog/error.h>
#include <CLI/CLI.hpp>

#include "aws/aws_resolver.h"
#include "aws/environment.h"
#include "commands.h"
#include "http/curl_transport.h"

namespace cwlog::cli {

void aws_flags::add_to(CLI::App& cmd) {
  cmd.add_option("--config", config_path, "cwlog YAML config (its aws: section is used)");
  cmd.add_option("--region", region, "AWS region (default: config, AWS_REGION, profile, IMDS)");
  cmd.add_option("--endpoint-url", endpoint,
                 "CloudWatch Logs endpoint, e.g. http://127.0.0.1:4566 for cwlog local");
  cmd.add_option("--profile", profile, "AWS profile (default: AWS_PROFILE, else default)");
}

cwlog::options aws_flags::load_options() const {
  cwlog::options opts = config_path.empty() ? cwlog::options{} : cwlog::load_config(config_path);
  if (!region.empty()) opts.aws.region = region;
  if (!endpoint.empty()) opts.aws.endpoint = endpoint;
  if (!profile.empty()) opts.aws.profile = profile;
  return opts;
}

std::unique_ptr<detail::logs_client> make_logs_client(const cwlog::aws_options& aws) {
  detail::curl_transport_options transport_options;
  transport_options.connect_timeout = aws.connect_timeout;
  transport_options.total_timeout = aws.request_timeout;
  auto transport = detail::make_curl_transport(transport_options);
  auto clock = std::make_shared<detail::system_clock_source>();
  auto resolved = detail::resolve_aws(aws, detail::environment::from_process(), transport, clock);
  if (!resolved) throw cwlog::error(resolved.error());
  detail::logs_client_config config;
  config.endpoint = resolved->endpoint;
  config.region = resolved->region;
  return std::make_unique<detail::logs_client>(config, transport, resolved->credentials, clock);
}

int exit_code_for(const detail::logs_error& error) {
  switch (error.kind) {
    case detail::logs_errc::network:
    case detail::logs_errc::timeout:
    case detail::logs_errc::connection_reset:
    case detail::logs_errc::no_credentials:
      return exit_unreachable;
    default:
      return exit_failure;
  }
}

}  // namespace cwlog::cli

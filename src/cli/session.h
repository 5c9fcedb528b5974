#pragma once
// What every command that talks to CloudWatch Logs shares: the --config,
// --region, --endpoint-url and --profile flags, and a Logs client built from
// them with the same resolution the library uses (config, then the standard
// AWS environment and files).
#include <memory>
#include <string>

#include <cwlog/options.h>

#include "logs/logs_client.h"

namespace CLI {
class App;
}

namespace cwlog::cli {

struct aws_flags {
  std::string config_path;
  std::string region;
  std::string endpoint;
  std::string profile;

  void add_to(CLI::App& cmd);
  // The config file's options (or defaults), with the flags applied on top.
  // Throws cwlog::config_error for an invalid file.
  cwlog::options load_options() const;
};

// Throws cwlog::error (exit_usage) when region or endpoint cannot be resolved.
std::unique_ptr<detail::logs_client> make_logs_client(const cwlog::aws_options& aws);

// exit_unreachable for transport/credential failures, exit_failure otherwise.
int exit_code_for(const detail::logs_error& error);

}  // namespace cwlog::cli

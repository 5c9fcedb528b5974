#pragma once
// The one entry point the shipper calls: everything the AWS SDKs resolve —
// credentials, region, endpoint, partition — resolved the same way they do
// (see docs/aws-settings.md for the order and every setting honoured).
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include <cwlog/options.h>

#include "aws/credentials.h"
#include "aws/environment.h"
#include "common/clock.h"
#include "http/transport.h"

namespace cwlog::detail {

struct resolved_aws {
  std::string region;     // e.g. "eu-west-1"
  std::string endpoint;   // e.g. "https://logs.eu-west-1.amazonaws.com" (no trailing slash)
  std::string partition;  // "aws", "aws-cn", "aws-us-gov", ...
  // Thread-safe; caches and refreshes temporary credentials ahead of expiry.
  // get() may block on the network: call it from sender threads only.
  std::shared_ptr<credentials_provider> credentials;
};

// Receives one line per notable event (e.g. "credential refresh failed: ...,
// keeping the current credentials until <time>"). Never carries a secret.
using aws_diagnostics = std::function<void(const std::string&)>;

// Fails (with a message naming what is missing and what is allowed) when no
// region can be found or the configuration is contradictory. Credentials are
// not fetched here: a chain with nothing to offer fails at its first get(),
// with a message naming each provider tried and why it was skipped.
std::expected<resolved_aws, std::string> resolve_aws(const cwlog::aws_options& options,
                                                     const environment& env,
                                                     std::shared_ptr<http_transport> transport,
                                                     std::shared_ptr<clock_source> clock,
                                                     aws_diagnostics diagnostics = {});

}  // namespace cwlog::detail

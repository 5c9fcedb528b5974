#pragma once
// The default credentials chain, in botocore's order (see providers.h and
// docs/aws-settings.md). The first link with credentials wins and is kept:
// later loads (refreshes) ask that link again, as botocore's resolved
// provider does. When no link has credentials the error names every link
// tried and why it was skipped — never a secret.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aws/provider.h"
#include "aws/providers.h"

namespace cwlog::detail {

class credentials_chain final : public chain_provider {
 public:
  explicit credentials_chain(std::vector<std::unique_ptr<chain_provider>> links);

  std::string name() const override;  // "chain" until a link won, then that link's name
  provider_result load() override;

  // Names of the links, in order (for tests and docs).
  std::vector<std::string> link_names() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<chain_provider>> links_;
  chain_provider* winner_ = nullptr;
};

// The links for `ctx`, in order: environment (left out when the profile was
// set explicitly), assume-role, web-identity, sso, shared-credentials-file,
// credential-process, config-file, container, imds.
std::vector<std::unique_ptr<chain_provider>> default_chain_links(const provider_context& ctx);

}  // namespace cwlog::detail

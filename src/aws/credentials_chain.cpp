#include "aws/credentials_chain.h"

namespace cwlog::detail {

credentials_chain::credentials_chain(std::vector<std::unique_ptr<chain_provider>> links)
    : links_(std::move(links)) {}

std::string credentials_chain::name() const {
  std::lock_guard lock(mutex_);
  return winner_ ? winner_->name() : "chain";
}

std::vector<std::string> credentials_chain::link_names() const {
  std::vector<std::string> names;
  for (const auto& l : links_) names.push_back(l->name());
  return names;
}

provider_result credentials_chain::load() {
  std::lock_guard lock(mutex_);
  if (winner_ != nullptr) {
    auto r = winner_->load();
    if (r) return r;
    return provider_failed(winner_->name() + ": " + r.error().message);
  }
  std::string tried;
  for (const auto& link : links_) {
    auto r = link->load();
    if (r) {
      winner_ = link.get();
      return r;
    }
    tried += "\n  - " + link->name() + ": " + r.error().message;
    if (r.error().configured) {
      // Configured but broken: stop here, as botocore does, rather than fall
      // through to a different identity.
      return provider_failed("AWS credentials: the " + link->name() +
                             " provider is configured but failed; tried:" + tried);
    }
  }
  return not_configured("no AWS credentials found; tried, in order:" + tried);
}

std::vector<std::unique_ptr<chain_provider>> default_chain_links(const provider_context& ctx) {
  std::vector<std::unique_ptr<chain_provider>> links;
  if (!ctx.profile_explicit) links.push_back(make_env_provider(ctx));
  links.push_back(make_assume_role_provider(ctx));
  links.push_back(make_web_identity_provider(ctx));
  links.push_back(make_sso_provider(ctx));
  links.push_back(make_shared_credentials_provider(ctx));
  links.push_back(make_process_provider(ctx));
  links.push_back(make_config_file_provider(ctx));
  links.push_back(make_container_provider(ctx));
  links.push_back(make_imds_provider(ctx));
  return links;
}

}  // namespace cwlog::detail

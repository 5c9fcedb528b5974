// Static keys from the shared credentials file ([NAME]) and from the config
// file ([profile NAME]) — botocore's SharedCredentialProvider and
// ConfigProvider, which sit at different places in the chain.
#include "aws/providers.h"

namespace cwlog::detail {
namespace {

class profile_keys_provider final : public chain_provider {
 public:
  profile_keys_provider(const provider_context& ctx, bool credentials_file)
      : profiles_(ctx.profiles), profile_(ctx.profile_name), credentials_file_(credentials_file) {}

  std::string name() const override { return credentials_file_ ? "shared-credentials-file" : "config-file"; }

  provider_result load() override {
    const auto& sections = credentials_file_ ? profiles_->credential_profiles : profiles_->config_profiles;
    const std::string& path = credentials_file_ ? profiles_->credentials_path : profiles_->config_path;
    auto it = sections.find(profile_);
    if (it == sections.end()) return not_configured("no profile \"" + profile_ + "\" in " + path);
    auto key = it->second.get_nonempty("aws_access_key_id");
    auto secret = it->second.get_nonempty("aws_secret_access_key");
    if (!key && !secret)
      return not_configured("profile \"" + profile_ + "\" in " + path + " has no aws_access_key_id");
    if (!key || !secret)
      return provider_failed("profile \"" + profile_ + "\" in " + path +
                             " must set both aws_access_key_id and aws_secret_access_key");
    credentials c{*key, *secret, {}, std::nullopt};
    if (auto token = it->second.get_nonempty("aws_session_token")) {
      c.session_token = *token;
    } else if (auto legacy = it->second.get_nonempty("aws_security_token")) {
      c.session_token = *legacy;
    }
    return c;
  }

 private:
  std::shared_ptr<const profile_config> profiles_;
  std::string profile_;
  bool credentials_file_;
};

}  // namespace

std::unique_ptr<chain_provider> make_shared_credentials_provider(const provider_context& ctx) {
  return std::make_unique<profile_keys_provider>(ctx, true);
}

std::unique_ptr<chain_provider> make_config_file_provider(const provider_context& ctx) {
  return std::make_unique<profile_keys_provider>(ctx, false);
}

}  // namespace cwlog::detail

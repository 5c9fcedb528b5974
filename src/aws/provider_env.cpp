// Environment variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN (AWS_SECURITY_TOKEN as the legacy name) and
// AWS_CREDENTIAL_EXPIRATION — botocore's EnvProvider.
#include "aws/providers.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

class env_provider final : public chain_provider {
 public:
  explicit env_provider(const provider_context& ctx) : env_(ctx.env) {}
  std::string name() const override { return "environment"; }

  provider_result load() override {
    auto key = env_.get_nonempty("AWS_ACCESS_KEY_ID");
    auto secret = env_.get_nonempty("AWS_SECRET_ACCESS_KEY");
    if (!key && !secret) return not_configured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    if (!key) return provider_failed("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    if (!secret) return provider_failed("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    credentials c{*key, *secret, {}, std::nullopt};
    if (auto token = env_.get_nonempty("AWS_SESSION_TOKEN")) {
      c.session_token = *token;
    } else if (auto legacy = env_.get_nonempty("AWS_SECURITY_TOKEN")) {
      c.session_token = *legacy;
    }
    if (auto exp = env_.get_nonempty("AWS_CREDENTIAL_EXPIRATION")) {
      c.expiration = parse_iso8601(*exp);
      if (!c.expiration) return provider_failed("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
    }
    return c;
  }

 private:
  environment env_;
};

}  // namespace

std::unique_ptr<chain_provider> make_env_provider(const provider_context& ctx) {
  return std::make_unique<env_provider>(ctx);
}

}  // namespace cwlog::detail

// Web identity (EKS IRSA and friends) — botocore's
// AssumeRoleWithWebIdentityProvider: AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN
// and AWS_ROLE_SESSION_NAME (each environment variable first), else the
// profile's web_identity_token_file, role_arn and role_session_name. The token
// file is re-read at every refresh (the kubelet rotates it). The call is
// unsigned.
#include "aws/providers.h"
#include "aws/sts_client.h"

namespace cwlog::detail {

namespace {

class web_identity_provider final : public chain_provider {
 public:
  explicit web_identity_provider(const provider_context& ctx) : ctx_(ctx) {}
  std::string name() const override { return "web-identity"; }

  provider_result load() override {
    const auto* p = ctx_.profile();
    auto setting = [&](const char* var, const char* key) -> std::optional<std::string> {
      if (!ctx_.profile_explicit)
        if (auto v = ctx_.env.get_nonempty(var)) return v;
      return p ? p->get_nonempty(key) : std::nullopt;
    };
    auto token_file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
    if (!token_file)
      return not_configured(
          "neither AWS_WEB_IDENTITY_TOKEN_FILE nor the profile's web_identity_token_file is set");
    auto role_arn = setting("AWS_ROLE_ARN", "role_arn");
    if (!role_arn)
      return provider_failed("a web identity token file is set but no role ARN (AWS_ROLE_ARN or role_arn)");
    auto token = ctx_.env.read_file(*token_file);
    if (!token) return provider_failed("cannot read the web identity token file " + *token_file);
    while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back()))) token->pop_back();
    web_identity_request req;
    req.role_arn = *role_arn;
    req.role_session_name =
        setting("AWS_ROLE_SESSION_NAME", "role_session_name").value_or(default_session_name(ctx_));
    req.web_identity_token = std::move(*token);
    auto sts = make_sts_client(ctx_);
    auto creds = sts.assume_role_with_web_identity(req);
    if (!creds)
      return provider_failed("AssumeRoleWithWebIdentity " + *role_arn + " at " + sts.endpoint() + ": " +
                             to_string(creds.error()));
    return *creds;
  }

 private:
  provider_context ctx_;
};

}  // namespace

std::unique_ptr<chain_provider> make_web_identity_provider(const provider_context& ctx) {
  return std::make_unique<web_identity_provider>(ctx);
}

}  // namespace cwlog::detail

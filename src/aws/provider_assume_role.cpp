// Assume-role profiles — botocore's AssumeRoleProvider: a profile with
// role_arn (and no web_identity_token_file) gets its source credentials from
//  - source_profile: that profile's own credentials (static keys, SSO,
//    credential_process, web identity — or another assume-role hop), or
//  - credential_source: Environment | Ec2InstanceMetadata | EcsContainer,
// then calls STS AssumeRole with external_id, role_session_name and
// duration_seconds from the profile. mfa_serial needs a prompt, which a
// logging library cannot show: refused with a clear message.
#include <chrono>
#include <set>

#include "aws/endpoint.h"
#include "aws/providers.h"
#include "aws/sts_client.h"

namespace cwlog::detail {

sts_client make_sts_client(const provider_context& ctx) {
  const std::string signing_region = ctx.region.empty() ? "us-east-1" : ctx.region;
  auto configured = configured_endpoint(sts_service, ctx.env, ctx.profiles.get(), ctx.profile_name);
  std::string url;
  if (configured) {
    url = *configured;
  } else if (ctx.region.empty()) {
    url = "https://sts.amazonaws.com";  // the global endpoint, signed for us-east-1
  } else {
    url = default_endpoint(sts_service, ctx.region, endpoint_variant_from(ctx.env, ctx.profile()));
  }
  return sts_client(url, signing_region, ctx.transport, ctx.clock, ctx.sts_timeout);
}

std::string default_session_name(const provider_context& ctx) {
  // botocore: "botocore-session-<unix time>".
  const auto secs =
      std::chrono::duration_cast<std::chrono::seconds>(ctx.clock->now().time_since_epoch()).count();
  return "cwlog-session-" + std::to_string(secs);
}

namespace {

provider_result assume_role_for(const provider_context& ctx, std::set<std::string>& visited);

// A source profile's own credentials: ProfileProviderBuilder's providers for
// that profile (environment variables excluded), or another assume-role hop.
provider_result profile_credentials(const provider_context& ctx, std::set<std::string>& visited) {
  const auto* p = ctx.profile();
  if (p == nullptr) return provider_failed("source profile \"" + ctx.profile_name + "\" does not exist");
  const bool has_role = p->get_nonempty("role_arn").has_value() && !p->get("web_identity_token_file");
  // botocore: a profile that is its own source_profile uses its static keys.
  const bool self_source = p->get("source_profile") == ctx.profile_name;
  if (has_role && !self_source) return assume_role_for(ctx, visited);
  provider_context inner = ctx;
  inner.profile_explicit = true;  // environment variables do not feed a source profile
  std::string tried;
  for (auto make : {make_web_identity_provider, make_sso_provider, make_shared_credentials_provider,
                    make_process_provider, make_config_file_provider}) {
    auto provider = make(inner);
    auto r = provider->load();
    if (r || r.error().configured) return r;
    tried += (tried.empty() ? "" : "; ") + provider->name() + ": " + r.error().message;
  }
  return provider_failed("source profile \"" + ctx.profile_name + "\" has no credentials (" + tried + ")");
}

provider_result assume_role_for(const provider_context& ctx, std::set<std::string>& visited) {
  const auto* p = ctx.profile();
  if (!visited.insert(ctx.profile_name).second)
    return provider_failed("source_profile chain loops back to profile \"" + ctx.profile_name + "\"");
  const std::string role_arn = p->get_nonempty("role_arn").value_or("");
  const auto source_profile = p->get_nonempty("source_profile");
  const auto credential_source = p->get_nonempty("credential_source");
  const std::string where = "profile \"" + ctx.profile_name + "\"";
  if (source_profile && credential_source)
    return provider_failed(where + " sets both source_profile and credential_source; use one");
  if (!source_profile && !credential_source)
    return provider_failed(where + " has role_arn but neither source_profile nor credential_source");
  if (p->get_nonempty("mfa_serial"))
    return provider_failed(where + " requires MFA (mfa_serial), which needs an interactive prompt");

  provider_result source;
  if (source_profile) {
    provider_context src = ctx;
    src.profile_name = *source_profile;
    source = profile_credentials(src, visited);
  } else {
    std::unique_ptr<chain_provider> provider;
    if (*credential_source == "Environment") {
      provider = make_env_provider(ctx);
    } else if (*credential_source == "Ec2InstanceMetadata") {
      provider = make_imds_provider(ctx);
    } else if (*credential_source == "EcsContainer") {
      provider = make_container_provider(ctx);
    } else {
      return provider_failed(where + ": credential_source \"" + *credential_source +
                             "\" is not one of Environment, Ec2InstanceMetadata, EcsContainer");
    }
    source = provider->load();
  }
  if (!source) return provider_failed(where + ": no source credentials: " + source.error().message);

  assume_role_request req;
  req.role_arn = role_arn;
  req.role_session_name = p->get_nonempty("role_session_name").value_or(default_session_name(ctx));
  req.external_id = p->get_nonempty("external_id").value_or("");
  if (auto d = p->get_nonempty("duration_seconds")) {
    try {
      req.duration_seconds = std::stoi(*d);
    } catch (const std::exception&) {
      return provider_failed(where + ": duration_seconds \"" + *d + "\" is not a number of seconds");
    }
  }
  auto sts = make_sts_client(ctx);
  auto creds = sts.assume_role(req, *source);
  if (!creds)
    return provider_failed(where + ": AssumeRole " + role_arn + " at " + sts.endpoint() + ": " +
                           to_string(creds.error()));
  return *creds;
}

class assume_role_provider final : public chain_provider {
 public:
  explicit assume_role_provider(const provider_context& ctx) : ctx_(ctx) {}
  std::string name() const override { return "assume-role"; }

  provider_result load() override {
    const auto* p = ctx_.profile();
    if (p == nullptr || !p->get_nonempty("role_arn"))
      return not_configured("profile \"" + ctx_.profile_name + "\" has no role_arn");
    if (p->get("web_identity_token_file"))
      return not_configured("profile \"" + ctx_.profile_name + "\" uses web_identity_token_file");
    std::set<std::string> visited;
    return assume_role_for(ctx_, visited);
  }

 private:
  provider_context ctx_;
};

}  // namespace

std::unique_ptr<chain_provider> make_assume_role_provider(const provider_context& ctx) {
  return std::make_unique<assume_role_provider>(ctx);
}

}  // namespace cwlog::detail

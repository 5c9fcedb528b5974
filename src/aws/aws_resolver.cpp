#include "aws/aws_resolver.h"

#include <cwlog/error.h>

#include "aws/credentials_chain.h"
#include "aws/endpoint.h"
#include "aws/provider_callback.h"
#include "aws/refreshing_provider.h"
#include "aws/region.h"

namespace cwlog::detail {

std::expected<resolved_aws, std::string> resolve_aws(const cwlog::aws_options& options,
                                                     const environment& env,
                                                     std::shared_ptr<http_transport> transport,
                                                     std::shared_ptr<clock_source> clock,
                                                     aws_diagnostics diagnostics) {
  auto profiles = load_profile_config(env);
  if (!profiles) return std::unexpected("AWS config: " + profiles.error());
  provider_context ctx;
  ctx.env = env;
  ctx.profiles = std::make_shared<const profile_config>(std::move(*profiles));
  ctx.profile_name = selected_profile_name(options.profile, env);
  ctx.profile_explicit = !options.profile.empty();
  ctx.transport = std::move(transport);
  ctx.clock = std::move(clock);
  // botocore raises ProfileNotFound for a named profile that exists nowhere;
  // only "default" may be absent.
  if (ctx.profile_name != "default" && ctx.profile() == nullptr) {
    const std::string from = ctx.profile_explicit ? "aws.profile" : "AWS_PROFILE/AWS_DEFAULT_PROFILE";
    return std::unexpected("the AWS profile \"" + ctx.profile_name + "\" (from " + from + ") is in neither " +
                           ctx.profiles->config_path + " nor " + ctx.profiles->credentials_path);
  }
  // metadata_service_timeout (seconds, botocore's default 1) for IMDS and the container endpoint.
  auto timeout = env.get_nonempty("AWS_METADATA_SERVICE_TIMEOUT");
  if (!timeout && ctx.profile()) timeout = ctx.profile()->get_nonempty("metadata_service_timeout");
  if (timeout) {
    try {
      const double secs = std::stod(*timeout);
      if (!(secs > 0)) throw std::invalid_argument("not positive");
      ctx.metadata_timeout = std::chrono::milliseconds(static_cast<long long>(secs * 1000));
    } catch (const std::exception&) {
      return std::unexpected("metadata_service_timeout / AWS_METADATA_SERVICE_TIMEOUT \"" + *timeout +
                             "\" is not a positive number of seconds");
    }
  }

  auto region = resolve_region(options.region, env, ctx.profile(), ctx.profile_name,
                               [&ctx] { return imds_region(ctx); });
  if (!region) return std::unexpected(region.error());
  ctx.region = region->region;

  resolved_aws out;
  out.region = region->region;
  out.partition = partition_for_region(out.region).name;
  try {
    if (!options.endpoint.empty()) {
      out.endpoint = options.endpoint;
    } else if (auto configured =
                   configured_endpoint(logs_service, env, ctx.profiles.get(), ctx.profile_name)) {
      out.endpoint = *configured;
    } else {
      out.endpoint = default_endpoint(logs_service, out.region, endpoint_variant_from(env, ctx.profile()));
    }
  } catch (const cwlog::error& e) {
    return std::unexpected(std::string(e.what()));
  }
  while (out.endpoint.ends_with('/')) out.endpoint.pop_back();

  if (options.credentials == cwlog::credentials_source::static_keys) {
    if (options.access_key_id.empty() || options.secret_access_key.empty())
      return std::unexpected(
          "aws.credentials is explicit: both access_key_id and secret_access_key must be set (session_token "
          "is "
          "optional)");
    out.credentials = std::make_shared<static_credentials_provider>(
        credentials{options.access_key_id, options.secret_access_key, options.session_token, std::nullopt});
    return out;
  }
  if (options.credentials == cwlog::credentials_source::callback) {
    if (!options.credentials_fn)
      return std::unexpected(std::string("aws.credentials is callback: credentials_fn must be set"));
    out.credentials = make_callback_provider(options.credentials_fn, ctx.clock, std::move(diagnostics));
    return out;
  }
  auto chain = std::make_unique<credentials_chain>(default_chain_links(ctx));
  out.credentials =
      std::make_shared<refreshing_provider>(std::move(chain), ctx.clock, std::move(diagnostics));
  return out;
}

}  // namespace cwlog::detail

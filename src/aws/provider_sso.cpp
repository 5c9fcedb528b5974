// IAM Identity Center (SSO) profiles — botocore's SSOProvider:
//  - the profile has sso_account_id and sso_role_name, plus either
//    sso_session (naming an [sso-session NAME] section with sso_start_url and
//    sso_region) or, legacy, sso_start_url and sso_region itself;
//  - the access token is the one `aws sso login` cached in
//    ~/.aws/sso/cache/<sha1 of the session name, or of the start URL>.json
//    ("accessToken", "expiresAt"); an expired token means "run aws sso login"
//    (we do not refresh SSO tokens with their refresh token);
//  - GET https://portal.sso.{sso_region}.amazonaws.com/federation/credentials
//    ?role_name=..&account_id=.. with x-amz-sso_bearer_token; the answer is
//    {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken,
//    expiration (epoch milliseconds)}}.
#include <nlohmann/json.hpp>

#include "aws/crypto.h"
#include "aws/endpoint.h"
#include "aws/providers.h"
#include "aws/sigv4.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

class sso_provider final : public chain_provider {
 public:
  explicit sso_provider(const provider_context& ctx) : ctx_(ctx) {}
  std::string name() const override { return "sso"; }

  provider_result load() override {
    const auto* p = ctx_.profile();
    const std::string where = "profile \"" + ctx_.profile_name + "\"";
    if (p == nullptr || (!p->get("sso_session") && !p->get("sso_start_url")))
      return not_configured(where + " has neither sso_session nor sso_start_url");
    std::string start_url, sso_region, cache_key;
    if (auto session = p->get_nonempty("sso_session")) {
      auto it = ctx_.profiles->sso_sessions.find(*session);
      if (it == ctx_.profiles->sso_sessions.end())
        return provider_failed(where + " names [sso-session " + *session + "], which does not exist");
      start_url = it->second.get_nonempty("sso_start_url").value_or("");
      sso_region = it->second.get_nonempty("sso_region").value_or("");
      cache_key = *session;
    } else {
      start_url = p->get_nonempty("sso_start_url").value_or("");
      sso_region = p->get_nonempty("sso_region").value_or("");
      cache_key = start_url;
    }
    const auto account = p->get_nonempty("sso_account_id");
    const auto role = p->get_nonempty("sso_role_name");
    if (start_url.empty() || sso_region.empty() || !account || !role)
      return provider_failed(where + " needs sso_start_url, sso_region, sso_account_id and sso_role_name");

    const std::string cache_file = ctx_.env.expand_user("~/.aws/sso/cache/" + sha1_hex(cache_key) + ".json");
    auto cached = ctx_.env.read_file(cache_file);
    if (!cached)
      return provider_failed(where + ": no cached SSO token (" + cache_file + "); run `aws sso login`");
    auto doc = nlohmann::json::parse(*cached, nullptr, false);
    if (!doc.is_object() || !doc.contains("accessToken") || !doc["accessToken"].is_string() ||
        !doc.contains("expiresAt") || !doc["expiresAt"].is_string())
      return provider_failed(where + ": the cached SSO token " + cache_file +
                             " is malformed; run `aws sso login`");
    auto expires = parse_iso8601(doc["expiresAt"].get<std::string>());
    if (!expires || *expires <= ctx_.clock->now())
      return provider_failed(where + ": the cached SSO token has expired; run `aws sso login`");

    std::string base = configured_endpoint(sso_service, ctx_.env, ctx_.profiles.get(), ctx_.profile_name)
                           .value_or(default_endpoint(sso_service, sso_region, {}));
    while (base.ends_with('/')) base.pop_back();
    http_request req;
    req.method = "GET";
    req.url = base + "/federation/credentials?account_id=" + sigv4::uri_encode(*account) +
              "&role_name=" + sigv4::uri_encode(*role);
    req.timeout = ctx_.sts_timeout;
    req.headers.push_back({"x-amz-sso_bearer_token", doc["accessToken"].get<std::string>()});
    req.body.clear();
    auto res = ctx_.transport->send(req);
    if (!res || res->status != 200) {
      std::string why = describe_http_failure(res, base + "/federation/credentials");
      if (res && (res->status == 401 || res->status == 403))
        why += "; the SSO session is not valid, run `aws sso login`";
      return provider_failed(where + ": GetRoleCredentials: " + why);
    }
    auto body = nlohmann::json::parse(res->body, nullptr, false);
    if (!body.is_object() || !body.contains("roleCredentials") || !body["roleCredentials"].is_object())
      return provider_failed(where + ": GetRoleCredentials returned no roleCredentials object");
    const auto& rc = body["roleCredentials"];
    auto text = [&](const char* f) {
      return rc.contains(f) && rc[f].is_string() ? rc[f].get<std::string>() : std::string();
    };
    credentials c{text("accessKeyId"), text("secretAccessKey"), text("sessionToken"), std::nullopt};
    if (c.access_key_id.empty() || c.secret_access_key.empty() || !rc.contains("expiration") ||
        !rc["expiration"].is_number_integer())
      return provider_failed(where + ": GetRoleCredentials returned incomplete roleCredentials");
    c.expiration = std::chrono::system_clock::time_point(
        std::chrono::milliseconds(rc["expiration"].get<std::int64_t>()));
    return c;
  }

 private:
  provider_context ctx_;
};

}  // namespace

std::unique_ptr<chain_provider> make_sso_provider(const provider_context& ctx) {
  return std::make_unique<sso_provider>(ctx);
}

}  // namespace cwlog::detail

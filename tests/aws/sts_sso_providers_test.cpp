// The providers that call AWS services — assume role and web identity (STS,
// XML) and SSO (GetRoleCredentials) — against loopback stand-ins, including
// timeout, 404, 401/403, malformed body and wrong token.
#include <gtest/gtest.h>

#include <filesystem>

#include "aws/providers.h"
#include "aws/standins/standins.h"
#include "aws/standins/test_env.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

using test::fault;

using providers = test::provider_test;
using test::expect_same;

// --- STS: assume role ---------------------------------------------------------------
class sts_providers : public providers {
 protected:
  test::sts_standin sts_{"AKIDSOURCE", "source-secret", "web-identity-jwt"};
  void write_config(const std::string& extra = {}) {
    home_.write(".aws/credentials",
                "[source]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret\n"
                "[badsource]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = wrong\n");
    home_.write(
        ".aws/config",
        "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/logs-writer\nsource_profile = source\n"
        "external_id = ext-42\nrole_session_name = cwlog-test\nduration_seconds = 1800\n"
        "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/second\nsource_profile = role\n"
        "[profile envsource]\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = "
        "Environment\n"
        "[profile badsig]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = badsource\n"
        "[profile loop1]\nrole_arn = arn:aws:iam::123456789012:role/l1\nsource_profile = loop2\n"
        "[profile loop2]\nrole_arn = arn:aws:iam::123456789012:role/l2\nsource_profile = loop1\n"
        "[profile webid]\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = " +
            home_.file("token.jwt") + "\n" + extra);
    home_.write("token.jwt", "web-identity-jwt\n");
  }
  environment env(std::map<std::string, std::string, std::less<>> extra = {}) {
    extra["AWS_ENDPOINT_URL_STS"] = sts_.url();
    return home_.env(std::move(extra));
  }
};

TEST_F(sts_providers, assume_role_with_source_profile_signs_and_passes_parameters) {
  write_config();
  auto r = make_assume_role_provider(ctx(env(), "role"))->load();
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, sts_.served());
  auto calls = sts_.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].action, "AssumeRole");
  EXPECT_EQ(calls[0].signed_by, "AKIDSOURCE");
  EXPECT_TRUE(calls[0].signature_valid);
  EXPECT_EQ(calls[0].params["RoleArn"], "arn:aws:iam::123456789012:role/logs-writer");
  EXPECT_EQ(calls[0].params["ExternalId"], "ext-42");
  EXPECT_EQ(calls[0].params["RoleSessionName"], "cwlog-test");
  EXPECT_EQ(calls[0].params["DurationSeconds"], "1800");
}

TEST_F(sts_providers, assume_role_chains_and_credential_source) {
  write_config();
  // chained -> role -> source: two AssumeRole calls; the second is signed with
  // the first's temporary credentials, which the stand-in does not know, so it
  // answers SignatureDoesNotMatch: the chain is followed, and the error surfaces.
  auto r = make_assume_role_provider(ctx(env(), "chained"))->load();
  ASSERT_FALSE(r);
  auto calls = sts_.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].params["RoleArn"], "arn:aws:iam::123456789012:role/logs-writer");
  EXPECT_EQ(calls[1].params["RoleArn"], "arn:aws:iam::123456789012:role/second");
  EXPECT_EQ(calls[1].signed_by, sts_.served().access_key_id);
  EXPECT_NE(r.error().message.find("SignatureDoesNotMatch"), std::string::npos) << r.error().message;

  r = make_assume_role_provider(
          ctx(env({{"AWS_ACCESS_KEY_ID", "AKIDSOURCE"}, {"AWS_SECRET_ACCESS_KEY", "source-secret"}}),
              "envsource"))
          ->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(sts_.calls().back().params["RoleArn"], "arn:aws:iam::123456789012:role/env");
}

TEST_F(sts_providers, assume_role_from_the_container_credentials) {
  test::container_standin container;
  write_config(
      "[profile ecs]\nrole_arn = arn:aws:iam::123456789012:role/ecs\ncredential_source = EcsContainer\n");
  // The stand-in STS only accepts signatures by AKIDSOURCE: serve that from the container.
  auto c = container.served();
  c.access_key_id = "AKIDSOURCE";
  c.secret_access_key = "source-secret";
  container.set_credentials(c);
  auto r = make_assume_role_provider(
               ctx(env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url()}}), "ecs"))
               ->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(container.requests(), 1);
  EXPECT_TRUE(sts_.calls().back().signature_valid);
  EXPECT_EQ(sts_.calls().back().params["RoleArn"], "arn:aws:iam::123456789012:role/ecs");
}

TEST_F(sts_providers, assume_role_failures) {
  write_config(
      "[profile nosource]\nrole_arn = arn:aws:iam::1:role/x\n"
      "[profile badcs]\nrole_arn = arn:aws:iam::1:role/x\ncredential_source = Magic\n");
  auto load = [&](const char* profile) { return make_assume_role_provider(ctx(env(), profile))->load(); };
  auto r = load("badsig");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_EQ(r.error().message.find("wrong"), std::string::npos);  // the secret is not echoed
  r = load("loop1");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("loops"), std::string::npos) << r.error().message;
  EXPECT_NE(load("nosource").error().message.find("neither source_profile nor credential_source"),
            std::string::npos);
  EXPECT_NE(load("badcs").error().message.find("Environment, Ec2InstanceMetadata, EcsContainer"),
            std::string::npos);
  EXPECT_FALSE(load("source").error().configured);  // no role_arn: skipped
  EXPECT_FALSE(load("webid").error().configured);   // web identity profiles belong to the next provider

  struct {
    fault f;
    const char* expect;
  } cases[] = {{fault::unauthorized, "AccessDenied"},
               {fault::not_found, "HTTP 404"},
               {fault::server_error, "InternalFailure"},
               {fault::malformed, "malformed"},
               {fault::slow, "transport"}};
  for (const auto& c : cases) {
    sts_.set_fault(c.f);
    r = load("role");
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().configured);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

// --- STS: web identity ---------------------------------------------------------------
TEST_F(sts_providers, web_identity_from_env_and_profile) {
  write_config();
  auto e = env({{"AWS_WEB_IDENTITY_TOKEN_FILE", home_.file("token.jwt")},
                {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"},
                {"AWS_ROLE_SESSION_NAME", "pod-1"}});
  auto r = make_web_identity_provider(ctx(e))->load();
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, sts_.served());
  auto call = sts_.calls().back();
  EXPECT_EQ(call.action, "AssumeRoleWithWebIdentity");
  EXPECT_EQ(call.signed_by, "");  // unsigned
  EXPECT_EQ(call.params["RoleArn"], "arn:aws:iam::123456789012:role/irsa");
  EXPECT_EQ(call.params["RoleSessionName"], "pod-1");
  EXPECT_EQ(call.params["WebIdentityToken"], "web-identity-jwt");

  r = make_web_identity_provider(ctx(env(), "webid"))->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(sts_.calls().back().params["RoleArn"], "arn:aws:iam::123456789012:role/web");
  EXPECT_TRUE(sts_.calls().back().params["RoleSessionName"].starts_with("cwlog-session-"));
}

TEST_F(sts_providers, explicit_profile_ignores_web_identity_env) {
  write_config();
  auto e = env({{"AWS_WEB_IDENTITY_TOKEN_FILE", home_.file("token.jwt")},
                {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"}});
  // As botocore's disable_env_vars: a profile set in code wins over the pod's variables.
  auto r = make_web_identity_provider(ctx(e, "source"))->load();
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().configured);
  EXPECT_TRUE(make_web_identity_provider(ctx(e))->load());
}

TEST_F(sts_providers, web_identity_failures) {
  write_config();
  home_.write("wrong.jwt", "not-the-token");
  auto base = env({{"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"}});
  auto r = make_web_identity_provider(ctx(base.with("AWS_WEB_IDENTITY_TOKEN_FILE", home_.file("wrong.jwt"))))
               ->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("InvalidIdentityToken"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("not-the-token"), std::string::npos);
  r = make_web_identity_provider(ctx(base.with("AWS_WEB_IDENTITY_TOKEN_FILE", home_.file("missing.jwt"))))
          ->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot read"), std::string::npos);
  r = make_web_identity_provider(ctx(env({{"AWS_WEB_IDENTITY_TOKEN_FILE", home_.file("token.jwt")}})))
          ->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no role ARN"), std::string::npos);
  EXPECT_FALSE(make_web_identity_provider(ctx(env()))->load().error().configured);
  sts_.set_fault(fault::malformed);
  r = make_web_identity_provider(ctx(env(), "webid"))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("malformed"), std::string::npos);
}

// --- SSO -----------------------------------------------------------------------------
class sso_providers : public providers {
 protected:
  test::sso_standin sso_{"sso-access-token"};
  void write(const std::string& token, const std::string& expires_at) {
    home_.write(
        ".aws/config",
        "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = LogsWriter\n"
        "[profile legacy]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
        "sso_account_id = 123456789012\nsso_role_name = LogsWriter\n"
        "[profile nosession]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
    const std::string doc =
        "{\"accessToken\": \"" + token + "\", \"expiresAt\": \"" + expires_at +
        "\", \"region\": \"eu-west-1\", \"startUrl\": \"https://corp.awsapps.com/start\"}";
    // sha1("corp") and sha1("https://corp.awsapps.com/start"): botocore's cache keys.
    home_.write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json", doc);
    home_.write(".aws/sso/cache/" + sha1_of_start_url + ".json", doc);
  }
  environment env() { return home_.env({{"AWS_ENDPOINT_URL_SSO", sso_.url()}}); }
  std::string later() { return format_iso8601_utc(clock_->now() + std::chrono::hours(8)); }
  std::string sha1_of_start_url = "a51746d4aa793ae07b25e90c3a5db96fc7832bd7";
};

TEST_F(sso_providers, get_role_credentials_with_cached_token) {
  write("sso-access-token", later());
  auto r = make_sso_provider(ctx(env(), "sso"))->load();
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, sso_.served());
  r = make_sso_provider(ctx(env(), "legacy"))->load();  // sso_start_url in the profile itself
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, sso_.served());
}

TEST_F(sso_providers, failures) {
  write("stale-token", later());
  auto r = make_sso_provider(ctx(env(), "sso"))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("HTTP 401"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("aws sso login"), std::string::npos);
  EXPECT_EQ(r.error().message.find("stale-token"), std::string::npos);

  write("sso-access-token", format_iso8601_utc(clock_->now() - std::chrono::minutes(1)));
  r = make_sso_provider(ctx(env(), "sso"))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos) << r.error().message;
  EXPECT_EQ(sso_.requests(), 1);  // an expired token is not even sent

  write("sso-access-token", later());
  sso_.set_fault(fault::malformed);
  r = make_sso_provider(ctx(env(), "sso"))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("roleCredentials"), std::string::npos) << r.error().message;
  sso_.set_fault(fault::slow);
  EXPECT_FALSE(make_sso_provider(ctx(env(), "sso"))->load());

  EXPECT_NE(make_sso_provider(ctx(env(), "nosession"))->load().error().message.find("does not exist"),
            std::string::npos);
  EXPECT_FALSE(make_sso_provider(ctx(env()))->load().error().configured);
}

}  // namespace
}  // namespace cwlog::detail

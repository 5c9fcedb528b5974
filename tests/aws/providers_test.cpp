// Each credential provider against loopback stand-ins, including their
// failures: timeout, 404, 401, malformed body, expired credentials, wrong token.
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

// --- environment ---------------------------------------------------------------
TEST_F(providers, env_reads_keys_token_and_expiration) {
  auto env = home_.env({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                        {"AWS_SECRET_ACCESS_KEY", "secretenv"},
                        {"AWS_SESSION_TOKEN", "tokenenv"},
                        {"AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z"}});
  auto r = make_env_provider(ctx(env))->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->access_key_id, "AKIDENV");
  EXPECT_EQ(r->session_token, "tokenenv");
  ASSERT_TRUE(r->expiration);
  EXPECT_EQ(format_iso8601_utc(*r->expiration), "2030-01-02T03:04:05Z");
}

TEST_F(providers, env_absent_is_skipped_and_partial_is_an_error) {
  auto r = make_env_provider(ctx(home_.env()))->load();
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().configured);
  r = make_env_provider(ctx(home_.env({{"AWS_ACCESS_KEY_ID", "AKIDENV"}})))->load();
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().configured);
  EXPECT_NE(r.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

// --- shared credentials file / config file ----------------------------------------
TEST_F(providers, profile_keys_from_each_file) {
  home_.write(".aws/credentials",
              "[default]\naws_access_key_id = AKIDCRED\naws_secret_access_key = s1\n"
              "[dev]\naws_access_key_id = AKIDDEVCRED\naws_secret_access_key = s2\n"
              "aws_session_token = t2\n");
  home_.write(".aws/config", "[profile cfgonly]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s3\n");
  auto r = make_shared_credentials_provider(ctx(home_.env()))->load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, "AKIDCRED");
  r = make_shared_credentials_provider(ctx(home_.env({{"AWS_PROFILE", "dev"}})))->load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, "AKIDDEVCRED");
  EXPECT_EQ(r->session_token, "t2");
  // [profile cfgonly] is in the config file: the credentials-file provider skips it.
  auto c = ctx(home_.env(), "cfgonly");
  EXPECT_FALSE(make_shared_credentials_provider(c)->load());
  r = make_config_file_provider(c)->load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, "AKIDCFG");
}

// --- credential_process ------------------------------------------------------------
TEST_F(providers, credential_process_runs_the_command) {
  const auto script =
      home_.write("bin/creds.sh",
                  "#!/bin/sh\n"
                  "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": "
                  "\"sproc\", \"SessionToken\": \"tproc\", \"Expiration\": \"2031-05-06T07:08:09Z\"}'\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  home_.write(".aws/config", "[default]\ncredential_process = " + script + " --some-arg\n");
  auto r = make_process_provider(ctx(home_.env()))->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->access_key_id, "AKIDPROC");
  EXPECT_EQ(r->session_token, "tproc");
  EXPECT_EQ(format_iso8601_utc(*r->expiration), "2031-05-06T07:08:09Z");
}

TEST_F(providers, credential_process_failures) {
  const auto fails = home_.write("bin/fail.sh", "#!/bin/sh\necho oops >&2\nexit 3\n");
  const auto bad_json = home_.write("bin/bad.sh", "#!/bin/sh\necho 'not json SECRETSTUFF'\n");
  const auto bad_version =
      home_.write("bin/v2.sh",
                  "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"B\"}'\n");
  for (const auto& s : {fails, bad_json, bad_version})
    std::filesystem::permissions(s, std::filesystem::perms::owner_all);
  home_.write(".aws/config", "[profile fail]\ncredential_process = " + fails +
                                 "\n[profile bad]\ncredential_process = " + bad_json +
                                 "\n[profile v2]\ncredential_process = " + bad_version + "\n");
  auto r = make_process_provider(ctx(home_.env(), "fail"))->load();
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().configured);
  EXPECT_NE(r.error().message.find("exit status 3"), std::string::npos) << r.error().message;
  r = make_process_provider(ctx(home_.env(), "bad"))->load();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("SECRETSTUFF"), std::string::npos);  // the output is never echoed
  r = make_process_provider(ctx(home_.env(), "v2"))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("Version"), std::string::npos);
  EXPECT_FALSE(make_process_provider(ctx(home_.env()))->load().error().configured);  // no command: skipped
}

// --- container ---------------------------------------------------------------------
TEST_F(providers, container_full_uri_with_token_and_token_file) {
  test::container_standin standin("Bearer pod-identity-token");
  auto env = home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", standin.credentials_url()},
                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer pod-identity-token"}});
  auto r = make_container_provider(ctx(env))->load();
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, standin.served());

  // The token file wins over the token variable and is re-read at every load.
  const auto token_file = home_.write("eks/token", "wrong-token");
  auto with_file = env.with("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
  auto provider = make_container_provider(ctx(with_file));
  r = provider->load();
  ASSERT_FALSE(r);  // wrong token -> 401
  EXPECT_NE(r.error().message.find("HTTP 401"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("wrong-token"), std::string::npos);
  home_.write("eks/token", "Bearer pod-identity-token");
  EXPECT_TRUE(provider->load());
}

TEST_F(providers, container_failures) {
  test::container_standin standin;
  auto env = home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", standin.credentials_url()}});
  struct {
    fault f;
    const char* expect;
  } cases[] = {{fault::not_found, "HTTP 404"},
               {fault::server_error, "HTTP 500"},
               {fault::malformed, "JSON"},
               {fault::slow, "127.0.0.1"}};
  for (const auto& c : cases) {
    standin.set_fault(c.f);
    auto r = make_container_provider(ctx(env))->load();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().configured);
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos) << r.error().message;
  }
}

TEST_F(providers, container_full_uri_host_rules) {
  auto load = [&](const std::string& uri) {
    return make_container_provider(ctx(home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", uri}})))->load();
  };
  auto r = load("http://198.51.100.7/creds");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not allowed"), std::string::npos) << r.error().message;
  r = load("http://example.com/creds");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not allowed"), std::string::npos);
  // Loopback in any form passes the check (nothing listens on port 9 here, so
  // the fetch itself fails, quickly).
  for (const char* ok :
       {"http://127.0.0.1:9/c", "http://127.1.2.3:9/c", "http://[::1]:9/c", "http://localhost:9/c"}) {
    r = load(ok);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message.find("not allowed"), std::string::npos) << ok << ": " << r.error().message;
  }
  EXPECT_FALSE(make_container_provider(ctx(home_.env()))->load().error().configured);
}

TEST_F(providers, container_relative_uri_goes_to_the_ecs_address) {
  // Not fetched (169.254.170.2 is not loopback): only the URL is checked.
  auto url =
      container_credentials_url(home_.env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
                                           {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/x"}}));
  ASSERT_TRUE(url);
  EXPECT_EQ(*url, "http://169.254.170.2/v2/credentials/abc");  // RELATIVE_URI wins
  for (const char* ok : {"http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/v1/credentials",
                         "https://creds.example.com/x"}) {
    EXPECT_TRUE(container_credentials_url(home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ok}}))) << ok;
  }
  EXPECT_FALSE(
      container_credentials_url(home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/x"}})));
}

// --- IMDS --------------------------------------------------------------------------
TEST_F(providers, imds_v2_token_then_role_then_credentials) {
  test::imds_standin imds;
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  auto provider = make_imds_provider(ctx(env));
  auto r = provider->load();
  ASSERT_TRUE(r) << r.error().message;
  expect_same(*r, imds.served());
  EXPECT_EQ(imds.v1_requests(), 0);
  EXPECT_EQ(imds.token_requests(), 1);
  EXPECT_TRUE(provider->load());
  EXPECT_EQ(imds.token_requests(), 1);  // the token is reused
  EXPECT_EQ(imds_region(ctx(env)), "eu-central-1");
}

TEST_F(providers, imds_never_falls_back_to_v1) {
  test::imds_standin imds;
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  for (fault f : {fault::not_found, fault::unauthorized, fault::slow}) {
    imds.set_fault(f);  // the token PUT fails
    auto r = make_imds_provider(ctx(env))->load();
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().configured);  // botocore: IMDS failure = no credentials here
    EXPECT_NE(r.error().message.find("token"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(imds.v1_requests(), 0);
}

TEST_F(providers, imds_wrong_token_malformed_and_expired) {
  test::imds_standin imds;
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  auto provider = make_imds_provider(ctx(env));
  imds.set_reject_tokens(true);
  auto r = provider->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("HTTP 401"), std::string::npos) << r.error().message;
  imds.set_reject_tokens(false);
  EXPECT_TRUE(provider->load());  // a fresh token is fetched after the 401
  imds.set_fault(fault::malformed);
  r = make_imds_provider(ctx(env))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("JSON"), std::string::npos) << r.error().message;
  imds.set_fault(fault::expired);
  r = make_imds_provider(ctx(env))->load();
  ASSERT_TRUE(r);  // the provider passes them on; refreshing_provider refuses them (tested there)
  EXPECT_LT(*r->expiration, std::chrono::system_clock::now());
  EXPECT_EQ(imds.v1_requests(), 0);
}

TEST_F(providers, imds_endpoint_selection) {
  // Only the URL is checked: nothing is fetched from these addresses.
  EXPECT_EQ(imds_base_url(ctx(home_.env())), "http://169.254.169.254");
  EXPECT_EQ(imds_base_url(ctx(home_.env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}))),
            "http://[fd00:ec2::254]");
  EXPECT_EQ(imds_base_url(ctx(home_.env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"},
                                         {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1234/"}}))),
            "http://127.0.0.1:1234");
  home_.write(".aws/config", "[default]\nec2_metadata_service_endpoint = http://127.0.0.2:80\n");
  EXPECT_EQ(imds_base_url(ctx(home_.env())), "http://127.0.0.2:80");
}

TEST_F(providers, imds_disabled_is_not_contacted) {
  test::imds_standin imds;
  auto env =
      home_.env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});  // DISABLED=true from home_.env()
  auto r = make_imds_provider(ctx(env))->load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_EQ(imds.token_requests(), 0);
}

}  // namespace
}  // namespace cwlog::detail

// The stand-ins checked with a client nobody here wrote: the image's botocore
// (standins/boto3_check.py) is pointed at them through the documented
// settings and must obtain exactly the credentials cwlog obtains from the same
// environment. This also exercises botocore's SigV4 against our STS
// stand-in's verifier, and botocore's parsing of the stand-ins' documents.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "aws/aws_resolver.h"
#include "aws/standins/standins.h"
#include "aws/standins/test_env.h"
#include "common/time_format.h"
#include "support/process.h"

namespace cwlog::detail {
namespace {

using vars = std::map<std::string, std::string, std::less<>>;

struct boto_answer {
  std::string method, access_key, secret_key, token, expiry, error;
};

boto_answer failure(std::string why) {
  boto_answer a;
  a.error = std::move(why);
  return a;
}

// Runs botocore in a clean environment (env -i): only `v` and PATH.
boto_answer run_botocore(const vars& v) {
  const char* path = std::getenv("PATH");
  std::vector<std::string> argv{"env", "-i", std::string("PATH=") + (path ? path : "/usr/bin:/bin")};
  for (const auto& [k, val] : v) argv.push_back(k + "=" + val);
  argv.push_back("python3");
  argv.push_back(std::string(CWLOG_SOURCE_DIR) + "/tests/aws/standins/boto3_check.py");
  const auto r = test::run_process(argv);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (!j.is_object()) {
    return failure("python printed no JSON (exit " + std::to_string(r.exit_code) + "): " + r.err);
  }
  if (j.contains("error")) return failure(j["error"].get<std::string>());
  return {j["method"], j["access_key"], j["secret_key"], j["token"], j["expiry"], ""};
}

class boto3_check : public ::testing::Test {
 protected:
  void SetUp() override {
    auto probe = run_botocore({{"AWS_EC2_METADATA_DISABLED", "true"}, {"HOME", home_.path().string()}});
    // The machine's python3 (first on PATH) carries botocore: without it this
    // cross-check would prove nothing, so it fails instead of skipping.
    ASSERT_FALSE(probe.error.starts_with("no botocore")) << probe.error;
  }

  // Both clients from the same environment; returns cwlog's credentials.
  void expect_same(vars v, const std::string& expected_method, const credentials& served) {
    v["HOME"] = home_.path().string();
    v.try_emplace("AWS_EC2_METADATA_DISABLED", "true");
    v.try_emplace("AWS_DEFAULT_REGION", "eu-west-1");
    auto boto = run_botocore(v);
    ASSERT_EQ(boto.error, "");
    cwlog::aws_options o;
    auto resolved = resolve_aws(o, environment(v, home_.path().string()), test::test_transport(), clock_);
    ASSERT_TRUE(resolved) << resolved.error();
    auto ours = resolved->credentials->get();
    ASSERT_TRUE(ours) << ours.error().message;
    EXPECT_EQ(boto.method, expected_method);
    EXPECT_EQ(ours->access_key_id, boto.access_key);
    EXPECT_EQ(ours->secret_access_key, boto.secret_key);
    EXPECT_EQ(ours->session_token, boto.token);
    EXPECT_EQ(ours->access_key_id, served.access_key_id);  // and both got what the stand-in served
    EXPECT_EQ(ours->session_token, served.session_token);
    // Every source here hands out temporary credentials: both must see the same expiry.
    ASSERT_FALSE(boto.expiry.empty());
    ASSERT_TRUE(ours->expiration);
    EXPECT_EQ(format_iso8601_utc(*ours->expiration), boto.expiry);
  }

  test::temp_home home_;
  std::shared_ptr<clock_source> clock_ = std::make_shared<system_clock_source>();
};

TEST_F(boto3_check, imds) {
  test::imds_standin imds;
  expect_same({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}},
              "iam-role", imds.served());
  EXPECT_EQ(imds.v1_requests(), 0);
}

TEST_F(boto3_check, container_with_authorization_token) {
  test::container_standin container("Bearer pod-token");
  expect_same({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url()},
               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer pod-token"}},
              "container-role", container.served());
}

TEST_F(boto3_check, assume_role_profile_through_sts) {
  test::sts_standin sts("AKIDSOURCE", "source-secret", "jwt");
  home_.write(".aws/credentials",
              "[source]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source-secret\n");
  home_.write(".aws/config",
              "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/w\nsource_profile = source\n"
              "role_session_name = s1\nexternal_id = e1\n");
  expect_same({{"AWS_PROFILE", "role"}, {"AWS_ENDPOINT_URL_STS", sts.url()}}, "assume-role", sts.served());
  auto calls = sts.calls();
  ASSERT_EQ(calls.size(), 2u);  // one from botocore, one from cwlog: both signed correctly
  for (const auto& c : calls) {
    EXPECT_TRUE(c.signature_valid) << c.signed_by;
    EXPECT_EQ(c.params.at("ExternalId"), "e1");
  }
}

TEST_F(boto3_check, web_identity_through_sts) {
  test::sts_standin sts("AKIDSOURCE", "source-secret", "the-jwt");
  expect_same({{"AWS_WEB_IDENTITY_TOKEN_FILE", home_.write("jwt", "the-jwt")},
               {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa"},
               {"AWS_ROLE_SESSION_NAME", "pod"},
               {"AWS_ENDPOINT_URL_STS", sts.url()}},
              "assume-role-with-web-identity", sts.served());
}

TEST_F(boto3_check, sso_session_profile) {
  test::sso_standin sso("sso-token");
  home_.write(".aws/config",
              "[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Writer\n"
              "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
  const auto expires = format_iso8601_utc(std::chrono::system_clock::now() + std::chrono::hours(8));
  home_.write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",  // sha1("corp")
              "{\"accessToken\": \"sso-token\", \"expiresAt\": \"" + expires +
                  "\", \"region\": \"eu-west-1\", \"startUrl\": \"https://corp.awsapps.com/start\"}");
  expect_same({{"AWS_PROFILE", "sso"}, {"AWS_ENDPOINT_URL_SSO", sso.url()}}, "sso", sso.served());
}

}  // namespace
}  // namespace cwlog::detail

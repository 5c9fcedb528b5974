// Partitions, default endpoints per the logs endpoint rule set, configured
// endpoint precedence, region resolution and the resolve_aws entry point.
#include <gtest/gtest.h>

#include <cwlog/error.h>

#include "aws/aws_resolver.h"
#include "aws/endpoint.h"
#include "aws/region.h"
#include "aws/standins/standins.h"
#include "aws/standins/test_env.h"

namespace cwlog::detail {
namespace {

TEST(endpoint, partitions) {
  EXPECT_EQ(partition_for_region("eu-west-1").name, "aws");
  EXPECT_EQ(partition_for_region("us-east-1").name, "aws");
  EXPECT_EQ(partition_for_region("cn-north-1").name, "aws-cn");
  EXPECT_EQ(partition_for_region("cn-north-1").dns_suffix, "amazonaws.com.cn");
  EXPECT_EQ(partition_for_region("us-gov-west-1").name, "aws-us-gov");
  EXPECT_EQ(partition_for_region("us-iso-east-1").name, "aws-iso");
  EXPECT_EQ(partition_for_region("us-isob-east-1").name, "aws-iso-b");
  EXPECT_EQ(partition_for_region("eu-isoe-west-1").name, "aws-iso-e");
  EXPECT_EQ(partition_for_region("eusc-de-east-1").name, "aws-eusc");
  EXPECT_EQ(partition_for_region("mars-central-1").name, "aws");  // unknown: botocore's default
}

TEST(endpoint, default_logs_endpoints_follow_the_rule_set) {
  EXPECT_EQ(default_endpoint(logs_service, "eu-west-1", {}), "https://logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(default_endpoint(logs_service, "cn-northwest-1", {}),
            "https://logs.cn-northwest-1.amazonaws.com.cn");
  EXPECT_EQ(default_endpoint(logs_service, "us-gov-west-1", {}), "https://logs.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(default_endpoint(logs_service, "us-east-1", {true, false}),
            "https://logs-fips.us-east-1.amazonaws.com");
  EXPECT_EQ(default_endpoint(logs_service, "us-gov-east-1", {true, false}),
            "https://logs.us-gov-east-1.amazonaws.com");
  EXPECT_EQ(default_endpoint(logs_service, "eu-west-1", {false, true}), "https://logs.eu-west-1.api.aws");
  EXPECT_EQ(default_endpoint(logs_service, "us-east-1", {true, true}), "https://logs-fips.us-east-1.api.aws");
  EXPECT_EQ(default_endpoint(logs_service, "cn-north-1", {false, true}),
            "https://logs.cn-north-1.api.amazonwebservices.com.cn");
  EXPECT_EQ(default_endpoint(logs_service, "us-iso-east-1", {}), "https://logs.us-iso-east-1.c2s.ic.gov");
  EXPECT_EQ(default_endpoint(sts_service, "eu-west-1", {}), "https://sts.eu-west-1.amazonaws.com");
}

TEST(endpoint, fips_and_dualstack_from_env_or_profile) {
  test::temp_home home;
  auto env = home.env();
  profile_section p;
  p.values["use_fips_endpoint"] = "true";
  EXPECT_TRUE(endpoint_variant_from(env, &p).fips);
  EXPECT_FALSE(endpoint_variant_from(env.with("AWS_USE_FIPS_ENDPOINT", "false"), &p).fips);  // env first
  EXPECT_TRUE(endpoint_variant_from(env.with("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"), nullptr).dual_stack);
  EXPECT_FALSE(endpoint_variant_from(env, nullptr).dual_stack);
}

TEST(endpoint, configured_endpoint_precedence) {
  test::temp_home home;
  home.write(".aws/config",
             "[default]\nendpoint_url = http://profile-global\nservices = local\n"
             "[profile plain]\nendpoint_url = http://plain-global\n"
             "[profile broken]\nservices = missing\n"
             "[services local]\ncloudwatch_logs =\n  endpoint_url = http://services-logs\n"
             "sts =\n  endpoint_url = http://services-sts\n");
  auto env = home.env();
  auto cfg = load_profile_config(env);
  ASSERT_TRUE(cfg);
  std::string where;
  auto logs = [&](const environment& e, const std::string& profile = "default") {
    return configured_endpoint(logs_service, e, &*cfg, profile, &where);
  };
  EXPECT_EQ(logs(env.with("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://env-logs")
                     .with("AWS_ENDPOINT_URL", "http://g")),
            "http://env-logs");
  EXPECT_EQ(where, "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
  EXPECT_EQ(logs(env.with("AWS_ENDPOINT_URL", "http://env-global")), "http://env-global");
  EXPECT_EQ(logs(env), "http://services-logs");
  EXPECT_EQ(logs(env, "plain"), "http://plain-global");
  EXPECT_EQ(configured_endpoint(sts_service, env, &*cfg, "default"), "http://services-sts");
  EXPECT_EQ(
      logs(env.with("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true").with("AWS_ENDPOINT_URL", "http://x")),
      std::nullopt);
  EXPECT_EQ(logs(env, "nonexistent"), std::nullopt);
  EXPECT_THROW(logs(env, "broken"), cwlog::error);
}

TEST(region, order) {
  test::temp_home home;
  auto env = home.env();
  profile_section p;
  p.values["region"] = "ap-southeast-2";
  auto imds = [] { return std::expected<std::string, std::string>("sa-east-1"); };
  auto no_imds = [] { return std::expected<std::string, std::string>(std::unexpected("disabled")); };
  auto full = env.with("AWS_REGION", "eu-west-3").with("AWS_DEFAULT_REGION", "eu-west-2");
  EXPECT_EQ(resolve_region("us-west-1", full, &p, "default", imds)->region, "us-west-1");
  EXPECT_EQ(resolve_region("", full, &p, "default", imds)->region, "eu-west-3");
  EXPECT_EQ(resolve_region("", env.with("AWS_DEFAULT_REGION", "eu-west-2"), &p, "default", imds)->region,
            "eu-west-2");
  EXPECT_EQ(resolve_region("", env, &p, "default", imds)->region, "ap-southeast-2");
  auto r = resolve_region("", env, nullptr, "default", imds);
  EXPECT_EQ(r->region, "sa-east-1");
  EXPECT_EQ(r->source, "IMDS");
  auto none = resolve_region("", env, nullptr, "default", no_imds);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("AWS_REGION"), std::string::npos);
  EXPECT_NE(none.error().find("disabled"), std::string::npos);
}

class resolver : public ::testing::Test {
 protected:
  test::temp_home home_;
  std::shared_ptr<test::manual_clock> clock_ = test::clock_at_real_now();
  std::expected<resolved_aws, std::string> resolve(const cwlog::aws_options& o, const environment& env) {
    return resolve_aws(o, env, test::test_transport(), clock_);
  }
};

TEST_F(resolver, region_endpoint_partition_and_credentials) {
  home_.write(".aws/config", "[profile cn]\nregion = cn-north-1\n");
  home_.write(".aws/credentials", "[cn]\naws_access_key_id = AKIDCN\naws_secret_access_key = s\n");
  cwlog::aws_options o;
  o.profile = "cn";
  auto r = resolve(o, home_.env());
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->region, "cn-north-1");
  EXPECT_EQ(r->partition, "aws-cn");
  EXPECT_EQ(r->endpoint, "https://logs.cn-north-1.amazonaws.com.cn");
  auto c = r->credentials->get();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIDCN");
}

TEST_F(resolver, overrides_and_explicit_credentials) {
  cwlog::aws_options o;
  o.region = "us-gov-east-1";
  o.credentials = cwlog::credentials_source::static_keys;
  o.access_key_id = "AKIDEXPLICIT";
  o.secret_access_key = "s";
  auto env = home_.env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:4566/"}});
  auto r = resolve(o, env);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->endpoint, "http://127.0.0.1:4566");
  EXPECT_EQ(r->partition, "aws-us-gov");
  EXPECT_EQ(r->credentials->get()->access_key_id, "AKIDEXPLICIT");
  o.endpoint = "http://127.0.0.1:9999";
  EXPECT_EQ(resolve(o, env)->endpoint, "http://127.0.0.1:9999");
  o.secret_access_key.clear();
  auto bad = resolve(o, env);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("secret_access_key"), std::string::npos);
  o.secret_access_key = "s";
  o.endpoint.clear();
  EXPECT_EQ(resolve(o, env.with("AWS_USE_FIPS_ENDPOINT", "true").without("AWS_ENDPOINT_URL"))->endpoint,
            "https://logs.us-gov-east-1.amazonaws.com");
}

TEST_F(resolver, region_from_imds_and_missing_region) {
  test::imds_standin imds;
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  auto r = resolve({}, env);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->region, "eu-central-1");
  EXPECT_EQ(r->endpoint, "https://logs.eu-central-1.amazonaws.com");
  auto c = r->credentials->get();  // nothing else configured: IMDS credentials
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, imds.served().access_key_id);
  EXPECT_EQ(imds.v1_requests(), 0);

  auto none = resolve({}, home_.env());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().find("no AWS region"), std::string::npos);
}

TEST_F(resolver, nothing_found_is_reported_at_get) {
  cwlog::aws_options o;
  o.region = "eu-west-1";
  auto r = resolve(o, home_.env());
  ASSERT_TRUE(r);
  auto c = r->credentials->get();
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("no AWS credentials found"), std::string::npos) << c.error().message;
}

TEST_F(resolver, unknown_named_profile_is_an_error) {
  cwlog::aws_options o;
  o.region = "eu-west-1";
  o.profile = "nope";
  auto r = resolve(o, home_.env());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("\"nope\""), std::string::npos) << r.error();
  o.profile.clear();
  EXPECT_FALSE(resolve(o, home_.env({{"AWS_PROFILE", "nope"}})));
  EXPECT_TRUE(resolve(o, home_.env()));  // "default" may be absent
  EXPECT_FALSE(resolve(o, home_.env({{"AWS_METADATA_SERVICE_TIMEOUT", "soon"}})));
}

TEST_F(resolver, bad_config_file_is_an_error) {
  home_.write(".aws/config", "no section\n");
  auto r = resolve({}, home_.env({{"AWS_REGION", "eu-west-1"}}));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(".aws/config:1"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace cwlog::detail

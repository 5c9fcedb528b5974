// The shared config/credentials file parser against the CLI's rules
// (botocore/configloader.py over configparser).
#include <gtest/gtest.h>

#include "aws/profile_file.h"
#include "aws/standins/test_env.h"

namespace cwlog::detail {
namespace {

ini_sections parse_ok(std::string_view text) {
  auto r = parse_ini(text, "test.ini");
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error());
  return r ? *r : ini_sections{};
}

TEST(profile_file, keys_values_and_comments) {
  auto s = parse_ok(
      "# a comment\n"
      "; another comment\n"
      "[default]\n"
      "Region = eu-west-1\n"
      "output: json\n"
      "  # indented comment line is still a comment\n"
      "empty =\n"
      "with_hash = abc # not a comment\n");
  const auto& d = s["default"];
  EXPECT_EQ(d.get("region"), "eu-west-1");  // keys are lower-cased
  EXPECT_EQ(d.get("output"), "json");
  EXPECT_EQ(d.get("empty"), "");
  EXPECT_EQ(d.get("with_hash"), "abc # not a comment");  // configparser has no inline comments
  EXPECT_EQ(d.get("missing"), std::nullopt);
}

TEST(profile_file, nested_subsection_and_continuation) {
  auto s = parse_ok(
      "[profile dev]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style = path\n"
      "region = us-east-2\n"
      "note = first\n"
      "  second\n");
  const auto& p = s["profile dev"];
  EXPECT_EQ(p.get("s3", "max_concurrent_requests"), "20");
  EXPECT_EQ(p.get("s3", "addressing_style"), "path");
  EXPECT_EQ(p.get("s3"), std::nullopt);  // a sub-section, not a value
  EXPECT_EQ(p.get("region"), "us-east-2");
  EXPECT_EQ(p.get("note"), "first\nsecond");  // continuation of a non-empty value: kept literal
}

TEST(profile_file, crlf_and_blank_lines) {
  auto s = parse_ok("[default]\r\n\r\naws_access_key_id = AKID\r\n");
  EXPECT_EQ(s["default"].get("aws_access_key_id"), "AKID");
}

TEST(profile_file, errors_name_file_and_line) {
  auto r = parse_ini("key = before any section\n", "cfg");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("cfg:1"), std::string::npos) << r.error();
  r = parse_ini("[default]\njust some words\n", "cfg");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("cfg:2"), std::string::npos) << r.error();
  r = parse_ini("[default\n", "cfg");
  ASSERT_FALSE(r);
  r = parse_ini("[default]\nsub =\n  no equals sign here\n", "cfg");
  ASSERT_FALSE(r);
}

TEST(profile_file, config_sections_become_profiles_sessions_services) {
  auto config = parse_ok(
      "[default]\nregion = eu-west-1\n"
      "[profile dev]\nregion = us-west-2\nservices = local\n"
      "[dev]\nregion = ignored-not-a-profile\n"
      "[sso-session corp]\nsso_region = eu-west-1\n"
      "[services local]\ncloudwatch_logs =\n  endpoint_url = http://127.0.0.1:4566\n");
  auto creds = parse_ok("[dev]\naws_access_key_id = AKIDDEV\nregion = from-credentials\n[other]\nx = 1\n");
  auto cfg = build_profile_config(config, creds);
  ASSERT_NE(cfg.profile("default"), nullptr);
  EXPECT_EQ(cfg.profile("default")->get("region"), "eu-west-1");
  ASSERT_NE(cfg.profile("dev"), nullptr);
  // The credentials file wins over the config file in the merged view.
  EXPECT_EQ(cfg.profile("dev")->get("region"), "from-credentials");
  EXPECT_EQ(cfg.config_profiles.at("dev").get("region"), "us-west-2");
  EXPECT_EQ(cfg.profile("dev")->get("aws_access_key_id"), "AKIDDEV");
  EXPECT_NE(cfg.profile("other"), nullptr);
  EXPECT_EQ(cfg.sso_sessions.at("corp").get("sso_region"), "eu-west-1");
  EXPECT_EQ(cfg.services.at("local").get("cloudwatch_logs", "endpoint_url"), "http://127.0.0.1:4566");
}

TEST(profile_file, profile_default_wins_over_default) {
  auto config = parse_ok("[default]\nregion = a\n[profile default]\nregion = b\n");
  auto cfg = build_profile_config(config, {});
  EXPECT_EQ(cfg.profile("default")->get("region"), "b");
}

TEST(profile_file, load_uses_env_paths_and_tolerates_missing_files) {
  test::temp_home home;
  auto env = home.env();
  auto none = load_profile_config(env);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->profiles.empty());
  EXPECT_EQ(none->config_path, home.file(".aws/config"));

  home.write(".aws/config", "[profile home]\nregion = eu-north-1\n");
  home.write("elsewhere/creds", "[x]\naws_access_key_id = AKIDX\n");
  auto cfg = load_profile_config(env.with("AWS_SHARED_CREDENTIALS_FILE", home.file("elsewhere/creds")));
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->profile("home")->get("region"), "eu-north-1");
  EXPECT_EQ(cfg->profile("x")->get("aws_access_key_id"), "AKIDX");

  home.write("alt/config", "[profile alt]\nregion = ap-south-1\n");
  cfg = load_profile_config(env.with("AWS_CONFIG_FILE", home.file("alt/config")));
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->profile("home"), nullptr);
  EXPECT_EQ(cfg->profile("alt")->get("region"), "ap-south-1");

  home.write(".aws/config", "garbage line\n");
  EXPECT_FALSE(load_profile_config(env));
}

TEST(profile_file, selected_profile_follows_botocore_order) {
  test::temp_home home;
  auto env = home.env();
  EXPECT_EQ(selected_profile_name("", env), "default");
  EXPECT_EQ(selected_profile_name("", env.with("AWS_PROFILE", "p")), "p");
  EXPECT_EQ(selected_profile_name("", env.with("AWS_PROFILE", "p").with("AWS_DEFAULT_PROFILE", "d")), "d");
  EXPECT_EQ(selected_profile_name("cfg", env.with("AWS_PROFILE", "p")), "cfg");
}

}  // namespace
}  // namespace cwlog::detail

// The chain: botocore's order, the first configured link wins, a configured
// but broken link stops the chain, and "nothing found" names every link and
// why it was skipped, without any secret.
#include <gtest/gtest.h>

#include "aws/credentials_chain.h"
#include "aws/refreshing_provider.h"
#include "aws/standins/standins.h"
#include "aws/standins/test_env.h"

namespace cwlog::detail {
namespace {

class chain : public ::testing::Test {
 protected:
  test::temp_home home_;
  std::shared_ptr<test::manual_clock> clock_ = test::clock_at_real_now();
  credentials_chain make(const environment& env, std::string profile = {}) {
    return credentials_chain(default_chain_links(test::make_context(env, clock_, std::move(profile))));
  }
};

TEST_F(chain, order_is_botocores) {
  auto c = make(home_.env());
  EXPECT_EQ(c.link_names(), (std::vector<std::string>{"environment", "assume-role", "web-identity", "sso",
                                                      "shared-credentials-file", "credential-process",
                                                      "config-file", "container", "imds"}));
  // An explicitly configured profile drops the environment provider (botocore's disable_env_vars).
  EXPECT_EQ(make(home_.env(), "x").link_names().front(), "assume-role");
}

TEST_F(chain, nothing_found_names_each_provider_and_no_secret) {
  home_.write(".aws/config", "[default]\nregion = eu-west-1\n");
  auto c = make(home_.env({{"AWS_CONTAINER_AUTHORIZATION_TOKEN", "super-secret-container-token"}}));
  auto r = c.load();
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.error().configured);
  const auto& m = r.error().message;
  for (const char* name : {"environment", "assume-role", "web-identity", "sso", "shared-credentials-file",
                           "credential-process", "config-file", "container", "imds"}) {
    EXPECT_NE(m.find(std::string("- ") + name + ": "), std::string::npos) << name << " missing in:\n" << m;
  }
  EXPECT_NE(m.find("AWS_EC2_METADATA_DISABLED"), std::string::npos) << m;
  EXPECT_EQ(m.find("super-secret-container-token"), std::string::npos) << m;
  // In order.
  EXPECT_LT(m.find("- environment"), m.find("- assume-role"));
  EXPECT_LT(m.find("- config-file"), m.find("- container"));
  EXPECT_LT(m.find("- container"), m.find("- imds"));
}

TEST_F(chain, environment_beats_profile_and_profile_beats_container) {
  test::container_standin container;
  home_.write(".aws/credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  auto env = home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url()}});
  auto r = make(env.with("AWS_ACCESS_KEY_ID", "AKIDENV").with("AWS_SECRET_ACCESS_KEY", "e")).load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, "AKIDENV");
  auto c = make(env);
  r = c.load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, "AKIDFILE");
  EXPECT_EQ(c.name(), "shared-credentials-file");
  EXPECT_EQ(container.requests(), 0);
  home_.write(".aws/credentials", "");
  r = make(env).load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, container.served().access_key_id);
}

TEST_F(chain, container_beats_imds_and_imds_is_last) {
  test::imds_standin imds;
  test::container_standin container;
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  auto r = make(env.with("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url())).load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, container.served().access_key_id);
  EXPECT_EQ(imds.token_requests(), 0);
  r = make(env).load();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->access_key_id, imds.served().access_key_id);
}

TEST_F(chain, configured_but_broken_stops_the_chain) {
  test::imds_standin imds;
  home_.write(".aws/config", "[default]\ncredential_process = /nonexistent/helper\n");
  auto env =
      home_.env({{"AWS_EC2_METADATA_DISABLED", "false"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}});
  auto r = make(env).load();
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().configured);
  EXPECT_NE(r.error().message.find("credential-process"), std::string::npos) << r.error().message;
  EXPECT_EQ(imds.token_requests(), 0);  // did not fall through to another identity
}

TEST_F(chain, the_winner_is_asked_again_on_reload) {
  test::container_standin container;
  auto c = make(home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url()}}));
  ASSERT_TRUE(c.load());
  ASSERT_TRUE(c.load());
  EXPECT_EQ(container.requests(), 2);
  container.set_fault(test::fault::not_found);
  auto r = c.load();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("container"), std::string::npos);
}

TEST_F(chain, expired_credentials_from_a_service_are_refused) {
  test::container_standin container;
  container.set_fault(test::fault::expired);
  refreshing_provider p(
      std::make_unique<credentials_chain>(default_chain_links(test::make_context(
          home_.env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", container.credentials_url()}}), clock_))),
      clock_);
  auto r = p.get();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos) << r.error().message;
  container.set_fault(test::fault::none);
  EXPECT_TRUE(p.get());
}

}  // namespace
}  // namespace cwlog::detail

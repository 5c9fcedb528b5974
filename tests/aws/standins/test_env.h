#pragma once
// A scratch HOME for one test and an environment snapshot pointing into it:
// no test reads the real ~/.aws or mutates the process environment, and IMDS
// is disabled unless a test points it at its stand-in.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "aws/environment.h"
#include "aws/providers.h"
#include "aws/standins/standins.h"
#include "http/curl_transport.h"
#include "support/temp_dir.h"

namespace cwlog::test {

// A temporary HOME (support/temp_dir.h) with the AWS files written into it.
class temp_home {
 public:
  const std::filesystem::path& path() const { return dir_.path(); }
  std::string file(const std::string& rel) const { return (path() / rel).string(); }

  // Writes (creating directories) and returns the absolute path.
  std::string write(const std::string& rel, const std::string& content) const {
    return dir_.write(rel, content).string();
  }

  // HOME here, config and credentials files at their default places, IMDS off.
  detail::environment env(std::map<std::string, std::string, std::less<>> extra = {}) const {
    std::map<std::string, std::string, std::less<>> vars = {{"HOME", path().string()},
                                                            {"AWS_EC2_METADATA_DISABLED", "true"}};
    for (auto& [k, v] : extra) vars[k] = v;
    return detail::environment(std::move(vars), path().string());
  }

 private:
  temp_dir dir_;
};

inline std::shared_ptr<detail::http_transport> test_transport() {
  detail::curl_transport_options o;
  o.connect_timeout = std::chrono::milliseconds(500);
  o.total_timeout = std::chrono::milliseconds(3000);
  return detail::make_curl_transport(o);
}

// A provider context over `env` (profiles loaded from its files).
inline detail::provider_context make_context(const detail::environment& env,
                                             std::shared_ptr<detail::clock_source> clock,
                                             std::string profile = {}, std::string region = "eu-west-1") {
  detail::provider_context ctx;
  ctx.env = env;
  auto profiles = detail::load_profile_config(env);
  if (!profiles) throw std::runtime_error(profiles.error());
  ctx.profiles = std::make_shared<const detail::profile_config>(std::move(*profiles));
  ctx.profile_name = detail::selected_profile_name(profile, env);
  ctx.profile_explicit = !profile.empty();
  ctx.region = std::move(region);
  ctx.transport = test_transport();
  ctx.clock = std::move(clock);
  ctx.metadata_timeout = std::chrono::milliseconds(300);  // a slow stand-in answers only after it
  ctx.sts_timeout = std::chrono::milliseconds(300);
  return ctx;
}

// The fixture of the provider tests: a temporary HOME and a manual clock.
class provider_test : public ::testing::Test {
 protected:
  temp_home home_;
  std::shared_ptr<manual_clock> clock_ = clock_at_real_now();

  detail::provider_context ctx(const detail::environment& env, std::string profile = {}) {
    return make_context(env, clock_, std::move(profile));
  }
};

inline void expect_same(const detail::credentials& got, const detail::credentials& want) {
  EXPECT_EQ(got.access_key_id, want.access_key_id);
  EXPECT_EQ(got.secret_access_key, want.secret_access_key);
  EXPECT_EQ(got.session_token, want.session_token);
  EXPECT_EQ(got.expiration, want.expiration);
}

}  // namespace cwlog::test

// Fuzz target: the IAM Identity Center (SSO) provider (src/aws/provider_sso.cpp):
// the token `aws sso login` cached (a JSON file anyone with access to ~/.aws
// may have written) and the portal's GetRoleCredentials answer. Input: the
// cache file, a NUL byte, then the portal's body.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aws/crypto.h"
#include "fuzz_input.h"
#include "provider_context.h"

namespace {

// A home directory of our own, made once per process and removed at exit.
struct home_dir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("cwlog-fuzz-sso-" + std::to_string(::getpid()));
  home_dir() { std::filesystem::create_directories(path / ".aws/sso/cache"); }
  ~home_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string fuzz_home() {
  static const home_dir dir;
  return dir.path.string();
}

std::shared_ptr<const cwlog::detail::profile_config> sso_profiles() {
  static const auto profiles = [] {
    const auto config = cwlog::detail::parse_ini(
        "[profile default]\nsso_session = fuzz\nsso_account_id = 123456789012\nsso_role_name = Fuzz\n"
        "[sso-session fuzz]\nsso_start_url = https://fuzz.awsapps.com/start\nsso_region = eu-west-1\n",
        "fuzz-config");
    return std::make_shared<const cwlog::detail::profile_config>(
        cwlog::detail::build_profile_config(*config, {}));
  }();
  return profiles;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 2);
  const std::string cache = fuzz_home() + "/.aws/sso/cache/" + cwlog::detail::sha1_hex("fuzz") + ".json";
  std::ofstream(cache, std::ios::binary | std::ios::trunc)
      .write(parts[0].data(), static_cast<std::streamsize>(parts[0].size()));
  auto transport = std::make_shared<cwlog::fuzz::canned_transport>(std::vector<std::string_view>{parts[1]});
  const auto ctx = cwlog::fuzz::make_context({}, transport, sso_profiles(), fuzz_home());
  const auto r = cwlog::detail::make_sso_provider(ctx)->load();
  cwlog::fuzz::check_result(r);
  for (const auto& req : transport->sent())
    cwlog::fuzz::require(
        req.url.starts_with("https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?"),
        "the portal of the configured region is asked");
  return 0;
}

// credential_process: run the profile's command and read its JSON on stdout
// (Version 1; AccessKeyId, SecretAccessKey, SessionToken, Expiration) —
// botocore's ProcessProvider. The command runs through /bin/sh, so quoting
// works as in a shell (botocore splits it with shlex; the same for simple
// commands). The command's stderr goes to ours; its stdout is never logged
// because it carries the secret.
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "aws/providers.h"

namespace cwlog::detail {
namespace {

class process_provider final : public chain_provider {
 public:
  explicit process_provider(const provider_context& ctx)
      : profiles_(ctx.profiles), profile_(ctx.profile_name) {}
  std::string name() const override { return "credential-process"; }

  provider_result load() override {
    const auto* p = profiles_->profile(profile_);
    auto command = p ? p->get_nonempty("credential_process") : std::nullopt;
    if (!command) return not_configured("profile \"" + profile_ + "\" has no credential_process");
    return run(*command, "credential_process of profile \"" + profile_ + "\"");
  }

  static provider_result run(const std::string& command, const std::string& what) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return provider_failed(what + ": cannot start the command");
    std::string out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    const int status = ::pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      const int code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
      return provider_failed(what + " failed (exit status " + std::to_string(code) + ")");
    }
    return parse_process_output(out, what);
  }

 private:
  std::shared_ptr<const profile_config> profiles_;
  std::string profile_;
};

}  // namespace

provider_result parse_process_output(const std::string& out, const std::string& what) {
  auto doc = nlohmann::json::parse(out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return provider_failed(what + " did not print a JSON object");
  auto version = doc.find("Version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1)
    return provider_failed(what + " printed an unsupported Version (only 1 is supported)");
  return parse_credentials_json(out, "SessionToken", what);
}

std::unique_ptr<chain_provider> make_process_provider(const provider_context& ctx) {
  return std::make_unique<process_provider>(ctx);
}

}  // namespace cwlog::detail

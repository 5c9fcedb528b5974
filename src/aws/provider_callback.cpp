// credentials_source::callback: the application hands credentials over (the
// Python binding asks boto3's session), and refreshing_provider gives them the
// same refresh windows and failure handling as any other source.
#include "aws/provider_callback.h"

#include <exception>

#include "aws/refreshing_provider.h"

namespace cwlog::detail {
namespace {

class callback_link final : public chain_provider {
 public:
  explicit callback_link(cwlog::credentials_callback fn) : fn_(std::move(fn)) {}
  std::string name() const override { return "callback"; }
  provider_result load() override {
    try {
      cwlog::aws_credentials c = fn_();
      if (c.access_key_id.empty() || c.secret_access_key.empty())
        return provider_failed("the credentials callback returned no access key id or secret access key");
      return credentials{std::move(c.access_key_id), std::move(c.secret_access_key),
                         std::move(c.session_token), c.expiration};
    } catch (const std::exception& e) {
      return provider_failed(std::string("the credentials callback failed: ") + e.what());
    } catch (...) {
      return provider_failed("the credentials callback failed");
    }
  }

 private:
  cwlog::credentials_callback fn_;
};

}  // namespace

std::shared_ptr<credentials_provider> make_callback_provider(
    cwlog::credentials_callback fn, std::shared_ptr<clock_source> clock,
    std::function<void(const std::string&)> diagnostics) {
  return std::make_shared<refreshing_provider>(std::make_unique<callback_link>(std::move(fn)),
                                               std::move(clock), std::move(diagnostics));
}

}  // namespace cwlog::detail

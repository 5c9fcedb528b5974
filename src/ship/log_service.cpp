#include "ship/log_service.h"

#include "logs/logs_client.h"

namespace cwlog::detail {
namespace {

class client_service final : public log_service {
 public:
  explicit client_service(std::shared_ptr<logs_client> c) : client_(std::move(c)) {}
  logs_result<void> create_log_group(const create_log_group_request& r) override {
    return client_->create_log_group(r);
  }
  logs_result<void> put_retention_policy(const put_retention_policy_request& r) override {
    return client_->put_retention_policy(r);
  }
  logs_result<void> create_log_stream(const create_log_stream_request& r) override {
    return client_->create_log_stream(r);
  }
  logs_result<put_log_events_response> put_log_events(const put_log_events_request& r) override {
    return client_->put_log_events_once(r);
  }

 private:
  std::shared_ptr<logs_client> client_;
};

}  // namespace

std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client) {
  return std::make_shared<client_service>(std::move(client));
}

failure_class classify(const logs_error& e) noexcept {
  switch (e.kind) {
    case logs_errc::resource_not_found:
      return failure_class::missing;
    case logs_errc::resource_already_exists:
      return failure_class::exists;
    case logs_errc::throttling:
    case logs_errc::limit_exceeded:  // CreateLogStream rate on older APIs
    case logs_errc::operation_aborted:
    case logs_errc::service_unavailable:
    case logs_errc::network:
    case logs_errc::clock_skew:
    case logs_errc::expired_token:
    case logs_errc::no_credentials:  // the chain may come back (IMDS hiccup)
      return failure_class::retry;
    case logs_errc::timeout:
    case logs_errc::connection_reset:
      // Sent, no answer: the service may have stored it.
      return failure_class::retry_ambiguous;
    case logs_errc::malformed_response:
    case logs_errc::unknown:
      if (e.http_status == 0) return failure_class::retry_ambiguous;
      if (e.http_status >= 500 || e.http_status == 429) return failure_class::retry;
      return failure_class::fatal;
    default:
      if (e.http_status >= 500) return failure_class::retry;
      return failure_class::fatal;
  }
}

}  // namespace cwlog::detail

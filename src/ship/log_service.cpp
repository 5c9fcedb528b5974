#include "ship/log_service.h"

#include "logs/logs_client.h"
#include "logs/put_log_events_body.h"

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
  logs_result<put_log_events_response> put_log_events(const put_events_view& batch) override {
    // The events are hashed and sent from where they lie (batcher.h, wire_runs).
    const auto runs = wire_runs(batch.b);
    auto payload = put_log_events_around(batch.group, batch.stream, runs);
    payload.emf = batch.emf;
    return client_->put_log_events_once(std::move(payload));
  }

 private:
  std::shared_ptr<logs_client> client_;
};

}  // namespace

std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client) {
  return std::make_shared<client_service>(std::move(client));
}

}  // namespace cwlog::detail

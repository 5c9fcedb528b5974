#include "ship/log_service.h"

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "logs/logs_client.h"
#include "logs/logs_codec.h"
#include "ship/format_json.h"

namespace cwlog::detail {
namespace {

class client_service final : public log_service {
 public:
  client_service(std::shared_ptr<logs_client> c, logs_service_config config,
                 std::shared_ptr<http_transport> t, std::shared_ptr<credentials_provider> creds,
                 std::shared_ptr<clock_source> clock)
      : client_(std::move(c)),
        config_(std::move(config)),
        transport_(std::move(t)),
        credentials_(std::move(creds)),
        clock_(std::move(clock)) {}
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
    auto creds = credentials_->get();
    if (!creds) {
      logs_error e;
      e.kind = logs_errc::no_credentials;
      e.message = creds.error().message;
      return std::unexpected(std::move(e));
    }
    http_request request;
    request.url = config_.endpoint + "/";
    request.headers = {{"Content-Type", std::string(logs_content_type)},
                       {"X-Amz-Target", std::string(logs_target_prefix) + "PutLogEvents"}};
    request.body = encode_put_log_events(batch);
    request.gzip_body = config_.gzip;
    request.timeout = config_.request_timeout;
    sigv4::sign(request, *creds, config_.region, logs_signing_service,
                clock_->now() + client_->clock_offset());
    const auto response = transport_->send(request);
    if (!response) return std::unexpected(from_transport_error(response.error()));
    if (response->status >= 200 && response->status < 300) {
      if (response->body.empty()) {
        put_log_events_response empty;
        empty.resent = response->resent;
        return empty;
      }
      const auto body = nlohmann::json::parse(response->body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) {
        logs_error e;
        e.kind = logs_errc::malformed_response;
        e.http_status = response->status;
        e.message = "PutLogEvents response body is not a JSON object";
        return std::unexpected(std::move(e));
      }
      auto parsed = parse_put_log_events_response(body);
      if (parsed) parsed->resent = response->resent;  // the engine counts the possible duplicate
      return parsed;
    }
    auto error = decode_error_response(*response);
    if (error.kind == logs_errc::expired_token) credentials_->invalidate();
    return std::unexpected(std::move(error));
  }

 private:
  std::shared_ptr<logs_client> client_;
  logs_service_config config_;
  std::shared_ptr<http_transport> transport_;
  std::shared_ptr<credentials_provider> credentials_;
  std::shared_ptr<clock_source> clock_;
};

}  // namespace

std::string encode_put_log_events(const put_events_view& batch) {
  std::string body;
  std::size_t size = 96 + batch.group.size() + batch.stream.size();
  for (const auto& e : batch.events) size += e.message.size() + 40;
  body.reserve(size + size / 16);  // room for a little escaping
  body += "{\"logGroupName\":";
  append_json_string(body, batch.group);
  body += ",\"logStreamName\":";
  append_json_string(body, batch.stream);
  body += ",\"logEvents\":[";
  bool first = true;
  for (const auto& e : batch.events) {
    if (!first) body += ',';
    first = false;
    body += "{\"timestamp\":";
    body += std::to_string(e.timestamp_ms);
    body += ",\"message\":";
    append_json_string_valid(body, e.message);
    body += '}';
  }
  body += "]}";
  return body;
}

std::shared_ptr<log_service> make_logs_service(std::shared_ptr<logs_client> client,
                                               logs_service_config config,
                                               std::shared_ptr<http_transport> transport,
                                               std::shared_ptr<credentials_provider> credentials,
                                               std::shared_ptr<clock_source> clock) {
  return std::make_shared<client_service>(std::move(client), std::move(config), std::move(transport),
                                          std::move(credentials), std::move(clock));
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

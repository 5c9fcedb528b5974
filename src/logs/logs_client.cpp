#include "logs/logs_client.h"

#include <thread>
#include <utility>

#include <cwlog/error.h>

#include "aws/sigv4.h"
#include "logs/put_log_events_body.h"
#include "rules/emf.h"

namespace cwlog::detail {
namespace {

using json = nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::milliseconds;

std::string checked_endpoint(std::string endpoint) {
  const bool http = endpoint.starts_with("http://");
  const bool https = endpoint.starts_with("https://");
  const std::size_t host_start = http ? 7 : https ? 8 : 0;
  if (host_start == 0 || endpoint.size() <= host_start || endpoint[host_start] == '/') {
    throw error("logs_client: endpoint '" + endpoint +
                "' must be http(s)://host[:port], e.g. https://logs.us-east-1.amazonaws.com");
  }
  while (endpoint.size() > host_start && endpoint.back() == '/') endpoint.pop_back();
  return endpoint;
}

template <typename T>
logs_result<void> discard(const logs_result<T>& result) {
  if (!result) return std::unexpected(result.error());
  return {};
}

}  // namespace

logs_client::logs_client(logs_client_config config, std::shared_ptr<http_transport> transport,
                         std::shared_ptr<credentials_provider> credentials,
                         std::shared_ptr<clock_source> clock)
    : config_(std::move(config)),
      transport_(std::move(transport)),
      credentials_(std::move(credentials)),
      clock_(std::move(clock)),
      backoff_(config_.retry.base_delay, config_.retry.max_delay, config_.retry.jitter_seed) {
  config_.endpoint = checked_endpoint(std::move(config_.endpoint));
  if (config_.region.empty()) throw error("logs_client: region is empty (e.g. us-east-1)");
  if (!transport_ || !credentials_ || !clock_) {
    throw error("logs_client: transport, credentials provider and clock must all be set");
  }
  if (config_.retry.max_attempts < 1) config_.retry.max_attempts = 1;
}

milliseconds logs_client::clock_offset() const {
  return milliseconds(clock_offset_ms_.load());
}

logs_result<logs_client::answer> logs_client::attempt(std::string_view operation, std::string& payload,
                                                      bool last, bool gzip, milliseconds timeout, bool emf,
                                                      std::span<const std::string_view> pieces) {
  auto creds = credentials_->get();
  if (!creds) {
    logs_error error;
    error.kind = logs_errc::no_credentials;
    error.message = creds.error().message;
    return std::unexpected(std::move(error));
  }
  http_request request;
  request.method = "POST";
  request.url = config_.endpoint + "/";
  request.headers = {{"Content-Type", std::string(logs_content_type)},
                     {"X-Amz-Target", std::string(logs_target_prefix) + std::string(operation)}};
  if (emf) request.headers.push_back({std::string(emf_format_header), std::string(emf_format_value)});
  if (last)
    request.body = std::move(payload);
  else
    request.body = payload;
  request.body_pieces.assign(pieces.begin(), pieces.end());
  request.gzip_body = gzip;
  request.timeout = timeout;
  // Signed with the clock corrected by what the server told us about skew.
  const auto when = clock_->now() + milliseconds(clock_offset_ms_.load());
  sigv4::sign(request, *creds, config_.region, logs_signing_service, when);

  const auto response = transport_->send(request);
  if (!response) return std::unexpected(from_transport_error(response.error()));
  if (response->status >= 200 && response->status < 300) {
    if (response->body.empty()) return answer{json::object(), response->resent};
    auto body = json::parse(response->body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      logs_error error;
      error.kind = logs_errc::malformed_response;
      error.http_status = response->status;
      error.request_id = std::string(response->header("x-amzn-RequestId"));
      error.message = "response body is not a JSON object";
      return std::unexpected(std::move(error));
    }
    return answer{std::move(body), response->resent};
  }
  // The one place that learns from the server's answer, for every operation
  // (PutLogEvents included): later requests are signed with its time.
  auto error = decode_error_response(*response);
  if (error.kind == logs_errc::clock_skew && error.server_time) {
    clock_offset_ms_.store(duration_cast<milliseconds>(*error.server_time - clock_->now()).count());
  } else if (error.kind == logs_errc::expired_token) {
    credentials_->invalidate();
  }
  return std::unexpected(std::move(error));
}

logs_result<logs_client::answer> logs_client::run(std::string_view operation, std::string payload, bool retry,
                                                  bool emf, std::span<const std::string_view> pieces) {
  const bool gzip = config_.gzip_put_log_events && operation == "PutLogEvents";
  const auto& policy = config_.retry;
  const auto start = clock_->steady_now();
  const bool has_deadline = retry && policy.deadline.count() > 0;
  const auto deadline = start + policy.deadline;

  bool refreshed_credentials = false;
  bool corrected_clock = false;
  int backoff_retries = 0;
  for (int attempt_number = 1;; ++attempt_number) {
    auto timeout = config_.request_timeout;
    if (has_deadline) {
      // An attempt never outlives the call's deadline.
      const auto left = duration_cast<milliseconds>(deadline - clock_->steady_now());
      if (left.count() <= 0)
        timeout = milliseconds(1);
      else if (timeout.count() == 0 || left < timeout)
        timeout = left;
    }
    const bool last = !retry || attempt_number >= policy.max_attempts;
    auto result = attempt(operation, payload, last, gzip, timeout, emf, pieces);
    if (result || !retry || attempt_number >= policy.max_attempts) return result;
    const logs_error& error = result.error();

    milliseconds delay{0};
    switch (classify(error)) {
      case retry_class::after_refresh:
        if (refreshed_credentials) return result;  // new credentials did not help: stop
        refreshed_credentials = true;
        break;
      case retry_class::after_clock_fix:
        if (corrected_clock || !error.server_time) return result;  // nothing to correct with
        corrected_clock = true;
        break;
      case retry_class::transient:
      case retry_class::ambiguous:
        delay = backoff_.next(backoff_retries++);
        break;
      default:
        return result;
    }
    if (policy.budget && !policy.budget->try_acquire()) return result;
    if (has_deadline && clock_->steady_now() + delay >= deadline) return result;
    if (delay.count() > 0) {
      if (policy.sleep) {
        policy.sleep(delay);
      } else {
        std::this_thread::sleep_for(delay);
      }
    }
  }
}

namespace {

// Invalid UTF-8 in a string must not throw: it becomes U+FFFD.
std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

logs_result<json> body_of(logs_result<logs_client::answer> result) {
  if (!result) return std::unexpected(std::move(result.error()));
  return std::move(result->body);
}

logs_result<put_log_events_response> put_response(logs_result<logs_client::answer> result) {
  if (!result) return std::unexpected(std::move(result.error()));
  auto parsed = parse_put_log_events_response(result->body);
  if (parsed) parsed->resent = result->resent;  // the caller counts the possible duplicate
  return parsed;
}

}  // namespace

logs_result<json> logs_client::call(std::string_view operation, const json& body) {
  return body_of(run(operation, dump(body), true));
}

logs_result<json> logs_client::call_once(std::string_view operation, const json& body) {
  return body_of(run(operation, dump(body), false));
}

logs_result<void> logs_client::create_log_group(const create_log_group_request& request) {
  return discard(call("CreateLogGroup", to_json(request)));
}

logs_result<void> logs_client::create_log_stream(const create_log_stream_request& request) {
  return discard(call("CreateLogStream", to_json(request)));
}

logs_result<put_log_events_response> logs_client::put_log_events(const put_log_events_request& request) {
  return put_response(run("PutLogEvents", encode_put_log_events(request).json, true));
}

logs_result<put_log_events_response> logs_client::put_log_events_once(const put_log_events_request& request) {
  return put_log_events_once(encode_put_log_events(request));
}

logs_result<put_log_events_response> logs_client::put_log_events_once(put_log_events_payload payload) {
  return put_response(run("PutLogEvents", std::move(payload.json), false, payload.emf, payload.pieces));
}

logs_result<void> logs_client::put_retention_policy(const put_retention_policy_request& request) {
  return discard(call("PutRetentionPolicy", to_json(request)));
}

logs_result<void> logs_client::delete_retention_policy(const std::string& log_group_name) {
  return discard(call("DeleteRetentionPolicy", json{{"logGroupName", log_group_name}}));
}

logs_result<void> logs_client::delete_log_group(const std::string& log_group_name) {
  return discard(call("DeleteLogGroup", json{{"logGroupName", log_group_name}}));
}

logs_result<void> logs_client::delete_log_stream(const std::string& log_group_name,
                                                 const std::string& log_stream_name) {
  return discard(
      call("DeleteLogStream", json{{"logGroupName", log_group_name}, {"logStreamName", log_stream_name}}));
}

logs_result<describe_log_groups_response> logs_client::describe_log_groups(
    const describe_log_groups_request& request) {
  const auto body = call("DescribeLogGroups", to_json(request));
  if (!body) return std::unexpected(body.error());
  return parse_describe_log_groups_response(*body);
}

logs_result<describe_log_streams_response> logs_client::describe_log_streams(
    const describe_log_streams_request& request) {
  const auto body = call("DescribeLogStreams", to_json(request));
  if (!body) return std::unexpected(body.error());
  return parse_describe_log_streams_response(*body);
}

logs_result<get_log_events_response> logs_client::get_log_events(const get_log_events_request& request) {
  const auto body = call("GetLogEvents", to_json(request));
  if (!body) return std::unexpected(body.error());
  return parse_get_log_events_response(*body);
}

logs_result<filter_log_events_response> logs_client::filter_log_events(
    const filter_log_events_request& request) {
  const auto body = call("FilterLogEvents", to_json(request));
  if (!body) return std::unexpected(body.error());
  return parse_filter_log_events_response(*body);
}

logs_result<void> logs_client::tag_resource(const std::string& resource_arn, const tag_map& tags) {
  return discard(call("TagResource", json{{"resourceArn", resource_arn}, {"tags", tags}}));
}

logs_result<void> logs_client::untag_resource(const std::string& resource_arn,
                                              const std::vector<std::string>& tag_keys) {
  return discard(call("UntagResource", json{{"resourceArn", resource_arn}, {"tagKeys", tag_keys}}));
}

logs_result<tag_map> logs_client::list_tags_for_resource(const std::string& resource_arn) {
  const auto body = call("ListTagsForResource", json{{"resourceArn", resource_arn}});
  if (!body) return std::unexpected(body.error());
  return parse_list_tags_for_resource_response(*body);
}

}  // namespace cwlog::detail

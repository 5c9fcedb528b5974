#pragma once
// The CloudWatch Logs API client: JSON 1.1 over POST /, signed with SigV4
// (service "logs"), typed operations over a generic call(). Thread-safe.
//
// call() retries what is_retryable() allows (see retry.h); call_once() makes
// exactly one attempt, for callers such as the shipping engine that run their
// own retry loop. Every call, PutLogEvents included, goes through one attempt
// function that learns from the response: a clock-skew error records the
// offset to the server's Date (later requests are signed with the corrected
// time), and ExpiredToken invalidates the credentials provider.
#include <atomic>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/credentials.h"
#include "common/clock.h"
#include "http/transport.h"
#include "logs/logs_codec.h"
#include "logs/logs_error.h"
#include "logs/logs_types.h"
#include "logs/put_log_events_body.h"
#include "logs/retry.h"

namespace cwlog::detail {

struct logs_client_config {
  std::string endpoint;  // "https://logs.us-east-1.amazonaws.com" or "http://127.0.0.1:PORT"
  std::string region;    // "us-east-1"
  retry_policy retry;
  bool gzip_put_log_events = false;  // Content-Encoding: gzip on PutLogEvents (as the CloudWatch agent)
  std::chrono::milliseconds request_timeout{0};  // per attempt; 0: the transport's default
};

inline constexpr std::string_view logs_target_prefix = "Logs_20140328.";
inline constexpr std::string_view logs_content_type = "application/x-amz-json-1.1";
inline constexpr std::string_view logs_signing_service = "logs";

class logs_client {
 public:
  // Throws cwlog::error when the endpoint is not http(s)://host[:port] or the
  // region is empty, or when a pointer is null.
  logs_client(logs_client_config config, std::shared_ptr<http_transport> transport,
              std::shared_ptr<credentials_provider> credentials, std::shared_ptr<clock_source> clock);

  // Generic calls: `operation` is the bare name ("PutLogEvents"). The result is
  // the response JSON ({} for an empty body).
  logs_result<nlohmann::json> call(std::string_view operation, const nlohmann::json& body);
  logs_result<nlohmann::json> call_once(std::string_view operation, const nlohmann::json& body);

  logs_result<void> create_log_group(const create_log_group_request& request);
  logs_result<void> create_log_stream(const create_log_stream_request& request);
  logs_result<put_log_events_response> put_log_events(const put_log_events_request& request);
  // One attempt only (the shipping engine retries itself). The payload form
  // takes a body already encoded (put_log_events_body), so a batch is never
  // copied into a typed request first.
  logs_result<put_log_events_response> put_log_events_once(const put_log_events_request& request);
  logs_result<put_log_events_response> put_log_events_once(put_log_events_payload payload);
  logs_result<void> put_retention_policy(const put_retention_policy_request& request);
  logs_result<void> delete_retention_policy(const std::string& log_group_name);
  logs_result<void> delete_log_group(const std::string& log_group_name);
  logs_result<void> delete_log_stream(const std::string& log_group_name, const std::string& log_stream_name);
  logs_result<describe_log_groups_response> describe_log_groups(const describe_log_groups_request& request);
  logs_result<describe_log_streams_response> describe_log_streams(
      const describe_log_streams_request& request);
  logs_result<get_log_events_response> get_log_events(const get_log_events_request& request);
  logs_result<filter_log_events_response> filter_log_events(const filter_log_events_request& request);
  logs_result<void> tag_resource(const std::string& resource_arn, const tag_map& tags);
  logs_result<void> untag_resource(const std::string& resource_arn, const std::vector<std::string>& tag_keys);
  logs_result<tag_map> list_tags_for_resource(const std::string& resource_arn);

  // Server time minus local time, learned from clock-skew errors (0 until then).
  std::chrono::milliseconds clock_offset() const;
  const logs_client_config& config() const { return config_; }

  // A 2xx answer: its JSON ({} for an empty body) and whether the transport
  // sent the request more than once (http_response::resent).
  struct answer {
    nlohmann::json body;
    bool resent = false;
  };

 private:
  // `last`: no attempt follows, so the payload moves into the request rather
  // than being copied (a PutLogEvents body is up to 1 MiB).
  // `pieces`: what follows the payload in the body (http_request::body_pieces).
  logs_result<answer> attempt(std::string_view operation, std::string& payload, bool last, bool gzip,
                              std::chrono::milliseconds timeout, bool emf = false,
                              std::span<const std::string_view> pieces = {});
  // emf: the PutLogEvents events are EMF documents (x-amzn-logs-format: json/emf, rules/emf.h).
  logs_result<answer> run(std::string_view operation, std::string payload, bool retry, bool emf = false,
                          std::span<const std::string_view> pieces = {});

  logs_client_config config_;
  std::shared_ptr<http_transport> transport_;
  std::shared_ptr<credentials_provider> credentials_;
  std::shared_ptr<clock_source> clock_;
  jitter_backoff backoff_;
  std::atomic<long long> clock_offset_ms_{0};
};

}  // namespace cwlog::detail

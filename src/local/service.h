#pragma once
// The CloudWatch Logs operations of cwlog local, independent of HTTP: a JSON
// request in, a JSON response or an AWS error out. http_front.cpp does the wire
// protocol; the operations live in ops_groups.cpp, ops_streams.cpp,
// ops_events.cpp and ops_tags.cpp.
#include <atomic>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "local/emf_metrics.h"
#include "local/model_validation.h"
#include "local/put_request.h"
#include "local/store.h"
#include "rules/put_log_events.h"  // the PutLogEvents limits the operations enforce

namespace cwlog::detail {

struct service_error {
  int status = 400;
  std::string type;  // the __type, without namespace
  std::string message;
};

using op_result = std::expected<nlohmann::json, service_error>;

struct service_counters {
  std::atomic<std::uint64_t> events_accepted{0};
  std::atomic<std::uint64_t> events_rejected{0};
  std::atomic<std::uint64_t> events_stored{0};
  std::atomic<std::uint64_t> put_batches{0};
  // PutLogEvents requests the fast body reader left to the general JSON path
  // (put_request.h): malformed ones, and forms it does not read.
  std::atomic<std::uint64_t> put_bodies_general{0};
};

struct service_config {
  std::string region = "us-east-1";
  std::string account_id = "123456789012";
  bool discard = false;
};

class logs_service {
 public:
  logs_service(store& db, const clock_source& clock, service_config config);

  // Validates `input` against the model, then runs the operation.
  // An unknown operation is 400 UnknownOperationException. emf: the request
  // came with "x-amzn-logs-format: json/emf": the stored events of a
  // PutLogEvents go through EMF extraction (emf_metrics.h).
  op_result call(std::string_view operation, const nlohmann::json& input, bool emf = false);
  // PutLogEvents on a request the model already accepts (read_put_body()'s,
  // or put_request_from() of a validated input): the batch rules, the store.
  op_result put_log_events(const put_request& request, bool emf);
  // What put_log_events() reads of the messages of a request (emf as above):
  // their content to store them or extract EMF, else (discard, no EMF) only
  // their sizes for the batch rules. The one place that decides how a body
  // may be read (read_put_body()).
  put_messages put_messages_needed(bool emf) const {
    return config_.discard && !emf ? put_messages::sizes_only : put_messages::content;
  }
  emf_metric_store& emf_metrics() { return emf_; }

  service_counters& counters() { return counters_; }
  std::string group_arn(std::string_view group) const;  // without ":*"

 private:
  std::int64_t now_ms() const;
  // A group by name, or by logGroupIdentifier (name or ARN).
  std::expected<group_row, service_error> group_from(const nlohmann::json& input, bool identifier_allowed);
  nlohmann::json describe_group(const group_row& g) const;

  op_result create_log_group(const nlohmann::json& in);
  op_result delete_log_group(const nlohmann::json& in);
  op_result describe_log_groups(const nlohmann::json& in);
  op_result put_retention_policy(const nlohmann::json& in);
  op_result delete_retention_policy(const nlohmann::json& in);

  op_result create_log_stream(const nlohmann::json& in);
  op_result delete_log_stream(const nlohmann::json& in);
  op_result describe_log_streams(const nlohmann::json& in);

  op_result get_log_events(const nlohmann::json& in);
  op_result filter_log_events(const nlohmann::json& in);

  op_result tag_resource(const nlohmann::json& in);
  op_result untag_resource(const nlohmann::json& in);
  op_result list_tags_for_resource(const nlohmann::json& in);
  op_result tag_log_group(const nlohmann::json& in);
  op_result untag_log_group(const nlohmann::json& in);
  op_result list_tags_log_group(const nlohmann::json& in);

  store& db_;
  const clock_source& clock_;
  service_config config_;
  model_validator validator_;
  service_counters counters_;
  emf_metric_store emf_;
};

// --- shared by the ops files ---
service_error invalid_parameter(std::string message);
service_error group_not_found();
service_error stream_not_found();
// The earliest timestamp still readable under a retention (days), or INT64_MIN.
std::int64_t retention_floor(const std::optional<int>& retention_days, std::int64_t now_ms);

}  // namespace cwlog::detail

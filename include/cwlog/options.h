#pragma once
// Everything a shipper needs to know, as a plain struct. Fill it in code, or
// load it from the YAML config with cwlog::load_config (config.h): both paths
// produce exactly this.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cwlog/record.h>

namespace cwlog {

// --- AWS ---------------------------------------------------------------------
enum class credentials_source {
  chain,      // the AWS SDKs' default chain (environment, profiles, SSO, container, IMDS)
  explicit_,  // aws_options::access_key_id / secret_access_key / session_token
  callback    // aws_options::credentials_callback (e.g. a host SDK's session)
};

// What a credentials_callback returns. With an expiration, it is asked again
// ahead of it (15 minutes before, as botocore refreshes); without, once.
struct aws_credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// Called on a sender thread (never on a log caller's thread), serialised; it
// may block. A throw counts as a failed refresh: the current credentials are
// kept until they expire and the failure is reported through diagnostics.
using credentials_callback = std::function<aws_credentials()>;

struct aws_options {
  std::string region;    // empty: AWS_REGION, AWS_DEFAULT_REGION, the profile, IMDS
  std::string profile;   // empty: AWS_PROFILE, else "default"
  std::string endpoint;  // empty: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, ..., else logs.<region>.<suffix>
  credentials_source credentials = credentials_source::chain;
  std::string access_key_id;            // explicit_ only; never printed or logged
  std::string secret_access_key;        // explicit_ only; never printed or logged
  std::string session_token;            // explicit_ only, optional
  credentials_callback credentials_fn;  // callback only
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{15000};
};

// --- shipping ----------------------------------------------------------------
enum class overflow_policy {
  block,        // wait for queue space up to block_timeout (never for the network), then drop
  drop_newest,  // refuse the record being logged
  drop_oldest   // evict the oldest queued record of the tenant most over its share
};

enum class oversize_policy {
  split,    // numbered parts "[1/3] ...", cut on UTF-8 boundaries
  truncate  // cut on a UTF-8 boundary and append a marker
};

struct shipping_options {
  std::size_t queue_bytes = 64u << 20;             // bound on memory held for undelivered records
  std::chrono::milliseconds flush_interval{2000};  // max age of a record before its batch is sent
  overflow_policy overflow = overflow_policy::drop_newest;
  std::chrono::milliseconds block_timeout{100};  // overflow_policy::block only
  oversize_policy oversize = oversize_policy::split;
  std::size_t max_in_flight = 4;  // concurrent PutLogEvents requests
  // One budget shared by all destinations: retries may use at most this many
  // tokens per second (refilled continuously), so a throttling storm cannot
  // multiply traffic. Each retry spends one token.
  double retry_budget_per_second = 10.0;
  std::size_t retry_budget_burst = 50;
  // Per request, first try included, for failures that do not pass by waiting
  // (credentials, clock skew, a deleted group). Throttling, 5xx and network
  // errors are retried while the record is young enough for CloudWatch (14
  // days, or the group's retention), then dropped as too_old.
  std::size_t max_attempts = 8;
  std::chrono::milliseconds shutdown_deadline{10000};
  std::chrono::seconds idle_destination_ttl{300};  // forget (group, stream) state unused this long
  bool gzip = false;  // Content-Encoding: gzip on PutLogEvents, as the CloudWatch agent does
};

// --- destinations and routes -------------------------------------------------
enum class log_group_class { standard, infrequent_access };  // DELIVERY is refused by design

enum class formatter_kind { json, plain };

struct destination_options {
  std::string name;                     // referenced by routes
  std::string group;                    // template, e.g. "app-customer-{tenant}"
  std::string stream = "{host}-{pid}";  // template
  std::optional<int> retention_days;    // only values AWS allows; nullopt = never expire
  std::string kms_key_id;               // a KMS key ARN; empty = service-managed
  std::map<std::string, std::string> tags;
  log_group_class group_class = log_group_class::standard;
  formatter_kind format = formatter_kind::json;
  std::string pattern = "{time} {level} [{logger}] {message}";  // formatter_kind::plain
  bool create_group = true;   // false: the group is pre-created (e.g. by Terraform)
  bool create_stream = true;  // false: the stream is pre-created (no logs:CreateLogStream needed)
};

enum class name_match { exact, prefix, glob };

struct field_match {
  std::string name;
  std::optional<std::string> equals;  // nullopt: the field only has to be present
};

struct route_rule {
  std::string name;
  // --- match (all given conditions must hold) ---
  std::optional<std::string> logger;
  name_match logger_match = name_match::glob;
  std::optional<level> min_level;
  std::optional<level> max_level;
  std::vector<field_match> fields;
  std::optional<bool> has_tenant;
  // --- action ---
  bool drop = false;                      // matched records go nowhere
  std::vector<std::string> destinations;  // fan-out
  bool continue_matching = false;         // also evaluate the rules after this one
};

struct options {
  aws_options aws;
  shipping_options shipping;
  std::vector<destination_options> destinations;
  std::vector<route_rule> routes;
  std::string default_destination;  // catches what no rule sent anywhere; empty = drop (counted)
  level min_level = level::trace;
  // Per-logger minimum levels, by logger name prefix (the longest prefix wins).
  std::map<std::string, level> logger_min_levels;
};

}  // namespace cwlog

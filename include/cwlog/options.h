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
// Where the shipper takes its AWS credentials from.
enum class credentials_source {
  chain,        // the AWS SDKs' default chain (environment, profiles, SSO, container, IMDS)
  static_keys,  // aws_options::access_key_id / secret_access_key / session_token
  callback      // aws_options::credentials_callback (e.g. a host SDK's session)
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

// Region, endpoint, credentials and timeouts for the CloudWatch Logs API.
struct aws_options {
  std::string region;    // empty: AWS_REGION, AWS_DEFAULT_REGION, the profile, IMDS
  std::string profile;   // empty: AWS_PROFILE, else "default"
  std::string endpoint;  // empty: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, ..., else logs.<region>.<suffix>
  credentials_source credentials = credentials_source::chain;
  std::string access_key_id;            // static_keys only; never printed or logged
  std::string secret_access_key;        // static_keys only; never printed or logged
  std::string session_token;            // static_keys only, optional
  credentials_callback credentials_fn;  // callback only
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{15000};
};

// --- shipping ----------------------------------------------------------------
// What happens when the queue (shipping_options::queue_bytes) is full. It is
// applied as records move from the calling threads' buffers into the queue
// (docs/architecture.md, "Where the overflow policy applies").
enum class overflow_policy {
  block,        // the record waits in its thread's buffer; a caller whose buffer is full waits
                // for space up to block_timeout (never for the network), then drops its record
  drop_newest,  // refuse the arriving record
  drop_oldest   // evict the oldest queued record of the tenant most over its share
};

// What happens to a message longer than one CloudWatch event may be (about 256 KiB).
enum class oversize_policy {
  split,    // numbered parts "[1/3] ...", cut on UTF-8 boundaries
  truncate  // cut on a UTF-8 boundary and append a marker
};

// When the spool's writes reach the disk itself (not only the kernel's page
// cache). Either way records are written at least every spool_write_interval,
// so a process crash (SIGKILL, OOM kill, abort) loses only what was accepted
// within the last interval; the policies differ on a power loss or kernel crash.
enum class spool_sync_policy {
  interval,  // fdatasync after each write: a power loss loses at most the last write interval
  none       // no fdatasync: a power loss can lose what the kernel had not written back yet
             // (on Linux up to ~30 s, vm.dirty_expire_centisecs) and leave a torn tail
};

// The queue, batching, retries and shutdown of the background delivery.
struct shipping_options {
  std::size_t queue_bytes = 64u << 20;             // bound on memory held for undelivered records
  std::chrono::milliseconds flush_interval{2000};  // max age of a record before its batch is sent
  overflow_policy overflow = overflow_policy::drop_newest;
  std::chrono::milliseconds block_timeout{100};  // overflow_policy::block only
  oversize_policy oversize = oversize_policy::split;
  std::size_t max_in_flight = 4;  // concurrent PutLogEvents requests
  // Of those, to one stream (CloudWatch Logs has taken concurrent puts to a
  // stream since sequence tokens went, January 2023). Each batch's events stay
  // in order; batches of a stream may complete in any order. One until the
  // stream exists, so it is created once.
  std::size_t max_in_flight_per_stream = 4;
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
  // The optional disk spool (docs/spool.md): empty = off. Accepted records
  // are written there by the background thread, each process in its own
  // locked subdirectory, and removed once every copy is settled; a starting
  // shipper replays what a dead one left.
  std::string spool_dir;
  std::uint64_t spool_bytes = 1ull << 30;  // bound on this process's spool files
  spool_sync_policy spool_sync = spool_sync_policy::interval;
  std::chrono::milliseconds spool_write_interval{200};  // what a SIGKILL can lose
};

// --- destinations and routes -------------------------------------------------
// The class a created log group gets (CloudWatch's logGroupClass).
enum class log_group_class { standard, infrequent_access };  // DELIVERY is refused by design

// How a record becomes the event's message: one JSON object, or a plain pattern.
enum class formatter_kind { json, plain };

// A (log group, log stream) pair by template, with the group's creation
// options; routes refer to it by name (docs/config.md).
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
  // Smaller batches than PutLogEvents allows (watchtower's max_batch_size and
  // max_batch_count): a batch is sent once it holds this many bytes (messages
  // plus 26 per event, as AWS counts) or events. 0: the service's limit
  // (1,048,576 bytes, 10,000 events); larger values are refused. An event
  // larger than max_batch_bytes travels in a batch of its own.
  std::size_t max_batch_bytes = 0;
  std::size_t max_batch_events = 0;
};

// How route_rule::logger matches a record's logger name.
enum class name_match { exact, prefix, glob };

// A route condition on one field of the record.
struct field_match {
  std::string name;
  std::optional<std::string> equals;  // nullopt: the field only has to be present
};

// One routing rule: conditions, then where matching records go (docs/config.md).
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

// --- metrics (cwlog/metrics.h) -----------------------------------------------
struct metrics_options {
  // The destination (a name in options::destinations) EMF documents go to;
  // its templates render {logger} as the namespace and {tenant} as the
  // group's tenant. Required to make a cwlog::metrics.
  std::string destination;
  std::chrono::milliseconds interval{60000};  // aggregation period; flush() sends the partial one
  std::size_t max_dimension_sets = 1000;      // distinct groups per interval; the excess is counted
  // The shipper's own counters as EMF every health_interval, to this
  // destination (empty: off), in namespace health_namespace.
  std::string health_destination;
  std::chrono::milliseconds health_interval{60000};
  std::string health_namespace = "cwlog";
};

// Everything a shipper needs (the YAML config loads into exactly this).
struct options {
  aws_options aws;
  shipping_options shipping;
  std::vector<destination_options> destinations;
  std::vector<route_rule> routes;
  std::string default_destination;  // catches what no rule sent anywhere; empty = drop (counted)
  level min_level = level::trace;
  // Per-logger minimum levels, by logger name prefix (the longest prefix wins).
  std::map<std::string, level> logger_min_levels;
  metrics_options metrics;
};

}  // namespace cwlog

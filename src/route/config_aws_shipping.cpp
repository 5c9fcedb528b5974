// The "aws" and "shipping" sections of the config file.
#include <string>

#include "route/config_sections.h"

namespace cwlog::detail {
namespace {
using std::chrono::milliseconds;

bool is_region(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}
}  // namespace

void read_aws(yaml_reader& r, const YAML::Node& n, cwlog::aws_options& out) {
  if (!r.expect_map(n, "aws")) return;
  r.check_keys(n, "aws",
               {"region", "profile", "endpoint", "credentials", "access_key_id", "secret_access_key",
                "session_token", "connect_timeout", "request_timeout"});
  if (const auto v = n["region"]) {
    if (auto s = r.get_string(v, "aws.region")) {
      if (is_region(*s))
        out.region = *s;
      else
        r.error(v, "aws.region: \"" + *s + "\" is not a region name (allowed: e.g. eu-west-1, us-east-1)");
    }
  }
  if (const auto v = n["profile"]) {
    if (auto s = r.get_string(v, "aws.profile")) out.profile = *s;
  }
  if (const auto v = n["endpoint"]) {
    if (auto s = r.get_string(v, "aws.endpoint")) {
      if (s->starts_with("http://") || s->starts_with("https://"))
        out.endpoint = *s;
      else
        r.error(v, "aws.endpoint: \"" + *s + "\" is not a URL (allowed: http://host:port or https://host)");
    }
  }
  if (const auto v = n["credentials"]) {
    if (auto c =
            r.get_enum<cwlog::credentials_source>(v, "aws.credentials",
                                                  {{"chain", cwlog::credentials_source::chain},
                                                   {"explicit", cwlog::credentials_source::explicit_}})) {
      out.credentials = *c;
    }
  }
  // Secret values are never echoed in messages.
  const std::pair<const char*, std::string*> secrets[] = {{"access_key_id", &out.access_key_id},
                                                          {"secret_access_key", &out.secret_access_key},
                                                          {"session_token", &out.session_token}};
  for (const auto& [key, target] : secrets) {
    const auto v = n[key];
    if (!v) continue;
    if (out.credentials != cwlog::credentials_source::explicit_) {
      r.error(v, std::string("aws.") + key +
                     " is only used with credentials: explicit (allowed: set "
                     "credentials: explicit, or remove it and use the default chain)");
      continue;
    }
    if (auto s = r.get_string(v, std::string("aws.") + key)) *target = *s;
  }
  if (out.credentials == cwlog::credentials_source::explicit_ &&
      (out.access_key_id.empty() || out.secret_access_key.empty())) {
    r.error(n,
            "aws: credentials: explicit needs access_key_id and secret_access_key (allowed: both set, "
            "e.g. from ${ENV_VARS})");
  }
  if (const auto v = n["connect_timeout"]) {
    if (auto d = r.get_duration(v, "aws.connect_timeout", milliseconds{1}, milliseconds{600'000})) {
      out.connect_timeout = *d;
    }
  }
  if (const auto v = n["request_timeout"]) {
    if (auto d = r.get_duration(v, "aws.request_timeout", milliseconds{1}, milliseconds{600'000})) {
      out.request_timeout = *d;
    }
  }
}

void read_shipping(yaml_reader& r, const YAML::Node& n, cwlog::shipping_options& out) {
  if (!r.expect_map(n, "shipping")) return;
  r.check_keys(n, "shipping",
               {"queue_bytes", "flush_interval", "overflow", "block_timeout", "oversize", "max_in_flight",
                "retry_budget_per_second", "retry_budget_burst", "max_attempts", "shutdown_deadline",
                "idle_destination_ttl", "gzip"});
  // The queue must hold at least one maximal batch (1 MiB, PutLogEvents).
  if (const auto v = n["queue_bytes"]) {
    if (auto b = r.get_bytes(v, "shipping.queue_bytes", 1ull << 20, 64ull << 30)) {
      out.queue_bytes = static_cast<std::size_t>(*b);
    }
  }
  if (const auto v = n["flush_interval"]) {
    if (auto d = r.get_duration(v, "shipping.flush_interval", milliseconds{1}, milliseconds{3'600'000})) {
      out.flush_interval = *d;
    }
  }
  if (const auto v = n["overflow"]) {
    if (auto o = r.get_enum<cwlog::overflow_policy>(v, "shipping.overflow",
                                                    {{"block", cwlog::overflow_policy::block},
                                                     {"drop_newest", cwlog::overflow_policy::drop_newest},
                                                     {"drop_oldest", cwlog::overflow_policy::drop_oldest}})) {
      out.overflow = *o;
    }
  }
  if (const auto v = n["block_timeout"]) {
    if (auto d = r.get_duration(v, "shipping.block_timeout", milliseconds{0}, milliseconds{60'000})) {
      out.block_timeout = *d;
    }
  }
  if (const auto v = n["oversize"]) {
    if (auto o = r.get_enum<cwlog::oversize_policy>(
            v, "shipping.oversize",
            {{"split", cwlog::oversize_policy::split}, {"truncate", cwlog::oversize_policy::truncate}})) {
      out.oversize = *o;
    }
  }
  if (const auto v = n["max_in_flight"]) {
    if (auto i = r.get_int(v, "shipping.max_in_flight", 1, 1024))
      out.max_in_flight = static_cast<std::size_t>(*i);
  }
  if (const auto v = n["retry_budget_per_second"]) {
    if (auto d = r.get_double(v, "shipping.retry_budget_per_second", 0.0, 1e6))
      out.retry_budget_per_second = *d;
  }
  if (const auto v = n["retry_budget_burst"]) {
    if (auto i = r.get_int(v, "shipping.retry_budget_burst", 0, 1'000'000)) {
      out.retry_budget_burst = static_cast<std::size_t>(*i);
    }
  }
  if (const auto v = n["max_attempts"]) {
    if (auto i = r.get_int(v, "shipping.max_attempts", 1, 100))
      out.max_attempts = static_cast<std::size_t>(*i);
  }
  if (const auto v = n["shutdown_deadline"]) {
    if (auto d = r.get_duration(v, "shipping.shutdown_deadline", milliseconds{0}, milliseconds{3'600'000})) {
      out.shutdown_deadline = *d;
    }
  }
  if (const auto v = n["idle_destination_ttl"]) {
    if (auto d = r.get_duration(v, "shipping.idle_destination_ttl", milliseconds{1000},
                                milliseconds{86'400'000})) {
      if (d->count() % 1000 != 0) {
        r.error(v, "shipping.idle_destination_ttl: must be whole seconds (allowed: e.g. 300s, 5m)");
      } else {
        out.idle_destination_ttl = std::chrono::duration_cast<std::chrono::seconds>(*d);
      }
    }
  }
  if (const auto v = n["gzip"]) {
    if (auto b = r.get_bool(v, "shipping.gzip")) out.gzip = *b;
  }
}

}  // namespace cwlog::detail

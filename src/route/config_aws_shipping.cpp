// The "aws" and "shipping" sections of the config file: keys and types here;
// the allowed values are validate()'s (validate_options.cpp), which the loader
// runs on the result.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "route/config_sections.h"

namespace cwlog::detail {
namespace {

// Reads each present key of `fields` with `get` into its target.
template <typename T, typename Get>
void read_each(yaml_reader& r, const YAML::Node& n, std::string_view section,
               std::initializer_list<std::pair<const char*, T*>> fields, Get get) {
  for (const auto& [key, target] : fields) {
    if (const auto v = n[key]) {
      if (auto value = (r.*get)(v, std::string(section) + "." + key)) *target = static_cast<T>(*value);
    }
  }
}

}  // namespace

void read_aws(yaml_reader& r, const YAML::Node& n, cwlog::aws_options& out) {
  if (!r.expect_map(n, "aws")) return;
  r.check_keys(n, "aws",
               {"region", "profile", "endpoint", "credentials", "access_key_id", "secret_access_key",
                "session_token", "connect_timeout", "request_timeout"});
  read_each<std::string>(r, n, "aws",
                         {{"region", &out.region},
                          {"profile", &out.profile},
                          {"endpoint", &out.endpoint},
                          {"access_key_id", &out.access_key_id},
                          {"secret_access_key", &out.secret_access_key},
                          {"session_token", &out.session_token}},
                         &yaml_reader::get_string);
  if (const auto v = n["credentials"]) {
    if (auto c =
            r.get_enum<cwlog::credentials_source>(v, "aws.credentials",
                                                  {{"chain", cwlog::credentials_source::chain},
                                                   {"explicit", cwlog::credentials_source::static_keys}})) {
      out.credentials = *c;
    }
  }
  read_each<std::chrono::milliseconds>(
      r, n, "aws", {{"connect_timeout", &out.connect_timeout}, {"request_timeout", &out.request_timeout}},
      &yaml_reader::get_duration);
}

void read_shipping(yaml_reader& r, const YAML::Node& n, cwlog::shipping_options& out) {
  if (!r.expect_map(n, "shipping")) return;
  r.check_keys(n, "shipping",
               {"queue_bytes", "flush_interval", "overflow", "block_timeout", "oversize", "max_in_flight",
                "max_in_flight_per_stream", "retry_budget_per_second", "retry_budget_burst", "max_attempts",
                "shutdown_deadline", "idle_destination_ttl", "gzip", "spool_dir", "spool_bytes", "spool_sync",
                "spool_write_interval"});
  read_each<std::size_t>(r, n, "shipping", {{"queue_bytes", &out.queue_bytes}}, &yaml_reader::get_bytes);
  read_each<std::uint64_t>(r, n, "shipping", {{"spool_bytes", &out.spool_bytes}}, &yaml_reader::get_bytes);
  read_each<std::string>(r, n, "shipping", {{"spool_dir", &out.spool_dir}}, &yaml_reader::get_string);
  read_each<std::chrono::milliseconds>(r, n, "shipping",
                                       {{"flush_interval", &out.flush_interval},
                                        {"block_timeout", &out.block_timeout},
                                        {"shutdown_deadline", &out.shutdown_deadline},
                                        {"spool_write_interval", &out.spool_write_interval}},
                                       &yaml_reader::get_duration);
  read_each<std::size_t>(r, n, "shipping",
                         {{"max_in_flight", &out.max_in_flight},
                          {"max_in_flight_per_stream", &out.max_in_flight_per_stream},
                          {"retry_budget_burst", &out.retry_budget_burst},
                          {"max_attempts", &out.max_attempts}},
                         &yaml_reader::get_count);
  if (const auto v = n["overflow"]) {
    if (auto o = r.get_enum<cwlog::overflow_policy>(v, "shipping.overflow",
                                                    {{"block", cwlog::overflow_policy::block},
                                                     {"drop_newest", cwlog::overflow_policy::drop_newest},
                                                     {"drop_oldest", cwlog::overflow_policy::drop_oldest}})) {
      out.overflow = *o;
    }
  }
  if (const auto v = n["spool_sync"]) {
    if (auto p = r.get_enum<cwlog::spool_sync_policy>(
            v, "shipping.spool_sync",
            {{"interval", cwlog::spool_sync_policy::interval}, {"none", cwlog::spool_sync_policy::none}})) {
      out.spool_sync = *p;
    }
  }
  if (const auto v = n["oversize"]) {
    if (auto o = r.get_enum<cwlog::oversize_policy>(
            v, "shipping.oversize",
            {{"split", cwlog::oversize_policy::split}, {"truncate", cwlog::oversize_policy::truncate}})) {
      out.oversize = *o;
    }
  }
  read_each<double>(r, n, "shipping", {{"retry_budget_per_second", &out.retry_budget_per_second}},
                    &yaml_reader::get_double);
  if (const auto v = n["idle_destination_ttl"]) {
    if (auto d = r.get_duration(v, "shipping.idle_destination_ttl")) {
      // The option counts whole seconds: a fraction would be lost silently.
      if (d->count() % 1000 != 0)
        r.error(v, "shipping.idle_destination_ttl: must be whole seconds (allowed: e.g. 300s, 5m)");
      else
        out.idle_destination_ttl = std::chrono::duration_cast<std::chrono::seconds>(*d);
    }
  }
  if (const auto v = n["gzip"]) {
    if (auto b = r.get_bool(v, "shipping.gzip")) out.gzip = *b;
  }
}

}  // namespace cwlog::detail

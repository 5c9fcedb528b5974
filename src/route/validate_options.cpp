// validate(): the entry point, field paths, and the "aws" and "shipping"
// sections; destinations and routes are checked in validate_routing.cpp.
#include "route/validate_options.h"

#include <cstdio>

#include <cwlog/error.h>

#include "route/option_limits.h"
#include "route/validate_sections.h"

namespace cwlog::detail {

field_path field_path::key(std::string_view k) const {
  field_path p = *this;
  p.steps_.emplace_back(std::string(k));
  return p;
}

field_path field_path::index(std::size_t i) const {
  field_path p = *this;
  p.steps_.emplace_back(i);
  return p;
}

std::string field_path::text() const {
  std::string s;
  for (const auto& st : steps_) {
    if (const auto* k = std::get_if<std::string>(&st)) {
      if (!s.empty()) s += '.';
      s += *k;
    } else {
      s += '[' + std::to_string(std::get<std::size_t>(st)) + ']';
    }
  }
  return s;
}

namespace {

using std::chrono::milliseconds;

// The largest unit that writes d exactly: "1h", "90s", "250ms".
std::string duration_text(milliseconds d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string bytes_text(std::uint64_t b) {
  if (b != 0 && b % (1ull << 30) == 0) return std::to_string(b >> 30) + "GiB";
  if (b != 0 && b % (1ull << 20) == 0) return std::to_string(b >> 20) + "MiB";
  if (b != 0 && b % (1ull << 10) == 0) return std::to_string(b >> 10) + "KiB";
  return std::to_string(b) + " bytes";
}

std::string number_text(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

void check_range(problem_list& out, const field_path& at, std::uint64_t v, option_range<std::uint64_t> r) {
  if (r.contains(v)) return;
  out.add(at, std::to_string(v) + " is out of range (allowed: an integer from " + std::to_string(r.min) +
                  " to " + std::to_string(r.max) + ")");
}

void check_range(problem_list& out, const field_path& at, milliseconds v, option_range<milliseconds> r) {
  if (r.contains(v)) return;
  out.add(at, duration_text(v) + " is out of range (allowed: a duration from " + duration_text(r.min) +
                  " to " + duration_text(r.max) + ")");
}

void check_bytes(problem_list& out, const field_path& at, std::uint64_t v, option_range<std::uint64_t> r) {
  if (r.contains(v)) return;
  out.add(at, bytes_text(v) + " is out of range (allowed: a size from " + bytes_text(r.min) + " to " +
                  bytes_text(r.max) + ")");
}

bool is_region(std::string_view s) noexcept {
  if (s.empty() || s.size() > max_region_length) return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void validate_aws(const cwlog::aws_options& a, problem_list& out) {
  const field_path at = field_path{}.key("aws");
  if (!a.region.empty() && !is_region(a.region)) {
    out.add(at.key("region"),
            "\"" + a.region + "\" is not a region name (allowed: e.g. eu-west-1, us-east-1)");
  }
  if (!a.endpoint.empty() && !a.endpoint.starts_with("http://") && !a.endpoint.starts_with("https://")) {
    out.add(at.key("endpoint"),
            "\"" + a.endpoint + "\" is not a URL (allowed: http://host:port or https://host)");
  }
  // Secret values are never echoed in messages.
  if (a.credentials != cwlog::credentials_source::static_keys) {
    const std::pair<const char*, const std::string*> secrets[] = {{"access_key_id", &a.access_key_id},
                                                                  {"secret_access_key", &a.secret_access_key},
                                                                  {"session_token", &a.session_token}};
    for (const auto& [key, value] : secrets) {
      if (!value->empty()) {
        out.add(at.key(key),
                "only used with credentials: explicit (allowed: set credentials: explicit, or remove it and "
                "use the default chain)");
      }
    }
  } else if (a.access_key_id.empty() || a.secret_access_key.empty()) {
    out.add(at,
            "credentials: explicit needs access_key_id and secret_access_key (allowed: both set, e.g. from "
            "${ENV_VARS})");
  }
  check_range(out, at.key("connect_timeout"), a.connect_timeout, aws_timeout_range);
  check_range(out, at.key("request_timeout"), a.request_timeout, aws_timeout_range);
}

void validate_shipping(const cwlog::shipping_options& s, problem_list& out) {
  const field_path at = field_path{}.key("shipping");
  check_bytes(out, at.key("queue_bytes"), s.queue_bytes, queue_bytes_range);
  check_range(out, at.key("flush_interval"), s.flush_interval, flush_interval_range);
  check_range(out, at.key("block_timeout"), s.block_timeout, block_timeout_range);
  check_range(out, at.key("max_in_flight"), s.max_in_flight, max_in_flight_range);
  check_range(out, at.key("max_in_flight_per_stream"), s.max_in_flight_per_stream,
              max_in_flight_per_stream_range);
  if (!retry_budget_per_second_range.contains(s.retry_budget_per_second) ||
      s.retry_budget_per_second != s.retry_budget_per_second) {  // NaN compares unequal to itself
    out.add(at.key("retry_budget_per_second"), number_text(s.retry_budget_per_second) +
                                                   " is out of range (allowed: a number from " +
                                                   number_text(retry_budget_per_second_range.min) + " to " +
                                                   number_text(retry_budget_per_second_range.max) + ")");
  }
  check_range(out, at.key("retry_budget_burst"), s.retry_budget_burst, retry_budget_burst_range);
  check_range(out, at.key("max_attempts"), s.max_attempts, max_attempts_range);
  check_range(out, at.key("shutdown_deadline"), s.shutdown_deadline, shutdown_deadline_range);
  check_range(out, at.key("idle_destination_ttl"),
              std::chrono::duration_cast<milliseconds>(s.idle_destination_ttl), idle_destination_ttl_range);
  if (s.spool_dir.find('\0') != std::string::npos) {
    out.add(at.key("spool_dir"), "contains a NUL character (allowed: a directory path)");
  }
  check_bytes(out, at.key("spool_bytes"), s.spool_bytes, spool_bytes_range);
  check_range(out, at.key("spool_write_interval"), s.spool_write_interval, spool_write_interval_range);
}

}  // namespace

std::vector<options_problem> validate(const cwlog::options& opts) {
  problem_list out;
  validate_aws(opts.aws, out);
  validate_shipping(opts.shipping, out);
  validate_destinations(opts.destinations, out);
  validate_routes(opts, out);
  validate_metrics(opts, out);
  return std::move(out.list);
}

void throw_if_invalid(const cwlog::options& opts) {
  const auto problems = validate(opts);
  if (problems.empty()) return;
  std::string all = "invalid cwlog options:";
  for (const auto& p : problems) all += "\n  " + p.text();
  throw cwlog::error(all);
}

}  // namespace cwlog::detail

#include "local/faults.h"

#include <charconv>
#include <string>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

constexpr std::size_t kind_count = 6;

std::optional<fault_kind> kind_from(std::string_view s) {
  if (s == "throttle") return fault_kind::throttle;
  if (s == "unavailable" || s == "error503") return fault_kind::unavailable;
  if (s == "error500") return fault_kind::error500;
  if (s == "latency") return fault_kind::latency;
  if (s == "reset-before") return fault_kind::reset_before;
  if (s == "reset-after-commit") return fault_kind::reset_after_commit;
  return std::nullopt;
}

[[noreturn]] void bad_spec(std::string_view spec, const std::string& why) {
  throw cwlog::error("fault spec '" + std::string(spec) + "': " + why +
                     " (expected KIND[:rate=R|next=N][,ms=MS][,op=Operation] with KIND one of throttle, "
                     "unavailable, error500, latency, reset-before, reset-after-commit)");
}

}  // namespace

std::string_view to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::throttle:
      return "throttle";
    case fault_kind::unavailable:
      return "unavailable";
    case fault_kind::error500:
      return "error500";
    case fault_kind::latency:
      return "latency";
    case fault_kind::reset_before:
      return "reset-before";
    case fault_kind::reset_after_commit:
      return "reset-after-commit";
  }
  return "?";
}

fault_rule parse_fault_spec(std::string_view spec) {
  const auto colon = spec.find(':');
  auto kind = kind_from(spec.substr(0, colon));
  if (!kind) bad_spec(spec, "unknown fault kind");
  fault_rule rule;
  rule.kind = *kind;
  bool rate_given = false;
  std::string_view rest = colon == std::string_view::npos ? std::string_view() : spec.substr(colon + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) bad_spec(spec, "'" + std::string(item) + "' is not key=value");
    const auto key = item.substr(0, eq);
    const std::string value(item.substr(eq + 1));
    try {
      std::size_t used = 0;
      if (key == "rate") {
        rule.rate = std::stod(value, &used);
        rate_given = true;
        if (rule.rate < 0.0 || rule.rate > 1.0) bad_spec(spec, "rate must be within 0..1");
      } else if (key == "next") {
        rule.next = std::stoll(value, &used);
        if (*rule.next < 0) bad_spec(spec, "next must be >= 0");
      } else if (key == "ms") {
        rule.latency = std::chrono::milliseconds(std::stoll(value, &used));
        if (rule.latency.count() < 0) bad_spec(spec, "ms must be >= 0");
      } else if (key == "op") {
        rule.operation = value;
        used = value.size();
      } else {
        bad_spec(spec, "unknown key '" + std::string(key) + "'");
      }
      if (used != value.size()) bad_spec(spec, "bad value '" + value + "'");
    } catch (const std::logic_error&) {  // stod/stoll: invalid_argument, out_of_range
      bad_spec(spec, "bad value '" + value + "'");
    }
  }
  if (rule.kind == fault_kind::latency && rule.latency.count() == 0) bad_spec(spec, "latency needs ms=...");
  if (!rate_given) rule.rate = 1.0;
  return rule;
}

fault_injector::fault_injector(std::uint64_t seed) : rng_(seed), fired_(kind_count, 0) {}

void fault_injector::add(fault_rule rule) {
  std::lock_guard lock(mutex_);
  rules_.push_back(std::move(rule));
}

void fault_injector::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

std::vector<fault_rule> fault_injector::rules() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::vector<std::uint64_t> fault_injector::fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}

fault_decision fault_injector::decide(std::string_view operation) {
  std::lock_guard lock(mutex_);
  fault_decision d;
  for (auto& rule : rules_) {
    if (!rule.operation.empty() && rule.operation != operation) continue;
    if (rule.next && *rule.next == 0) continue;
    // One failure per request: a later failing rule does not fire (nor spend a count).
    const bool is_failure = rule.kind != fault_kind::latency && rule.kind != fault_kind::reset_after_commit;
    if (is_failure && d.failure) continue;
    if (rule.kind == fault_kind::reset_after_commit && d.reset_after_commit) continue;
    if (rule.rate < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(rng_) >= rule.rate) continue;
    if (rule.next) --*rule.next;
    ++fired_[static_cast<std::size_t>(rule.kind)];
    if (rule.kind == fault_kind::latency)
      d.latency += rule.latency;
    else if (rule.kind == fault_kind::reset_after_commit)
      d.reset_after_commit = true;
    else
      d.failure = rule.kind;
  }
  std::erase_if(rules_, [](const fault_rule& r) { return r.next && *r.next == 0; });
  return d;
}

}  // namespace cwlog::detail

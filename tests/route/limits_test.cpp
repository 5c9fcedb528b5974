// `cwlog config check` passes exactly the configs the shipper accepts: every
// limit of validate() (validate_options.h, option_limits.h, src/rules) at its
// last valid and first invalid value, once written in a YAML file and once
// set in code-built options given to the shipper's constructor. The loader
// must report a refused value at its own line, under its field path.
#include <gtest/gtest.h>

#include <cwlog/config.h>
#include <cwlog/shipper.h>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace cwlog {
namespace {

using namespace std::chrono_literals;

enum class section { aws, shipping, destination };

struct edge_case {
  section where;
  std::string key;
  std::string yaml_value;             // as written in the file
  std::function<void(options&)> set;  // the same value, in code
  bool valid;
};

using entries = std::vector<std::pair<std::string, std::string>>;

// The file for one case, and the line its key is on. Explicit credentials, a
// region and an endpoint keep the shipper off the network: no record is
// logged, so it never connects.
std::string yaml_for(const edge_case& c, std::size_t& line) {
  entries aws{{"region", "eu-west-1"},
              {"endpoint", "http://127.0.0.1:9"},
              {"credentials", "explicit"},
              {"access_key_id", "AKIDEXAMPLE"},
              {"secret_access_key", "not-a-secret"}};
  entries shipping{{"flush_interval", "50ms"}};
  entries destination{{"name", "main"}, {"group", "app"}, {"format", "plain"}};
  entries& target = c.where == section::aws ? aws : c.where == section::shipping ? shipping : destination;
  bool replaced = false;
  for (auto& [k, v] : target) {
    if (k == c.key) v = c.yaml_value, replaced = true;
  }
  if (!replaced) target.emplace_back(c.key, c.yaml_value);
  std::string text;
  std::size_t n = 0;
  auto add = [&](const std::string& s, bool mine) {
    text += s + "\n";
    ++n;
    if (mine) line = n;
  };
  add("aws:", false);
  for (const auto& [k, v] : aws) add("  " + k + ": " + v, c.where == section::aws && k == c.key);
  add("shipping:", false);
  for (const auto& [k, v] : shipping) add("  " + k + ": " + v, c.where == section::shipping && k == c.key);
  add("destinations:", false);
  for (std::size_t i = 0; i < destination.size(); ++i) {
    const auto& [k, v] = destination[i];
    add((i == 0 ? "  - " : "    ") + k + ": " + v, c.where == section::destination && k == c.key);
  }
  return text;
}

std::string path_of(const edge_case& c) {
  switch (c.where) {
    case section::aws:
      return "aws." + c.key;
    case section::shipping:
      return "shipping." + c.key;
    case section::destination:
      return "destinations[0]." + c.key;
  }
  return {};
}

std::string label(const edge_case& c) {
  return path_of(c) + " = " + c.yaml_value.substr(0, 40) + (c.valid ? " (valid)" : " (invalid)");
}

options base_options() {
  edge_case none{section::shipping, "flush_interval", "50ms", nullptr, true};
  std::size_t line = 0;
  return parse_config(yaml_for(none, line), "base.yaml");
}

// A flow map of n tags, or one tag with the given key and value lengths.
std::string tags_yaml(std::size_t n) {
  std::string s = "{";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", t" : "t") + std::to_string(i) + ": v";
  return s + "}";
}
std::map<std::string, std::string> tags_map(std::size_t n) {
  std::map<std::string, std::string> m;
  for (std::size_t i = 0; i < n; ++i) m["t" + std::to_string(i)] = "v";
  return m;
}

class edge_list {
 public:
  void add(section where, std::string key, std::string yaml, std::function<void(options&)> set, bool valid) {
    cases.push_back({where, std::move(key), std::move(yaml), std::move(set), valid});
  }
  // An integer range [min, max]: min and max pass, min - 1 and max + 1 do not.
  // A value below 0 is left out where the field is unsigned (nothing can set
  // it); as text the loader refuses it. unit is appended in the file ("ms").
  void range(section where, const std::string& key, std::int64_t min, std::int64_t max,
             const std::string& unit, std::function<void(options&, std::int64_t)> set,
             bool has_negatives = false) {
    const std::pair<std::int64_t, bool> edges[] = {
        {min, true}, {min - 1, false}, {max, true}, {max + 1, false}};
    for (const auto& [v, valid] : edges) {
      if (v < 0 && !has_negatives) continue;
      add(
          where, key, std::to_string(v) + unit, [set, v](options& o) { set(o, v); }, valid);
    }
  }
  std::vector<edge_case> cases;
};

std::vector<edge_case> every_edge() {
  edge_list e;
  using ms = std::chrono::milliseconds;
  const auto shipping = section::shipping;
  // cwlog's own limits (option_limits.h).
  e.range(shipping, "queue_bytes", 64 << 10, std::int64_t{64} << 30, "",
          [](options& o, std::int64_t v) { o.shipping.queue_bytes = static_cast<std::size_t>(v); });
  e.range(shipping, "max_in_flight", 1, 64, "",
          [](options& o, std::int64_t v) { o.shipping.max_in_flight = static_cast<std::size_t>(v); });
  e.range(shipping, "max_in_flight_per_stream", 1, 64, "", [](options& o, std::int64_t v) {
    o.shipping.max_in_flight_per_stream = static_cast<std::size_t>(v);
  });
  e.range(shipping, "retry_budget_burst", 0, 1'000'000, "",
          [](options& o, std::int64_t v) { o.shipping.retry_budget_burst = static_cast<std::size_t>(v); });
  e.range(shipping, "max_attempts", 1, 1000, "",
          [](options& o, std::int64_t v) { o.shipping.max_attempts = static_cast<std::size_t>(v); });
  e.range(
      shipping, "flush_interval", 1, 3'600'000, "ms",
      [](options& o, std::int64_t v) { o.shipping.flush_interval = ms{v}; }, true);
  e.range(
      shipping, "block_timeout", 0, 60'000, "ms",
      [](options& o, std::int64_t v) { o.shipping.block_timeout = ms{v}; }, true);
  e.range(
      shipping, "shutdown_deadline", 0, 3'600'000, "ms",
      [](options& o, std::int64_t v) { o.shipping.shutdown_deadline = ms{v}; }, true);
  e.range(
      shipping, "idle_destination_ttl", 1, 86'400, "s",
      [](options& o, std::int64_t v) { o.shipping.idle_destination_ttl = std::chrono::seconds{v}; }, true);
  e.range(shipping, "spool_bytes", 1 << 20, std::int64_t{16} << 40, "",
          [](options& o, std::int64_t v) { o.shipping.spool_bytes = static_cast<std::uint64_t>(v); });
  e.range(
      shipping, "spool_write_interval", 1, 10'000, "ms",
      [](options& o, std::int64_t v) { o.shipping.spool_write_interval = ms{v}; }, true);
  e.range(
      section::aws, "connect_timeout", 1, 600'000, "ms",
      [](options& o, std::int64_t v) { o.aws.connect_timeout = ms{v}; }, true);
  e.range(
      section::aws, "request_timeout", 1, 600'000, "ms",
      [](options& o, std::int64_t v) { o.aws.request_timeout = ms{v}; }, true);
  for (const auto& [v, valid] : {std::pair{0.0, true}, {-0.5, false}, {1e6, true}, {1e6 + 0.5, false}}) {
    e.add(
        shipping, "retry_budget_per_second", std::to_string(v),
        [v](options& o) { o.shipping.retry_budget_per_second = v; }, valid);
  }
  // Lengths: the region (cwlog's), names and tags (CloudWatch's, src/rules).
  const auto text = [](std::size_t n, char c) { return std::string(n, c); };
  for (const auto& [n, valid] : {std::pair<std::size_t, bool>{64, true}, {65, false}}) {
    e.add(
        section::aws, "region", text(n, 'r'), [=](options& o) { o.aws.region = text(n, 'r'); }, valid);
  }
  const auto dest = section::destination;
  for (const auto& [n, valid] : {std::pair<std::size_t, bool>{512, true}, {513, false}}) {
    e.add(
        dest, "group", text(n, 'g'), [=](options& o) { o.destinations[0].group = text(n, 'g'); }, valid);
    e.add(
        dest, "stream", text(n, 's'), [=](options& o) { o.destinations[0].stream = text(n, 's'); }, valid);
  }
  for (const auto& [n, valid] : {std::pair<std::size_t, bool>{50, true}, {51, false}}) {
    e.add(
        dest, "tags", tags_yaml(n), [n](options& o) { o.destinations[0].tags = tags_map(n); }, valid);
  }
  for (const auto& [k, v, valid] :
       {std::tuple<std::size_t, std::size_t, bool>{128, 256, true}, {129, 1, false}, {1, 257, false}}) {
    e.add(
        dest, "tags", "{" + text(k, 'k') + ": " + text(v, 'v') + "}",
        [=](options& o) {
          o.destinations[0].tags = {{text(k, 'k'), text(v, 'v')}};
        },
        valid);
  }
  // Retention: the first and last documented values and their neighbours.
  for (const auto& [days, valid] :
       {std::pair{1, true}, {0, false}, {2, false}, {3653, true}, {3654, false}}) {
    e.add(
        dest, "retention_days", std::to_string(days),
        [days](options& o) { o.destinations[0].retention_days = days; }, valid);
  }
  // Smaller batches (watchtower's max_batch_size / max_batch_count): up to
  // what one PutLogEvents call may carry.
  for (const auto& [bytes, valid] :
       {std::pair<std::size_t, bool>{0, true}, {1, true}, {1'048'576, true}, {1'048'577, false}}) {
    e.add(
        dest, "max_batch_bytes", std::to_string(bytes),
        [bytes](options& o) { o.destinations[0].max_batch_bytes = bytes; }, valid);
  }
  for (const auto& [events, valid] :
       {std::pair<std::size_t, bool>{0, true}, {1, true}, {10'000, true}, {10'001, false}}) {
    e.add(
        dest, "max_batch_events", std::to_string(events),
        [events](options& o) { o.destinations[0].max_batch_events = events; }, valid);
  }
  // The plain formatter's pattern, which the shipper compiles at start.
  for (const auto& [pattern, valid] : {std::pair<std::string, bool>{"{level} {message} {{x}}", true},
                                       {"{level} {mesage}", false},
                                       {"{message", false}}) {
    e.add(
        dest, "pattern", "\"" + pattern + "\"",
        [pattern](options& o) { o.destinations[0].pattern = pattern; }, valid);
  }
  const std::string key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  for (const auto& [arn, valid] : {std::pair{key_arn, true}, {key_arn + "0", false}}) {
    e.add(
        dest, "kms_key_id", arn, [arn](options& o) { o.destinations[0].kms_key_id = arn; }, valid);
  }
  return e.cases;
}

TEST(limits, the_config_check_and_the_shipper_agree_at_every_edge) {
  const options base = base_options();
  for (const auto& c : every_edge()) {
    SCOPED_TRACE(label(c));
    std::size_t line = 0;
    const std::string yaml = yaml_for(c, line);
    // Through the loader (what `cwlog config check` runs).
    try {
      const options loaded = parse_config(yaml, "edge.yaml");
      EXPECT_TRUE(c.valid) << "the config check accepted it";
      if (c.valid) {
        EXPECT_NO_THROW(shipper{loaded}) << "the shipper refused a config the check passed";
      }
    } catch (const config_error& e) {
      EXPECT_FALSE(c.valid) << e.what();
      EXPECT_EQ(e.diagnostics().size(), 1u) << e.what();
      if (!e.diagnostics().empty()) {
        EXPECT_EQ(e.diagnostics()[0].line, line) << e.what();
        EXPECT_EQ(e.diagnostics()[0].message.rfind(path_of(c), 0), 0u) << e.what();
      }
    }
    // Through the shipper's constructor, from options set in code.
    options o = base;
    c.set(o);
    try {
      shipper s{o};
      EXPECT_TRUE(c.valid) << "the shipper accepted it";
    } catch (const error& e) {
      EXPECT_FALSE(c.valid) << e.what();
      EXPECT_NE(std::string(e.what()).find("\n  " + path_of(c)), std::string::npos) << e.what();
    }
  }
}

TEST(limits, every_problem_is_reported_at_once_under_its_field_path) {
  options o = base_options();
  o.shipping.max_in_flight = 65;
  o.shipping.queue_bytes = 1;
  o.destinations[0].retention_days = 2;
  o.routes.push_back(route_rule{});
  o.routes.back().destinations = {"main", "nope"};
  try {
    shipper s{o};
    FAIL() << "accepted";
  } catch (const error& e) {
    const std::string what = e.what();
    for (const char* needle :
         {"invalid cwlog options:",
          "\n  shipping.queue_bytes: 1 bytes is out of range (allowed: a size from 64KiB to 64GiB)",
          "\n  shipping.max_in_flight: 65 is out of range (allowed: an integer from 1 to 64)",
          "\n  destinations[0].retention_days: retention of 2 days",
          "\n  routes[0].to[1]: unknown destination \"nope\""}) {
      EXPECT_NE(what.find(needle), std::string::npos) << needle << " in " << what;
    }
  }
}

}  // namespace
}  // namespace cwlog

// The YAML config: every key reaches options, every mistake is reported with
// its exact file:line:column and what is allowed, and the example configs load.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include <cwlog/config.h>

#include "support/temp_dir.h"

namespace cwlog {
namespace {

std::vector<config_diagnostic> diagnostics_of(std::string_view yaml) {
  try {
    (void)parse_config(yaml, "test.yaml");
  } catch (const config_error& e) {
    return e.diagnostics();
  }
  return {};
}

// Exactly one diagnostic, at line:col, containing `needle`.
void expect_one(std::string_view yaml, std::size_t line, std::size_t col, std::string_view needle) {
  const auto ds = diagnostics_of(yaml);
  ASSERT_EQ(ds.size(), 1u) << (ds.empty() ? "no diagnostic" : to_string(ds[0]) + " and more");
  EXPECT_EQ(ds[0].file, "test.yaml");
  EXPECT_EQ(ds[0].line, line) << to_string(ds[0]);
  EXPECT_EQ(ds[0].column, col) << to_string(ds[0]);
  EXPECT_NE(ds[0].message.find(needle), std::string::npos) << to_string(ds[0]);
}

constexpr std::string_view one_destination = "destinations:\n  - name: a\n    group: g-a\n";

TEST(Config, EveryKeyIsRead) {
  setenv("CWLOG_TEST_SECRET", "s3cr3t", 1);
  const auto o = parse_config(R"(
aws:
  region: eu-west-1
  profile: prod
  endpoint: http://127.0.0.1:4566
  credentials: explicit
  access_key_id: AKIDEXAMPLE
  secret_access_key: ${CWLOG_TEST_SECRET}
  session_token: tok
  connect_timeout: 250ms
  request_timeout: 1m
shipping:
  queue_bytes: 8MiB
  flush_interval: 500ms
  overflow: block
  block_timeout: 20ms
  oversize: truncate
  max_in_flight: 2
  retry_budget_per_second: 2.5
  retry_budget_burst: 7
  max_attempts: 3
  shutdown_deadline: 1h
  idle_destination_ttl: 2m
  gzip: true
  spool_dir: /var/spool/app
  spool_bytes: 2GiB
  spool_sync: none
  spool_write_interval: 50ms
min_level: debug
logger_min_levels:
  api: warn
  api.debuggy: trace
destinations:
  - name: t
    group: app-customer-{tenant}
    stream: "{component}/{host}-{pid}"
    retention_days: 90
    kms_key_id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
    tags: {app: billing, team: "core"}
    log_group_class: INFREQUENT_ACCESS
    format: plain
    pattern: "{level} {message}"
    create_group: false
    create_stream: false
    max_batch_bytes: 64KiB
    max_batch_events: 500
  - name: e
    group: app-errors
routes:
  - name: r1
    match:
      logger: api.
      logger_match: prefix
      min_level: info
      max_level: error
      fields: {region: eu, trace: ~}
      has_fields: [request_id]
      tenant: true
    to: [t, e]
    continue: true
  - match: {logger: "health*"}
    drop: true
  - to: e
default_destination: e
)",
                              "full.yaml");
  EXPECT_EQ(o.aws.region, "eu-west-1");
  EXPECT_EQ(o.aws.profile, "prod");
  EXPECT_EQ(o.aws.endpoint, "http://127.0.0.1:4566");
  EXPECT_EQ(o.aws.credentials, credentials_source::static_keys);
  EXPECT_EQ(o.aws.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(o.aws.secret_access_key, "s3cr3t");
  EXPECT_EQ(o.aws.session_token, "tok");
  EXPECT_EQ(o.aws.connect_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(o.aws.request_timeout, std::chrono::milliseconds(60000));
  EXPECT_EQ(o.shipping.queue_bytes, 8u << 20);
  EXPECT_EQ(o.shipping.flush_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(o.shipping.overflow, overflow_policy::block);
  EXPECT_EQ(o.shipping.block_timeout, std::chrono::milliseconds(20));
  EXPECT_EQ(o.shipping.oversize, oversize_policy::truncate);
  EXPECT_EQ(o.shipping.max_in_flight, 2u);
  EXPECT_EQ(o.shipping.retry_budget_per_second, 2.5);
  EXPECT_EQ(o.shipping.retry_budget_burst, 7u);
  EXPECT_EQ(o.shipping.max_attempts, 3u);
  EXPECT_EQ(o.shipping.shutdown_deadline, std::chrono::milliseconds(3'600'000));
  EXPECT_EQ(o.shipping.idle_destination_ttl, std::chrono::seconds(120));
  EXPECT_TRUE(o.shipping.gzip);
  EXPECT_EQ(o.shipping.spool_dir, "/var/spool/app");
  EXPECT_EQ(o.shipping.spool_bytes, 2ull << 30);
  EXPECT_EQ(o.shipping.spool_sync, spool_sync_policy::none);
  EXPECT_EQ(o.shipping.spool_write_interval, std::chrono::milliseconds(50));
  EXPECT_EQ(o.min_level, level::debug);
  EXPECT_EQ(o.logger_min_levels.at("api"), level::warn);
  EXPECT_EQ(o.logger_min_levels.at("api.debuggy"), level::trace);
  ASSERT_EQ(o.destinations.size(), 2u);
  const auto& t = o.destinations[0];
  EXPECT_EQ(t.name, "t");
  EXPECT_EQ(t.group, "app-customer-{tenant}");
  EXPECT_EQ(t.stream, "{component}/{host}-{pid}");
  EXPECT_EQ(t.retention_days, 90);
  EXPECT_EQ(t.kms_key_id, "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_EQ(t.tags, (std::map<std::string, std::string>{{"app", "billing"}, {"team", "core"}}));
  EXPECT_EQ(t.group_class, log_group_class::infrequent_access);
  EXPECT_EQ(t.format, formatter_kind::plain);
  EXPECT_EQ(t.pattern, "{level} {message}");
  EXPECT_FALSE(t.create_group);
  EXPECT_FALSE(t.create_stream);
  EXPECT_EQ(t.max_batch_bytes, 64u << 10);
  EXPECT_EQ(t.max_batch_events, 500u);
  const auto& e = o.destinations[1];
  EXPECT_EQ(e.stream, "{host}-{pid}");  // defaults kept
  EXPECT_FALSE(e.retention_days.has_value());
  EXPECT_TRUE(e.create_group);
  EXPECT_TRUE(e.create_stream);
  EXPECT_EQ(e.max_batch_bytes, 0u);
  EXPECT_EQ(e.max_batch_events, 0u);
  ASSERT_EQ(o.routes.size(), 3u);
  const auto& r = o.routes[0];
  EXPECT_EQ(r.name, "r1");
  EXPECT_EQ(r.logger, "api.");
  EXPECT_EQ(r.logger_match, name_match::prefix);
  EXPECT_EQ(r.min_level, level::info);
  EXPECT_EQ(r.max_level, level::error);
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[0].name, "region");
  EXPECT_EQ(r.fields[0].equals, "eu");
  EXPECT_EQ(r.fields[1].name, "trace");
  EXPECT_FALSE(r.fields[1].equals.has_value());
  EXPECT_EQ(r.fields[2].name, "request_id");
  EXPECT_EQ(r.has_tenant, true);
  EXPECT_EQ(r.destinations, (std::vector<std::string>{"t", "e"}));
  EXPECT_TRUE(r.continue_matching);
  EXPECT_EQ(o.routes[1].logger, "health*");
  EXPECT_EQ(o.routes[1].logger_match, name_match::glob);
  EXPECT_TRUE(o.routes[1].drop);
  EXPECT_EQ(o.routes[2].destinations, std::vector<std::string>{"e"});
  EXPECT_EQ(o.default_destination, "e");
}

TEST(Config, UnknownKeysEverywhere) {
  expect_one(std::string(one_destination) + "colour: red\n", 4, 1,
             "unknown key \"colour\" in the top level (allowed: aws,");
  expect_one(std::string("aws:\n  regoin: x\n") + std::string(one_destination), 2, 3,
             "unknown key \"regoin\" in aws");
  expect_one(std::string("shipping:\n  queue: 1\n") + std::string(one_destination), 2, 3,
             "in shipping (allowed: queue_bytes");
  expect_one("destinations:\n  - name: a\n    group: g\n    retention: 3\n", 4, 5,
             "unknown key \"retention\" in destinations[0] (allowed: name, group, stream, retention_days");
  expect_one(std::string(one_destination) + "routes:\n  - to: a\n    match: {lvl: 1}\n", 6, 13,
             "in routes[0].match");
  expect_one(std::string(one_destination) + "routes:\n  - to: a\n    stop: true\n", 6, 5,
             "unknown key \"stop\" in routes[0]");
}

TEST(Config, WrongTypes) {
  expect_one(std::string("aws: [1]\n") + std::string(one_destination), 1, 6, "aws must be a map, not a list");
  expect_one(std::string("shipping:\n  max_in_flight: many\n") + std::string(one_destination), 2, 18,
             "(allowed: a whole number, 0 or more)");
  expect_one(std::string("shipping:\n  gzip: yes\n") + std::string(one_destination), 2, 9,
             "(allowed: true, false)");
  expect_one(std::string("shipping:\n  flush_interval: 2\n") + std::string(one_destination), 2, 19,
             "a duration with unit ms, s, m or h");
  expect_one(std::string("shipping:\n  queue_bytes: 12 MB\n") + std::string(one_destination), 2, 16,
             "KiB, MiB, GiB");
  expect_one(std::string("shipping:\n  retry_budget_per_second: -1\n") + std::string(one_destination), 2, 28,
             "a number from 0 to");
  expect_one(std::string("shipping:\n  overflow: wait\n") + std::string(one_destination), 2, 13,
             "(allowed: block, drop_newest, drop_oldest)");
  expect_one(std::string("shipping:\n  spool_sync: always\n") + std::string(one_destination), 2, 15,
             "(allowed: interval, none)");
  expect_one(std::string("shipping:\n  spool_dir: [a]\n") + std::string(one_destination), 2, 14,
             "shipping.spool_dir must be a string");
  expect_one(std::string("shipping:\n  spool_write_interval: 1m\n") + std::string(one_destination), 2, 25,
             "shipping.spool_write_interval: 1m is out of range (allowed: a duration from 1ms to 10s)");
  expect_one(std::string("min_level: loud\n") + std::string(one_destination), 1, 12,
             "(allowed: trace, debug, info, warn, error, critical)");
  expect_one("destinations: {name: a}\n", 1, 15, "destinations must be a list");
  expect_one("destinations:\n  - name: [a]\n    group: g\n", 2, 11, "destinations[0].name must be a string");
  expect_one(std::string(one_destination) + "routes:\n  - to: {a: 1}\n", 5, 9, "routes[0].to must be a list");
}

TEST(Config, BadValues) {
  expect_one("destinations:\n  - name: a\n    group: g\n    retention_days: 10\n", 4, 21,
             "retention of 10 days is not accepted by CloudWatch (allowed: 1, 3, 5, 7, 14, 30");
  expect_one("destinations:\n  - name: a\n    group: g\n    log_group_class: DELIVERY\n", 4, 22,
             "DELIVERY is only for delivering Lambda logs to S3 or Firehose");
  expect_one("destinations:\n  - name: a\n    group: g\n    log_group_class: standard\n", 4, 22,
             "(allowed: STANDARD, INFREQUENT_ACCESS)");
  expect_one("destinations:\n  - name: a\n    group: g\n    kms_key_id: alias/logs\n", 4, 17, "KMS key ARN");
  expect_one("destinations:\n  - name: a\n    group: g\n    kms_key_id: arn:aws:kms:eu-west-1:1234:key/k\n",
             4, 17, "12 digits");
  expect_one("destinations:\n  - name: a\n    group: g\n    tags: {\"aws:x\": y}\n", 4, 12,
             "reserved prefix aws:");
  expect_one("destinations:\n  - name: a\n    group: \"aws/{tenant}\"\n", 3, 12, "AWS reserves");
  expect_one("destinations:\n  - name: a\n    group: \"app-{tenant}{component}\"\n", 3, 12, "not separated");
  expect_one("destinations:\n  - name: a\n    group: \"app-{tenants}\"\n", 3, 12, "unknown token {tenants}");
  expect_one("destinations:\n  - name: a\n    group: g\n    stream: \"a:{pid}\"\n", 4, 13, "stream names");
  expect_one("destinations:\n  - name: a\n    group: g\n  - name: a\n    group: h\n", 4, 11,
             "duplicate destination \"a\"");
  expect_one("destinations:\n  - group: g\n", 2, 5, "missing name");
  expect_one(std::string(one_destination) + "routes:\n  - to: [a, b]\n", 5, 13,
             "unknown destination \"b\" (allowed: a)");
  expect_one(std::string(one_destination) + "default_destination: zz\n", 4, 22, "unknown destination \"zz\"");
  expect_one(std::string(one_destination) + "routes:\n  - to: a\n    drop: true\n", 6, 11,
             "drop together with to");
  expect_one(std::string(one_destination) + "routes:\n  - name: x\n", 5, 5, "sends nowhere");
  expect_one(
      std::string(one_destination) + "routes:\n  - to: a\n    match: {min_level: error, max_level: info}\n",
      6, 42, "max_level is below min_level");
  expect_one(
      std::string("aws:\n  credentials: explicit\n  access_key_id: AK\n") + std::string(one_destination), 2,
      3, "needs access_key_id and secret_access_key");
  expect_one(std::string("aws:\n  secret_access_key: hidden-value\n") + std::string(one_destination), 2, 22,
             "only used with credentials: explicit");
  expect_one(std::string("aws:\n  endpoint: localhost:4566\n") + std::string(one_destination), 2, 13,
             "is not a URL");
  expect_one(std::string("aws:\n  region: ${CWLOG_TEST_UNSET_VARIABLE}\n") + std::string(one_destination), 2,
             11, "environment variable \"CWLOG_TEST_UNSET_VARIABLE\" is not set");
  expect_one(std::string("shipping:\n  gzip: true\n  gzip: false\n") + std::string(one_destination), 3, 3,
             "duplicate key");
  expect_one("", 0, 0, "the file is empty");  // an empty document has no position
  // No destinations is what the shipper accepts too (fixed destinations only).
  EXPECT_TRUE(parse_config("aws: {}\n", "test.yaml").destinations.empty());
}

TEST(Config, TenantIsolationBetweenDestinations) {
  expect_one(
      "destinations:\n  - name: t\n    group: app-customer-{tenant}\n  - name: e\n    group: "
      "app-customer-errors\n",
      5, 12, "destinations[1].group: destinations \"t\" and \"e\": group templates");
}

TEST(Config, SecretsAreNeverEchoed) {
  const auto ds =
      diagnostics_of(std::string("aws:\n  secret_access_key: hidden-value\n") + std::string(one_destination));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].message.find("hidden-value"), std::string::npos);
}

TEST(Config, AllProblemsAreReportedAtOnce) {
  try {
    (void)parse_config(
        "aws:\n  regoin: x\nshipping:\n  gzip: 1\ndestinations:\n  - name: a\n    group: \"a b\"\n",
        "many.yaml");
    FAIL() << "accepted";
  } catch (const config_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 3u) << e.what();
    const std::string what = e.what();
    EXPECT_NE(what.find("many.yaml:2:3: unknown key \"regoin\""), std::string::npos) << what;
    EXPECT_NE(what.find("many.yaml:4:9: shipping.gzip"), std::string::npos) << what;
    EXPECT_NE(what.find("many.yaml:7:12: destinations[0].group"), std::string::npos) << what;
  }
}

TEST(Config, YamlSyntaxErrorsHaveAPosition) {
  const auto ds = diagnostics_of("destinations:\n  - name: a\n    group: [g\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("not valid YAML"), std::string::npos);
  EXPECT_GT(ds[0].line, 0u);
}

TEST(Config, LoadConfigReadsFilesAndReportsMissingOnes) {
  test::temp_dir dir;
  const std::string path =
      dir.write("config.yaml", std::string(one_destination) + "default_destination: a\n").string();
  const auto o = load_config(path);
  EXPECT_EQ(o.default_destination, "a");
  std::filesystem::remove(path);
  try {
    (void)load_config(path);
    FAIL() << "a missing file loaded";
  } catch (const config_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, path);
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos);
  }
}

TEST(Config, ExampleConfigsLoad) {
  const std::string dir = std::string(CWLOG_SOURCE_DIR) + "/examples/configs/";
  const auto minimal = load_config(dir + "minimal.yaml");
  EXPECT_EQ(minimal.default_destination, "app");
  const auto mt = load_config(dir + "multi-tenant.yaml");
  ASSERT_EQ(mt.destinations.size(), 4u);
  EXPECT_EQ(mt.destinations[0].group, "app-customer-{tenant}");
  EXPECT_EQ(mt.destinations[3].group, "app-audit-{date:%Y-%m}");
  EXPECT_EQ(mt.destinations[0].retention_days, 90);
  EXPECT_FALSE(mt.destinations[0].kms_key_id.empty());
  EXPECT_EQ(mt.destinations[0].tags.at("app"), "billing");
}

TEST(Config, MangledFilesOnlyEverGiveConfigErrors) {
  // Random damage to a real config: parse_config must return or throw
  // config_error with positions inside the file, never anything else.
  std::ifstream in(std::string(CWLOG_SOURCE_DIR) + "/examples/configs/multi-tenant.yaml");
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(original.empty());
  std::mt19937 rng(42);
  constexpr char junk[] = "{}[]:-#'\"&*!|>% \n\tax0~";
  std::size_t rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text = original;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(pos, 1 + rng() % 8);
          break;
        case 1:
          text.insert(pos, 1, junk[rng() % (sizeof junk - 1)]);
          break;
        default:
          text[pos] = junk[rng() % (sizeof junk - 1)];
          break;
      }
    }
    try {
      (void)parse_config(text, "mangled.yaml");
    } catch (const config_error& e) {
      ++rejected;
      ASSERT_FALSE(e.diagnostics().empty());
      for (const auto& d : e.diagnostics()) ASSERT_FALSE(d.message.empty());
    } catch (const std::exception& e) {
      FAIL() << "unexpected exception " << e.what() << " for:\n" << text;
    }
  }
  EXPECT_GT(rejected, 500u);  // the damage is real
}

TEST(Config, TheExampleInTheDocsLoads) {
  std::ifstream in(std::string(CWLOG_SOURCE_DIR) + "/docs/config.md");
  ASSERT_TRUE(in) << "docs/config.md missing";
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto section = doc.find("## Complete example");
  ASSERT_NE(section, std::string::npos);
  const auto start = doc.find("```yaml\n", section);
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + 8);
  const auto o = parse_config(doc.substr(start + 8, end - start - 8), "docs/config.md");
  EXPECT_EQ(o.destinations.size(), 4u);
  EXPECT_EQ(o.routes.size(), 4u);
}

}  // namespace
}  // namespace cwlog

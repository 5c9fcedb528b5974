// cwlog::metrics through the real shipper into a real cwlog local (in
// process, loopback, ephemeral port), read back from the metrics cwlog local
// extracted (GET /_cwlog/api/metrics, behind the console token) and from the
// stored events: each metric kind field by field, one document per interval
// with the exact sum, tenants never mixed, EMF batches apart from log records
// (only they carry x-amzn-logs-format), malformed EMF stored as a plain event
// and counted, the partial interval sent by flush() and by shutdown().
#include <gtest/gtest.h>
#include <httplib.h>

#include <strings.h>
#include <atomic>
#include <chrono>
#include <thread>

#include <cwlog/config.h>
#include <cwlog/error.h>
#include <cwlog/metrics.h>
#include <cwlog/shipper.h>

#include "http/curl_transport.h"
#include "ship/shipper_factory.h"
#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

options metrics_options(const std::string& endpoint) {
  options o;
  o.aws.endpoint = endpoint;
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;
  o.aws.access_key_id = detail::local_default_access_key_id;
  o.aws.secret_access_key = detail::local_default_secret_access_key;
  destination_options logs;
  logs.name = "logs";
  logs.group = "app";
  logs.stream = "s";
  destination_options m;
  m.name = "metrics";
  m.group = "metrics-{tenant}";
  m.stream = "{logger}";  // the namespace, encoded as every template value ("Shop" -> "_53hop")
  o.destinations = {logs, m};
  o.default_destination = "logs";
  o.metrics.destination = "metrics";
  o.shipping.flush_interval = 100ms;
  return o;
}

struct metrics_fixture {
  local_fixture local = local_fixture::on_system_clock();
  options opts = metrics_options(local.endpoint());
  std::shared_ptr<shipper> ship = std::make_shared<shipper>(opts);

  // Health reports (to group cwlog-health, stream s) and no application metrics.
  void health_reports_only() {
    destination_options health;
    health.name = "health";
    health.group = "cwlog-health";
    health.stream = "s";
    opts.destinations.push_back(health);
    opts.metrics.destination.clear();
    opts.metrics.health_destination = "health";
  }
  json api(const std::string& query) {
    httplib::Client c("127.0.0.1", local.port());
    auto res =
        c.Get("/_cwlog/api/metrics?" + query, {{"Authorization", "Bearer " + local.server->console_token()}});
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body);
  }
  std::vector<std::string> messages(const std::string& group, const std::string& stream) {
    auto r = local.call("GetLogEvents",
                        {{"logGroupName", group}, {"logStreamName", stream}, {"startFromHead", true}});
    std::vector<std::string> out;
    for (const auto& e : r.body["events"]) out.push_back(e["message"].get<std::string>());
    return out;
  }
};

json only(const json& reply) {
  EXPECT_EQ(reply["datapoints"].size(), 1u) << reply.dump();
  return reply["datapoints"].empty() ? json::object() : reply["datapoints"][0];
}

TEST(MetricsLocal, EachKindReadBackFieldByField) {
  metrics_fixture f;
  metrics m(f.ship, f.opts);
  auto g = m.group({.namespace_name = "Shop", .dimensions = {{"Service", "api"}}, .tenant = "acme"});
  auto requests = g.counter("Requests");
  auto queue = g.gauge("QueueDepth", metric_unit::count, storage_resolution::high);
  auto latency = g.distribution("Latency", metric_unit::milliseconds);
  auto sizes = g.distribution("Size", metric_unit::bytes);
  for (int i = 0; i < 1'000'000; ++i) requests.add();
  queue.set(3);
  queue.set(9);
  latency.record(12.5);
  latency.record(7);
  for (int i = 0; i < 150; ++i) sizes.record(i % 3);
  ASSERT_TRUE(f.ship->flush(10s).complete);

  // One document for the interval, stored in the tenant's group, in the
  // namespace's stream.
  const auto docs = f.messages("metrics-acme", "_53hop");
  ASSERT_EQ(docs.size(), 1u);
  const json doc = json::parse(docs[0]);
  EXPECT_EQ(doc["Requests"].get<double>(), 1'000'000.0);

  const json r = only(f.api("namespace=Shop&name=Requests"));
  EXPECT_EQ(r["logGroupName"], "metrics-acme");
  EXPECT_EQ(r["logStreamName"], "_53hop");
  EXPECT_EQ(r["namespace"], "Shop");
  EXPECT_EQ(r["unit"], "Count");
  EXPECT_EQ(r["storageResolution"], 60);
  EXPECT_EQ(r["dimensions"], json({{"Service", "api"}, {"Tenant", "acme"}}));
  EXPECT_EQ(r["dimensionSet"], json({"Service", "Tenant"}));
  EXPECT_EQ(r["values"], json({1'000'000.0}));
  EXPECT_EQ(r["timestamp"], doc["_aws"]["Timestamp"]);

  const json q = only(f.api("name=QueueDepth"));
  EXPECT_EQ(q["values"], json({9.0}));
  EXPECT_EQ(q["storageResolution"], 1);
  const json l = only(f.api("name=Latency"));
  EXPECT_EQ(l["values"], json({12.5, 7.0}));
  EXPECT_EQ(l["unit"], "Milliseconds");
  EXPECT_FALSE(l.contains("counts"));
  const json s = only(f.api("name=Size"));
  EXPECT_EQ(s["values"], json({0.0, 1.0, 2.0}));
  EXPECT_EQ(s["counts"], json({50.0, 50.0, 50.0}));
  EXPECT_EQ(s["statistics"], json({{"Min", 0}, {"Max", 2}, {"Count", 150}, {"Sum", 150}}));
  EXPECT_EQ(f.api("")["emfMalformed"], 0);
  EXPECT_EQ(m.stats().documents, 1u);
}

TEST(MetricsLocal, TenantsNeverMix) {
  metrics_fixture f;
  metrics m(f.ship, f.opts);
  const std::vector<std::string> tenants = {"acme", "Acme", "globex"};
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    auto c = m.group({.namespace_name = "Shop", .tenant = tenants[i]}).counter("Orders");
    c.add(static_cast<double>(i + 1));
  }
  ASSERT_TRUE(f.ship->flush(10s).complete);
  for (const auto& [group, tenant_value, value] : {std::tuple{"metrics-acme", "acme", 1.0},
                                                   {"metrics-_41cme", "_41cme", 2.0},
                                                   {"metrics-globex", "globex", 3.0}}) {
    const json p = only(f.api(std::string("name=Orders&group=") + group));
    EXPECT_EQ(p["dimensions"], json({{"Tenant", tenant_value}})) << group;
    EXPECT_EQ(p["values"], json({value})) << group;
  }
}

TEST(MetricsLocal, EmfBatchesApartFromLogRecordsInTheSameStream) {
  metrics_fixture f;
  f.opts.destinations[1].group = "app";  // the metrics share the logs' group and stream
  f.opts.destinations[1].stream = "s";
  f.ship = std::make_shared<shipper>(f.opts);
  metrics m(f.ship, f.opts);
  auto c = m.group({.namespace_name = "Shop"}).counter("Hits");
  f.ship->log(level::info, logger_name{"api"}, "a plain record");
  c.add(2);
  f.ship->log(level::info, logger_name{"api"}, "another plain record");
  ASSERT_TRUE(f.ship->flush(10s).complete);
  EXPECT_EQ(f.messages("app", "s").size(), 3u);
  const json all = f.api("");
  EXPECT_EQ(all["emfEvents"], 1);  // the log records were not sent as EMF
  EXPECT_EQ(all["emfMalformed"], 0);
  EXPECT_EQ(only(all)["values"], json({2.0}));
}

TEST(MetricsLocal, MalformedEmfIsStoredAsAPlainEventAndCounted) {
  local_fixture local = local_fixture::on_system_clock();
  ASSERT_EQ(local.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  ASSERT_EQ(local.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  const auto now = ms(std::chrono::system_clock::now());
  const std::string ts = std::to_string(now);
  const std::vector<std::string> bad = {
      "not json",
      R"({"_aws":{"Timestamp":)" + ts +
          R"(,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[],"Metrics":[{"Name":"M"}]}]}})",
      R"({"_aws":{"Timestamp":)" + ts +
          R"(,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["D"]],"Metrics":[{"Name":"M"}]}]},"D":5,"M":1})",
      R"({"_aws":{"Timestamp":)" + ts +
          R"(,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[],"Metrics":[{"Name":"M","Unit":"Hours"}]}]},"M":1})",
      R"({"_aws":{"Timestamp":)" + ts +
          R"(,"CloudWatchMetrics":[{"Namespace":"AWS/N","Dimensions":[],"Metrics":[{"Name":"M"}]}]},"M":1})",
  };
  const std::string good =
      R"({"_aws":{"Timestamp":)" + ts +
      R"(,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["D"]],"Metrics":[{"Name":"M"}]}]},"D":"x","M":[1,2]})";
  json events = json::array();
  for (const auto& b : bad) events.push_back({{"timestamp", now}, {"message", b}});
  events.push_back({{"timestamp", now}, {"message", good}});
  detail::http_request req;
  req.url = local.endpoint() + "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "Logs_20140328.PutLogEvents"},
                 {"x-amzn-logs-format", "json/emf"}};
  req.body = json{{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", events}}.dump();
  detail::sigv4::sign(req, detail::credentials{"AKIDLOCAL", "cwlog-local-secret", "", std::nullopt},
                      "us-east-1", "logs", std::chrono::system_clock::now());
  ASSERT_EQ(local.client->send(req).status, 200);

  // Every event is stored, the malformed ones as plain events.
  auto stored =
      local.call("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"startFromHead", true}});
  EXPECT_EQ(stored.body["events"].size(), bad.size() + 1);
  httplib::Client c("127.0.0.1", local.port());
  auto denied = c.Get("/_cwlog/api/metrics");  // the console token guards it
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  auto res = c.Get("/_cwlog/api/metrics", {{"Authorization", "Bearer " + local.server->console_token()}});
  ASSERT_TRUE(res);
  const json reply = json::parse(res->body);
  EXPECT_EQ(reply["emfEvents"], bad.size() + 1);
  EXPECT_EQ(reply["emfMalformed"], bad.size());
  ASSERT_EQ(reply["datapoints"].size(), 1u);
  EXPECT_EQ(reply["datapoints"][0]["values"], json({1.0, 2.0}));
  EXPECT_EQ(reply["datapoints"][0]["dimensions"], json({{"D", "x"}}));
}

TEST(MetricsLocal, ShutdownSendsThePartialInterval) {
  metrics_fixture f;
  metrics m(f.ship, f.opts);
  m.group({.namespace_name = "Shop", .tenant = "acme"}).counter("Late").add(5);
  const auto res = f.ship->shutdown(10s);
  EXPECT_TRUE(res.complete);
  EXPECT_EQ(only(f.api("name=Late"))["values"], json({5.0}));
  // Values recorded after the shipper stopped are refused by it and counted.
  m.group({.namespace_name = "Shop", .tenant = "acme"}).counter("Late").add(1);
  m.emit();
  EXPECT_EQ(m.stats().documents_dropped, 1u);
}

TEST(MetricsLocal, HealthReportsAreCountedApart) {
  metrics_fixture f;
  f.health_reports_only();
  f.ship = std::make_shared<shipper>(f.opts);
  metrics m(f.ship, f.opts);
  EXPECT_THROW(m.group({.namespace_name = "Shop"}), error);  // no metrics.destination
  for (int i = 0; i < 5; ++i) f.ship->log(level::info, logger_name{"api"}, "record");
  ASSERT_TRUE(f.ship->flush(10s).complete);
  m.emit();  // a report now (the interval is 60 s)
  json delivered;
  const auto deadline = std::chrono::steady_clock::now() + 30s;  // a bound, not a verdict
  while (std::chrono::steady_clock::now() < deadline) {
    delivered = f.api("namespace=cwlog&name=Delivered&group=cwlog-health");
    if (!delivered["datapoints"].empty()) break;
    std::this_thread::sleep_for(20ms);
  }
  const json d = only(delivered);
  EXPECT_EQ(d["values"], json({5.0}));
  EXPECT_EQ(d["dimensions"], json({{"Service", "cwlog"}}));
  EXPECT_EQ(only(f.api("namespace=cwlog&name=Enqueued"))["values"], json({5.0}));
  EXPECT_EQ(only(f.api("namespace=cwlog&name=Dropped"))["values"], json({0.0}));
  EXPECT_EQ(only(f.api("namespace=cwlog&name=QueueBytes"))["unit"], "Bytes");
  // The report went through its own shipper: the application's counters
  // hold the five records only.
  const auto c = f.ship->counters();
  EXPECT_EQ(c.enqueued, 5u);
  EXPECT_EQ(c.delivered, 5u);
}

// libcurl, counting the EMF puts (the only requests with x-amzn-logs-format).
class emf_counting_transport final : public detail::http_transport {
 public:
  detail::http_result send(const detail::http_request& req) override {
    for (const auto& h : req.headers)
      if (strcasecmp(h.name.c_str(), "x-amzn-logs-format") == 0) ++emf_puts;
    return inner_->send(req);
  }
  std::atomic<int> emf_puts{0};

 private:
  std::shared_ptr<detail::http_transport> inner_ = detail::make_curl_transport();
};

// The reports' shipper is made over the application shipper's dependencies:
// a transport (or clock, or credentials) injected there carries the reports too.
TEST(MetricsLocal, HealthReportsUseTheApplicationShippersInjectedTransport) {
  metrics_fixture f;
  f.health_reports_only();
  auto transport = std::make_shared<emf_counting_transport>();
  detail::shipper_dependencies deps;
  deps.transport = transport;
  f.ship = detail::make_shipper(f.opts, deps);
  {
    metrics m(f.ship, f.opts);
    f.ship->log(level::info, logger_name{"api"}, "record");
    ASSERT_TRUE(f.ship->flush(10s).complete);
    m.emit();
  }  // the reporter's shutdown sends what it holds
  EXPECT_GE(transport->emf_puts.load(), 1);
  // Two reports: emit()'s, and the last one at the reporter's end (nothing new).
  double delivered = 0;
  const auto deadline = std::chrono::steady_clock::now() + 30s;  // a bound, not a verdict
  while (delivered == 0 && std::chrono::steady_clock::now() < deadline) {
    const json reply = f.api("namespace=cwlog&name=Delivered&group=cwlog-health");
    for (const auto& d : reply["datapoints"])
      for (const auto& v : d["values"]) delivered += v.get<double>();
    if (delivered == 0) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(delivered, 1.0);
}

TEST(MetricsLocal, ConfigSectionAndItsChecks) {
  const auto opts = parse_config(R"(
destinations:
  - name: m
    group: "metrics-{tenant}"
metrics:
  destination: m
  interval: 10s
  max_dimension_sets: 50
  health_destination: m
  health_interval: 30s
  health_namespace: "cwlog/health"
)",
                                 "inline");
  EXPECT_EQ(opts.metrics.destination, "m");
  EXPECT_EQ(opts.metrics.interval, 10s);
  EXPECT_EQ(opts.metrics.max_dimension_sets, 50u);
  EXPECT_EQ(opts.metrics.health_destination, "m");
  EXPECT_EQ(opts.metrics.health_interval, 30s);
  EXPECT_EQ(opts.metrics.health_namespace, "cwlog/health");
  for (const char* bad : {"destination: nope", "interval: 500ms", "max_dimension_sets: 0",
                          "health_namespace: \"AWS/x\"", "unknown_key: 1"}) {
    const std::string yaml =
        "destinations:\n  - name: m\n    group: g\nmetrics:\n  " + std::string(bad) + "\n";
    EXPECT_THROW(parse_config(yaml, "inline"), config_error) << bad;
  }
}

}  // namespace
}  // namespace cwlog::test

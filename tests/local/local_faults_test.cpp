// Fault injection, the admin endpoint, the audit log, --db restarts and --discard.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include <cwlog/error.h>

#include "support/local_fixture.h"
#include "support/temp_dir.h"

namespace cwlog::test {
namespace {

using nlohmann::json;

json one_event(std::int64_t ts, const std::string& m) {
  return json::array({{{"timestamp", ts}, {"message", m}}});
}

struct fault_fixture : local_fixture {
  explicit fault_fixture(detail::local_server_options o = {}) : local_fixture(std::move(o)) {
    EXPECT_EQ(call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
    EXPECT_EQ(call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  }
  api_reply put(const std::string& m) {
    return call(
        "PutLogEvents",
        {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", one_event(ms(fixed_test_time()), m)}});
  }
  std::size_t stored() {
    auto r = call("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"startFromHead", true}});
    return r.body["events"].size();
  }
};

TEST(LocalFaults, SpecParsing) {
  auto r = detail::parse_fault_spec("throttle:rate=0.25,op=PutLogEvents");
  EXPECT_EQ(r.kind, detail::fault_kind::throttle);
  EXPECT_DOUBLE_EQ(r.rate, 0.25);
  EXPECT_EQ(r.operation, "PutLogEvents");
  EXPECT_FALSE(r.next);
  r = detail::parse_fault_spec("reset-after-commit:next=1");
  EXPECT_EQ(r.kind, detail::fault_kind::reset_after_commit);
  EXPECT_EQ(r.next, 1);
  EXPECT_EQ(detail::parse_fault_spec("latency:ms=200").latency.count(), 200);
  EXPECT_THROW(detail::parse_fault_spec("explode"), cwlog::error);
  EXPECT_THROW(detail::parse_fault_spec("throttle:rate=2"), cwlog::error);
  EXPECT_THROW(detail::parse_fault_spec("throttle:next=x"), cwlog::error);
  EXPECT_THROW(detail::parse_fault_spec("latency"), cwlog::error);
}

TEST(LocalFaults, RateIsAProbabilityPerRequest) {
  detail::fault_injector faults(42);  // fixed seed: deterministic
  faults.add("throttle:rate=0.3");
  faults.add("latency:ms=5,rate=1,op=GetLogEvents");
  int throttled = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto d = faults.decide("PutLogEvents");
    throttled += d.failure == detail::fault_kind::throttle ? 1 : 0;
    EXPECT_EQ(d.latency.count(), 0);
  }
  EXPECT_GT(throttled, 200);
  EXPECT_LT(throttled, 400);
  EXPECT_EQ(faults.decide("GetLogEvents").latency.count(), 5);
}

TEST(LocalFaults, SeededServersThrottleTheSameRequests) {
  auto pattern = [] {
    detail::local_server_options o;
    o.fault_seed = 7;
    fault_fixture f(o);
    f.server->faults().add("throttle:rate=0.5,op=PutLogEvents");
    std::string seen;
    for (int i = 0; i < 20; ++i) seen += f.put("x").status == 200 ? '.' : 'T';
    return seen;
  };
  const auto first = pattern();
  EXPECT_EQ(first, pattern());
  EXPECT_NE(first.find('T'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST(LocalFaults, ThrottleForTheNextN) {
  fault_fixture f;
  f.server->faults().add("throttle:next=2");
  auto r = f.put("a");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "ThrottlingException");
  EXPECT_EQ(f.put("b").type, "ThrottlingException");
  EXPECT_EQ(f.put("c").status, 200);
  EXPECT_EQ(f.stored(), 1u);
  EXPECT_TRUE(f.server->faults().rules().empty());
}

TEST(LocalFaults, RateZeroAndOneAndOperationFilter) {
  fault_fixture f;
  f.server->faults().add("unavailable:rate=0");
  EXPECT_EQ(f.put("a").status, 200);
  f.server->faults().clear();
  f.server->faults().add("unavailable:op=PutLogEvents");
  auto r = f.put("b");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.type, "ServiceUnavailableException");
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).status, 200);  // other operations unaffected
  f.server->faults().clear();
  f.server->faults().add("error500:next=1");
  EXPECT_EQ(f.put("c").status, 500);
  EXPECT_EQ(f.put("d").status, 200);
}

TEST(LocalFaults, AddedLatency) {
  fault_fixture f;
  f.server->faults().add("latency:ms=150,next=1");
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(f.put("slow").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(150));
  EXPECT_EQ(f.server->stats().faults_injected, 1u);
}

TEST(LocalFaults, ResetBeforeTheRequestIsProcessed) {
  fault_fixture f;
  f.server->faults().add("reset-before:next=1");
  auto r = f.put("lost");
  EXPECT_FALSE(r.transport_ok);
  EXPECT_EQ(f.stored(), 0u);  // nothing happened
  EXPECT_EQ(f.put("kept").status, 200);
  EXPECT_EQ(f.stored(), 1u);
}

TEST(LocalFaults, ResetBeforeALargeBodyIsRead) {
  fault_fixture f;
  f.server->faults().add("reset-before:next=1,op=PutLogEvents");
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).status, 200);  // other operations unaffected
  auto r = f.put(std::string(1'000'000, 'x'));  // the server closes without reading this body
  EXPECT_FALSE(r.transport_ok);
  EXPECT_EQ(f.stored(), 0u);
  EXPECT_EQ(f.server->stats().faults_injected, 1u);
}

TEST(LocalFaults, ResetAfterCommitLeavesAnAmbiguousSuccess) {
  fault_fixture f;
  f.server->faults().add("reset-after-commit:next=1,op=PutLogEvents");
  auto r = f.put("committed");
  EXPECT_FALSE(r.transport_ok);
  EXPECT_EQ(f.stored(), 1u);  // the events were stored although the client saw no response
}

TEST(LocalFaults, AdminEndpointAndStats) {
  detail::local_server_options o;
  o.admin = true;
  fault_fixture f(o);
  httplib::Client admin("127.0.0.1", f.server->port());
  // The admin endpoints answer 401 without the console's access token.
  auto res = admin.Get("/_cwlog/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  admin.set_bearer_token_auth(f.server->console_token());
  res = admin.Post("/_cwlog/faults", R"({"add": ["throttle:next=1"]})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["rules"][0]["kind"], "throttle");
  EXPECT_EQ(f.put("a").type, "ThrottlingException");
  EXPECT_EQ(f.put("b").status, 200);
  res = admin.Post("/_cwlog/faults", R"({"add": ["bogus"]})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = admin.Get("/_cwlog/stats");
  ASSERT_TRUE(res);
  const auto stats = json::parse(res->body);
  EXPECT_EQ(stats["eventsStored"], 1);
  EXPECT_EQ(stats["faultsInjected"], 1);
  EXPECT_GE(stats["requests"].get<int>(), 4);
}

TEST(LocalFaults, AdminEndpointIsOffByDefault) {
  fault_fixture f;
  httplib::Client admin("127.0.0.1", f.server->port());
  admin.set_bearer_token_auth(f.server->console_token());
  auto res = admin.Get("/_cwlog/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST(LocalAudit, OneLinePerRequest) {
  detail::local_server_options o;
  temp_dir dir;
  o.audit_path = (dir.path() / "audit.jsonl").string();
  {
    fault_fixture f(o);
    EXPECT_EQ(f.put("x").status, 200);
    local_client stranger(f.server->port(), f.clock, "AKIDSTRANGER", "s");
    EXPECT_EQ(stranger.call("DescribeLogGroups", json::object()).type, "UnrecognizedClientException");
  }
  std::ifstream in(o.audit_path);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["operation"], "CreateLogGroup");
  EXPECT_EQ(lines[0]["resourceArn"], "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:");
  EXPECT_EQ(lines[2]["operation"], "PutLogEvents");
  EXPECT_EQ(lines[2]["resourceArn"], "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s");
  EXPECT_EQ(lines[2]["accessKeyId"], "AKIDLOCAL");
  EXPECT_EQ(lines[2]["status"], 200);
  EXPECT_EQ(lines[2]["outcome"], "ok");
  EXPECT_FALSE(lines[2]["requestId"].get<std::string>().empty());
  EXPECT_EQ(lines[3]["accessKeyId"], "AKIDSTRANGER");
  EXPECT_EQ(lines[3]["outcome"], "UnrecognizedClientException");
  EXPECT_EQ(lines[3]["status"], 400);
  for (const auto& l : lines) EXPECT_EQ(l.dump().find("cwlog-local-secret"), std::string::npos);
}

TEST(LocalStore, RestartWithDbKeepsState) {
  detail::local_server_options o;
  temp_dir dir;
  o.db_path = (dir.path() / "state.db").string();
  {
    fault_fixture f(o);
    ASSERT_EQ(f.put("survives").status, 200);
    ASSERT_EQ(f.call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 30}}).status, 200);
  }
  local_fixture again(o);
  auto r =
      again.call("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"startFromHead", true}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["events"].size(), 1u);
  EXPECT_EQ(r.body["events"][0]["message"], "survives");
  auto g = again.call("DescribeLogGroups", json::object());
  EXPECT_EQ(g.body["logGroups"][0]["retentionInDays"], 30);
  EXPECT_EQ(g.body["logGroups"][0]["storedBytes"], 8);
  again.server.reset();  // closes the database
}

TEST(LocalStore, DiscardValidatesButStoresNothing) {
  detail::local_server_options o;
  o.discard = true;
  fault_fixture f(o);
  EXPECT_EQ(f.put("dropped").status, 200);
  EXPECT_EQ(f.stored(), 0u);
  const auto now = ms(fixed_test_time());
  auto r = f.call(
      "PutLogEvents",
      {{"logGroupName", "g"},
       {"logStreamName", "s"},
       {"logEvents", {{{"timestamp", now}, {"message", "b"}}, {{"timestamp", now - 1}, {"message", "a"}}}}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(f.server->stats().events_accepted, 1u);
  EXPECT_EQ(f.server->stats().events_stored, 0u);
}

TEST(LocalServer, RefusesNonLoopbackHost) {
  detail::local_server_options o;
  o.host = "0.0.0.0";
  o.memory = true;
  detail::local_server s(o);
  EXPECT_THROW(s.start(), cwlog::error);
}

}  // namespace
}  // namespace cwlog::test

// The web console's HTTP side: the access token and origin gate (also over the
// /_cwlog admin endpoints), and the JSON data endpoints against an in-process
// cwlog local filled through the API, with the manual clock.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "local/console_api.h"
#include "local/request_ring.h"
#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

struct console_fixture : local_fixture {
  std::int64_t now = ms(fixed_test_time());
  explicit console_fixture(detail::local_server_options o = {}) : local_fixture(std::move(o)) {}

  void group(const std::string& name, json extra = json::object()) {
    extra["logGroupName"] = name;
    ASSERT_EQ(call("CreateLogGroup", extra).status, 200);
  }
  void stream(const std::string& g, const std::string& s) {
    ASSERT_EQ(call("CreateLogStream", {{"logGroupName", g}, {"logStreamName", s}}).status, 200);
  }
  void put(const std::string& g, const std::string& s,
           const std::vector<std::pair<std::int64_t, std::string>>& evs) {
    json events = json::array();
    for (const auto& [ts, m] : evs) events.push_back({{"timestamp", ts}, {"message", m}});
    auto r = call("PutLogEvents", {{"logGroupName", g}, {"logStreamName", s}, {"logEvents", events}});
    ASSERT_EQ(r.status, 200) << r.raw;
  }
  httplib::Result raw_get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client c("127.0.0.1", server->port());
    return c.Get(path, headers);
  }
  // A data endpoint with the token; the JSON body.
  json get(const std::string& path, int expected_status = 200) {
    auto res = raw_get(path, {{"Authorization", "Bearer " + server->console_token()}});
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
};

std::string q(const std::string& s) {
  return httplib::detail::encode_query_param(s);
}

TEST(LocalConsole, EverythingButTheApiNeedsTheToken) {
  detail::local_server_options o;
  o.admin = true;
  o.allow_non_loopback = true;  // the token is required whatever the bind rules
  console_fixture f(o);
  for (const char* path :
       {"/", "/console/console.js", "/_cwlog/api/groups", "/_cwlog/stats", "/_cwlog/faults"}) {
    auto res = f.raw_get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 401) << path;
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"cwlog local console\"");
    res = f.raw_get(path, {{"Authorization", "Bearer " + std::string(32, '0')}});
    EXPECT_EQ(res->status, 401) << path;
    res = f.raw_get(std::string(path) + "?token=" + f.server->console_token());
    EXPECT_EQ(res->status, std::string(path) == "/" ? 303 : 200) << path;
  }
  // The API itself stays SigV4's business.
  EXPECT_EQ(f.call("DescribeLogGroups", json::object()).status, 200);
  EXPECT_EQ(f.server->console_url(), f.server->endpoint() + "/?token=" + f.server->console_token());
  EXPECT_EQ(f.server->console_token().size(), 32u);
}

TEST(LocalConsole, TheTokenBecomesAPerPortCookie) {
  detail::local_server_options o;
  o.console_token = "fixed-token-for-this-test";
  console_fixture f(o);
  auto res = f.raw_get("/?token=fixed-token-for-this-test");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/");
  const std::string cookie =
      "cwlog_console_" + std::to_string(f.server->port()) + "=fixed-token-for-this-test";
  EXPECT_EQ(res->get_header_value("Set-Cookie"), cookie + "; Path=/; HttpOnly; SameSite=Strict");
  res = f.raw_get("/", {{"Cookie", "other=1; " + cookie}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<script src=\"/console/console.js\" defer></script>"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const auto csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Connection"), "close");  // a polling page holds no worker
  res = f.raw_get("/", {{"Cookie", "cwlog_console_1=fixed-token-for-this-test"}});  // another port's cookie
  EXPECT_EQ(res->status, 401);
}

TEST(LocalConsole, CrossOriginRequestsAreRefused) {
  console_fixture f;
  const std::string bearer = "Bearer " + f.server->console_token();
  const std::string self = "http://127.0.0.1:" + std::to_string(f.server->port());
  EXPECT_EQ(
      f.raw_get("/_cwlog/api/groups", {{"Authorization", bearer}, {"Origin", "http://evil.example"}})->status,
      403);
  EXPECT_EQ(f.raw_get("/_cwlog/api/groups", {{"Authorization", bearer}, {"Origin", self}})->status, 200);
  EXPECT_EQ(
      f.raw_get("/_cwlog/api/groups", {{"Authorization", bearer}, {"Sec-Fetch-Site", "cross-site"}})->status,
      403);
  EXPECT_EQ(
      f.raw_get("/_cwlog/api/groups", {{"Authorization", bearer}, {"Sec-Fetch-Site", "same-origin"}})->status,
      200);
  // A link from elsewhere may open the page itself (the token still decides).
  EXPECT_EQ(
      f.raw_get("/",
                {{"Authorization", bearer}, {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Mode", "navigate"}})
          ->status,
      200);
}

TEST(LocalConsole, GroupsWithCountsTagsAndSearch) {
  console_fixture f;
  f.group("app-customer-acme",
          {{"tags", {{"team", "a"}}},
           {"kmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}});
  f.group("app-customer-globex");
  f.group("other");
  f.stream("app-customer-acme", "s1");
  f.stream("app-customer-acme", "s2");
  f.put("app-customer-acme", "s1", {{f.now - 10, "a"}, {f.now - 9, "bb"}});
  f.clock->advance(5s);
  f.put("app-customer-acme", "s2", {{f.now - 8, "ccc"}});

  auto all = f.get("/_cwlog/api/groups");
  EXPECT_EQ(all["total"], 3);
  ASSERT_EQ(all["logGroups"].size(), 3u);
  const auto& acme = all["logGroups"][0];
  EXPECT_EQ(acme["logGroupName"], "app-customer-acme");
  EXPECT_EQ(acme["eventCount"], 3);
  EXPECT_EQ(acme["storedBytes"], 6);
  EXPECT_EQ(acme["lastIngestionTime"], f.now + 5000);
  EXPECT_EQ(acme["tags"], json({{"team", "a"}}));
  EXPECT_EQ(acme["kmsKeyId"], "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  EXPECT_TRUE(acme["retentionInDays"].is_null());
  EXPECT_TRUE(all["logGroups"][1]["lastIngestionTime"].is_null());

  auto page = f.get("/_cwlog/api/groups?search=CUSTOMER&limit=1&offset=1");
  EXPECT_EQ(page["total"], 2);
  ASSERT_EQ(page["logGroups"].size(), 1u);
  EXPECT_EQ(page["logGroups"][0]["logGroupName"], "app-customer-globex");

  auto streams = f.get("/_cwlog/api/streams?group=app-customer-acme");
  ASSERT_EQ(streams["logStreams"].size(), 2u);
  EXPECT_EQ(streams["logStreams"][0]["logStreamName"], "s2");  // latest event first
  EXPECT_EQ(streams["logStreams"][0]["eventCount"], 1);
  EXPECT_EQ(streams["logStreams"][1]["eventCount"], 2);

  // Deleting a stream takes its events out of the group's count.
  ASSERT_EQ(
      f.call("DeleteLogStream", {{"logGroupName", "app-customer-acme"}, {"logStreamName", "s1"}}).status,
      200);
  EXPECT_EQ(f.get("/_cwlog/api/group?group=app-customer-acme")["eventCount"], 1);
  f.get("/_cwlog/api/group?group=nope", 404);
}

TEST(LocalConsole, EventsMergeStreamsFilterAndPage) {
  console_fixture f;
  f.group("g");
  for (const char* s : {"a", "b", "c"}) f.stream("g", s);
  // Interleaved timestamps across three streams; every 4th event matches.
  for (int round = 0; round < 3; ++round) {
    std::vector<std::pair<std::int64_t, std::string>> evs[3];
    for (int i = 0; i < 30; ++i) {
      const int n = round * 30 + i;
      evs[n % 3].push_back({f.now - 1000 + n, (n % 4 == 0 ? "hit " : "miss ") + std::to_string(n)});
    }
    f.put("g", "a", evs[0]);
    f.put("g", "b", evs[1]);
    f.put("g", "c", evs[2]);
  }
  auto all = f.get("/_cwlog/api/events?group=g&limit=1000");
  ASSERT_EQ(all["events"].size(), 90u);
  EXPECT_TRUE(all["searchedCompletely"]);
  for (std::size_t i = 0; i < 90; ++i)
    EXPECT_EQ(all["events"][i]["timestamp"], f.now - 1000 + static_cast<int>(i));
  EXPECT_EQ(all["events"][4]["logStreamName"], "b");

  // The FilterLogEvents pattern engine, paged by nextToken.
  std::vector<std::string> seen;
  std::string token;
  for (int pages = 0; pages < 10; ++pages) {
    auto p = f.get("/_cwlog/api/events?group=g&limit=7&filter=hit" +
                   (token.empty() ? "" : "&nextToken=" + q(token)));
    for (const auto& e : p["events"]) seen.push_back(e["message"]);
    if (!p.contains("nextToken")) break;
    token = p["nextToken"];
  }
  ASSERT_EQ(seen.size(), 23u);
  EXPECT_EQ(seen.front(), "hit 0");
  EXPECT_EQ(seen.back(), "hit 88");

  auto ranged = f.get("/_cwlog/api/events?group=g&filter=" + q("?hit ?miss") + "&stream=b&start=" +
                      std::to_string(f.now - 1000 + 10) + "&end=" + std::to_string(f.now - 1000 + 20));
  ASSERT_EQ(ranged["events"].size(), 4u);  // stream b holds n % 3 == 1: 10, 13, 16 and 19 of 10..19
  EXPECT_EQ(ranged["events"][0]["message"], "miss 10");
  const auto bad = f.get("/_cwlog/api/events?group=g&filter=" + q("{ $.x = "), 400);
  EXPECT_TRUE(bad["error"].get<std::string>().starts_with("Invalid filter pattern")) << bad;
  f.get("/_cwlog/api/events?group=g&stream=nope", 404);
}

TEST(LocalConsole, TailReturnsOnlyWhatArrivesAfterTheCursor) {
  console_fixture f;
  f.group("g");
  f.group("other");
  f.stream("g", "s1");
  f.stream("g", "s2");
  f.stream("other", "s");
  f.put("g", "s1", {{f.now, "before the page opened"}});
  auto start = f.get("/_cwlog/api/tail?group=g");
  EXPECT_TRUE(start["events"].empty());
  EXPECT_LE(start["pollIntervalMs"].get<int>(), 2000);
  const auto cursor = start["cursor"].get<std::int64_t>();

  f.put("g", "s2", {{f.now - 5000, "old timestamp, new arrival"}});
  f.put("other", "s", {{f.now, "another group"}});
  f.put("g", "s1", {{f.now, "ERROR one"}, {f.now + 1, "info two"}});
  auto next = f.get("/_cwlog/api/tail?group=g&cursor=" + std::to_string(cursor));
  ASSERT_EQ(next["events"].size(), 3u);
  EXPECT_EQ(next["events"][0]["message"], "old timestamp, new arrival");  // ingestion order
  EXPECT_EQ(next["events"][0]["logStreamName"], "s2");
  EXPECT_EQ(next["events"][2]["message"], "info two");
  const auto after = next["cursor"].get<std::int64_t>();
  EXPECT_TRUE(f.get("/_cwlog/api/tail?group=g&cursor=" + std::to_string(after))["events"].empty());

  auto filtered = f.get("/_cwlog/api/tail?group=g&filter=ERROR&cursor=" + std::to_string(cursor));
  ASSERT_EQ(filtered["events"].size(), 1u);
  EXPECT_EQ(filtered["events"][0]["message"], "ERROR one");
  auto one_stream = f.get("/_cwlog/api/tail?group=g&stream=s2&cursor=" + std::to_string(cursor));
  ASSERT_EQ(one_stream["events"].size(), 1u);
  // Paged by limit: the cursor resumes inside a batch.
  auto first = f.get("/_cwlog/api/tail?group=g&limit=2&cursor=" + std::to_string(cursor));
  ASSERT_EQ(first["events"].size(), 2u);
  auto rest = f.get("/_cwlog/api/tail?group=g&cursor=" + std::to_string(first["cursor"].get<std::int64_t>()));
  ASSERT_EQ(rest["events"].size(), 1u);
  EXPECT_EQ(rest["events"][0]["message"], "info two");
}

TEST(LocalConsole, VolumePerMinuteAndPerTemplate) {
  detail::local_server_options o;
  o.console_templates = {{"tenant", "app-customer-{tenant}"}, {"errors", "app-errors"}};
  console_fixture f(o);
  for (const char* g : {"app-customer-acme", "app-customer-globex", "app-errors", "app-customer-"}) {
    f.group(g);
    f.stream(g, "s");
  }
  f.clock->set(fixed_test_time() - 90min);  // outside the chart's hour
  f.put("app-customer-acme", "s", {{ms(f.clock->now()), "old"}});
  f.clock->set(fixed_test_time() - 30min);
  f.put("app-customer-acme", "s", {{ms(f.clock->now()), "x"}, {ms(f.clock->now()), "y"}});
  f.clock->set(fixed_test_time());
  f.put("app-customer-acme", "s", {{f.now, "z"}});
  f.put("app-customer-globex", "s", {{f.now, "z"}});
  f.put("app-customer-globex", "s", {{f.now, "z"}});

  auto v = f.get("/_cwlog/api/volume?group=app-customer-acme");
  const auto& minutes = v["groups"][0]["events"];
  ASSERT_EQ(minutes.size(), 60u);
  EXPECT_EQ(v["start"], f.now - 59 * 60'000);
  EXPECT_EQ(minutes[59], 1);
  EXPECT_EQ(minutes[29], 2);
  int total = 0;
  for (const auto& n : minutes) total += n.get<int>();
  EXPECT_EQ(total, 3);

  auto t = f.get("/_cwlog/api/volume?template=tenant");
  EXPECT_EQ(t["matchingGroups"], 2);  // "app-customer-" has no tenant part
  ASSERT_EQ(t["groups"].size(), 2u);
  EXPECT_EQ(t["groups"][0]["logGroupName"], "app-customer-acme");  // the busiest first
  EXPECT_EQ(t["groups"][1]["logGroupName"], "app-customer-globex");
  f.get("/_cwlog/api/volume?template=nope", 404);
  EXPECT_EQ(f.get("/_cwlog/api/info")["templates"].size(), 2u);
}

TEST(LocalConsole, RecentRequestsShowOutcomesAndFaults) {
  console_fixture f;
  f.server->faults().add("throttle:next=1,op=CreateLogGroup");
  EXPECT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).type, "ThrottlingException");
  f.group("g");
  auto r = f.get("/_cwlog/api/requests");
  ASSERT_EQ(r["requests"].size(), 2u);
  EXPECT_EQ(r["requests"][0]["outcome"], "ok");  // newest first
  EXPECT_EQ(r["requests"][0]["fault"], "");
  EXPECT_EQ(r["requests"][1]["operation"], "CreateLogGroup");
  EXPECT_EQ(r["requests"][1]["status"], 400);
  EXPECT_EQ(r["requests"][1]["outcome"], "ThrottlingException");
  EXPECT_EQ(r["requests"][1]["fault"], "throttle");
  EXPECT_GE(r["requests"][1]["latencyMs"].get<double>(), 0.0);
  EXPECT_EQ(r["stats"]["faultsInjected"], 1);
}

TEST(RequestRing, KeepsTheNewestWithinItsCapacity) {
  detail::request_ring ring(3);
  for (int i = 0; i < 5; ++i) {
    detail::request_record r;
    r.operation = "op" + std::to_string(i);
    ring.add(std::move(r));
  }
  EXPECT_EQ(ring.total(), 5);
  const auto recent = ring.recent(10);
  ASSERT_EQ(recent.size(), 3u);
  EXPECT_EQ(recent[0].operation, "op4");
  EXPECT_EQ(recent[2].operation, "op2");
  EXPECT_EQ(recent[2].seq, 3);
  EXPECT_EQ(ring.recent(10, 4).size(), 1u);
  EXPECT_EQ(ring.recent(1).size(), 1u);
}

TEST(ConsoleTemplates, TokensMatchNonEmptyText) {
  using detail::matches_template;
  EXPECT_TRUE(matches_template("app-customer-{tenant}", "app-customer-acme"));
  EXPECT_FALSE(matches_template("app-customer-{tenant}", "app-customer-"));
  EXPECT_FALSE(matches_template("app-customer-{tenant}", "app-errors"));
  EXPECT_TRUE(matches_template("app-platform/{component}", "app-platform/api"));
  EXPECT_TRUE(matches_template("{component}/{date:%Y-%m}/x", "api/2026-01/x"));
  EXPECT_FALSE(matches_template("{component}/{date:%Y-%m}/x", "api/2026-01/y"));
  EXPECT_TRUE(matches_template("app-errors", "app-errors"));
  EXPECT_FALSE(matches_template("app-errors", "app-errors2"));
}

TEST(LocalConsole, FilesFromBeforeTheConsoleGainTheirCounts) {
  // The schema cwlog local wrote before the console: no event counters.
  const auto path = (std::filesystem::temp_directory_path() / "cwlog-console-upgrade.db").string();
  std::filesystem::remove(path);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* old_schema = R"sql(
CREATE TABLE log_groups(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, creation_time INTEGER NOT NULL,
  retention_days INTEGER, kms_key_id TEXT NOT NULL DEFAULT '', log_group_class TEXT NOT NULL,
  deletion_protection INTEGER NOT NULL DEFAULT 0, stored_bytes INTEGER NOT NULL DEFAULT 0);
CREATE TABLE tags(group_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(group_id, key));
CREATE TABLE log_streams(id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL,
  creation_time INTEGER NOT NULL, first_event INTEGER, last_event INTEGER, last_ingestion INTEGER,
  stored_bytes INTEGER NOT NULL DEFAULT 0, UNIQUE(group_id, name));
CREATE TABLE events(stream_id INTEGER NOT NULL, ts INTEGER NOT NULL, id INTEGER NOT NULL, ingestion INTEGER NOT NULL,
  message TEXT NOT NULL, PRIMARY KEY(stream_id, ts, id)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta VALUES('next_event_id', 3);
INSERT INTO log_groups(id, name, creation_time, log_group_class, stored_bytes) VALUES(1, 'g', 1, 'STANDARD', 2);
INSERT INTO log_streams(id, group_id, name, creation_time, last_ingestion, stored_bytes) VALUES(1, 1, 's', 1, 77, 2);
INSERT INTO events VALUES(1, 10, 1, 77, 'a'), (1, 11, 2, 77, 'b');
)sql";
    ASSERT_EQ(sqlite3_exec(db, old_schema, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  {
    detail::local_server_options o;
    o.db_path = path;
    console_fixture f(o);
    auto g = f.get("/_cwlog/api/group?group=g");
    EXPECT_EQ(g["eventCount"], 2);
    EXPECT_EQ(g["lastIngestionTime"], 77);
    f.put("g", "s", {{f.now, "c"}});
    EXPECT_EQ(f.get("/_cwlog/api/group?group=g")["eventCount"], 3);
    EXPECT_EQ(f.get("/_cwlog/api/events?group=g")["events"].size(), 3u);
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace cwlog::test

// The shipper against cwlog local over loopback HTTP (signed, JSON 1.1),
// reading back with GetLogEvents: exactly once and in order in normal
// operation; with throttling, 5xx, resets before and after commit, and a
// server restart (--db), nothing lost and every duplicate counted; overload
// loses only what the overflow policy drops, counted; shutdown flushes; a
// missing pre-made group; a deleted group recreated.
#include <gtest/gtest.h>
#include <signal.h>
#include <strings.h>
#include <unistd.h>

#include <cwlog/shipper.h>
#include <filesystem>
#include <map>
#include <thread>

#include <httplib.h>

#include "aws/credentials.h"
#include "http/curl_transport.h"
#include "local/local_server.h"
#include "local_deps.h"
#include "logs/logs_client.h"
#include "ship/shipper_factory.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;
using namespace cwlog::detail;

options make_options(const std::string& endpoint, std::string stream = "s") {
  options o;
  o.aws.endpoint = endpoint;
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;  // the same keys as local_credentials()
  o.aws.access_key_id = local_default_access_key_id;
  o.aws.secret_access_key = local_default_secret_access_key;
  o.aws.request_timeout = 2000ms;
  destination_options d;
  d.name = "main";
  d.group = "app";
  d.stream = std::move(stream);
  d.format = formatter_kind::plain;
  d.pattern = "{message}";
  o.destinations.push_back(d);
  o.default_destination = "main";
  o.shipping.flush_interval = 100ms;
  o.shipping.retry_budget_per_second = 1000;
  o.shipping.retry_budget_burst = 1000;
  o.shipping.max_attempts = 50;
  return o;
}

// A transport that reports every connection failure. libcurl silently resends
// a request once when a reused connection dies before any response byte
// ("Connection died, retrying a fresh connect"; no option disables it): the
// curl transport flags that response as `resent` and the engine counts it
// (curl_transport_resend_after_commit_is_counted below). The parameterised
// reset tests use this transport so that every reset reaches the engine as a
// failure and exercises its ambiguous-retry counting instead.
class httplib_transport final : public http_transport {
 public:
  http_result send(const http_request& req) override {
    const auto slash = req.url.find('/', req.url.find("//") + 2);
    httplib::Client cli(req.url.substr(0, slash));
    cli.set_read_timeout(5, 0);
    httplib::Headers headers;
    std::string content_type;
    for (const auto& h : req.headers) {
      if (strcasecmp(h.name.c_str(), "Content-Type") == 0)
        content_type = h.value;
      else
        headers.emplace(h.name, h.value);
    }
    auto res = cli.Post(slash == std::string::npos ? "/" : req.url.substr(slash), headers, whole_body(req),
                        content_type);
    if (!res) {
      transport_error e;
      e.code = res.error() == httplib::Error::Connection ? transport_errc::connect
                                                         : transport_errc::connection_reset;
      e.message = httplib::to_string(res.error());
      return std::unexpected(e);
    }
    http_response out;
    out.status = res->status;
    out.body = res->body;
    for (const auto& [k, v] : res->headers) out.headers.push_back({k, v});
    return out;
  }
};

// Retries capped at 100 ms.
shipper_dependencies deps(std::vector<std::string>* diags = nullptr) {
  return local_deps(100ms, diags);
}

logs_client reader(const std::string& endpoint) {
  logs_client_config cfg;
  cfg.endpoint = endpoint;
  cfg.region = "us-east-1";
  return logs_client(cfg, make_curl_transport(), local_credentials(),
                     std::make_shared<system_clock_source>());
}

std::vector<output_log_event> read_all(const std::string& endpoint, const std::string& group,
                                       const std::string& stream) {
  auto client = reader(endpoint);
  std::vector<output_log_event> out;
  get_log_events_request req;
  req.log_group_name = group;
  req.log_stream_name = stream;
  req.start_from_head = true;
  for (int page = 0; page < 10'000; ++page) {
    auto r = client.get_log_events(req);
    if (!r) {
      ADD_FAILURE() << "GetLogEvents: " << r.error().aws_type << " " << r.error().message;
      break;
    }
    out.insert(out.end(), r->events.begin(), r->events.end());
    if (r->next_forward_token.empty() || r->next_forward_token == req.next_token) break;
    req.next_token = r->next_forward_token;
  }
  return out;
}

std::string msg(int producer, int i) {
  return "p" + std::to_string(producer) + "-" + std::to_string(i);
}

class integration : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    local_server_options o;
    o.memory = true;
    server_ = std::make_unique<local_server>(o);
    server_->start();
  }
  std::string endpoint() const { return server_->endpoint(); }
  std::unique_ptr<local_server> server_;
};

TEST_F(integration, every_record_arrives_exactly_once_in_order_per_stream) {
  auto o = make_options(endpoint(), "{logger}");
  // Order across batches holds with one request in flight per stream: with
  // several, batches may be stored in any order, and records logged within one
  // millisecond (most of these) share a timestamp (parallel_puts_test.cpp).
  o.shipping.max_in_flight_per_stream = 1;
  auto s = detail::make_shipper(o, deps());
  const int producers = 3, per = 3000;
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      const std::string logger = "prod" + std::to_string(p);
      for (int i = 0; i < per; ++i) ASSERT_TRUE(s->log(level::info, logger_name{logger}, msg(p, i)));
    });
  for (auto& t : threads) t.join();
  ASSERT_TRUE(s->flush(30s).complete);
  for (int p = 0; p < producers; ++p) {
    const auto events = read_all(endpoint(), "app", "prod" + std::to_string(p));
    ASSERT_EQ(events.size(), static_cast<std::size_t>(per));
    for (int i = 0; i < per; ++i) ASSERT_EQ(events[static_cast<std::size_t>(i)].message, msg(p, i));
  }
  const auto c = s->counters();
  EXPECT_EQ(c.enqueued, static_cast<std::uint64_t>(producers * per));
  EXPECT_EQ(c.delivered, c.enqueued);
  EXPECT_EQ(c.dropped_total(), 0u);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.streams_created, static_cast<std::uint64_t>(producers));
  EXPECT_EQ(c.groups_created, 1u);
}

// Each fault kind on a share of PutLogEvents: nothing lost, duplicates counted.
class with_fault : public integration, public ::testing::WithParamInterface<const char*> {};

TEST_P(with_fault, nothing_lost_and_every_duplicate_counted) {
  server_->faults().add(GetParam());
  auto o = make_options(endpoint());
  o.shipping.flush_interval = 20ms;
  auto d = deps();
  if (std::string_view(GetParam()).starts_with("reset")) d.transport = std::make_shared<httplib_transport>();
  auto s = detail::make_shipper(o, std::move(d));
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(s->log(level::info, logger_name{"app"}, msg(0, i)));
    if (i % 100 == 99) std::this_thread::sleep_for(5ms);  // several batches, several faults
  }
  ASSERT_TRUE(s->flush(60s).complete);
  const auto events = read_all(endpoint(), "app", "s");
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 0; i < n; ++i) ASSERT_GE(seen[msg(0, i)], 1) << msg(0, i);
  const auto c = s->counters();
  EXPECT_EQ(c.delivered, static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.dropped_total(), 0u);
  EXPECT_GE(c.duplicated, events.size() - n);  // every duplicate is counted
  EXPECT_GT(c.retried, 0u);                    // the fault did fire
}

INSTANTIATE_TEST_SUITE_P(
    faults, with_fault,
    ::testing::Values("throttle:next=4,op=PutLogEvents", "unavailable:next=4,op=PutLogEvents",
                      "error500:next=4,op=PutLogEvents", "reset-before:next=4,op=PutLogEvents",
                      "reset-after-commit:next=4,op=PutLogEvents", "throttle:next=3,op=CreateLogStream"));

// The real libcurl transport: the second PutLogEvents goes out on the kept-alive
// connection, the server commits it and closes without a response, and libcurl
// resends it on a fresh connection, so the batch is stored twice behind one
// success. The engine must count that batch as duplicated.
TEST_F(integration, curl_transport_resend_after_commit_is_counted) {
  auto o = make_options(endpoint());
  o.shipping.flush_interval = 60s;  // only flush() sends: each phase is exactly one batch
  auto d = deps();
  ASSERT_EQ(d.transport, nullptr);  // the engine's default: libcurl
  auto s = detail::make_shipper(o, std::move(d));
  const int first = 10, second = 50;
  for (int i = 0; i < first; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, msg(0, i)));
  ASSERT_TRUE(s->flush(30s).complete);
  ASSERT_EQ(s->counters().duplicated, 0u);

  server_->faults().add("reset-after-commit:next=1,op=PutLogEvents");
  for (int i = 0; i < second; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, msg(1, i)));
  ASSERT_TRUE(s->flush(30s).complete);

  const auto events = read_all(endpoint(), "app", "s");
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 0; i < first; ++i) EXPECT_EQ(seen[msg(0, i)], 1) << msg(0, i);
  for (int i = 0; i < second; ++i) EXPECT_GE(seen[msg(1, i)], 2) << msg(1, i);  // the fault fired
  const auto c = s->counters();
  EXPECT_EQ(c.delivered, static_cast<std::uint64_t>(first + second));
  EXPECT_EQ(c.dropped_total(), 0u);
  EXPECT_GE(c.duplicated, static_cast<std::uint64_t>(second));
  EXPECT_EQ(events.size(), c.delivered + c.duplicated);  // every stored copy accounted for
}

TEST(integration_restart, server_restart_with_db_loses_nothing) {
  ::signal(SIGPIPE, SIG_IGN);
  const auto dir =
      std::filesystem::temp_directory_path() / ("cwlog-ship-restart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  local_server_options so;
  so.db_path = (dir / "state.db").string();
  auto server = std::make_unique<local_server>(so);
  const int port = server->start();
  const std::string ep = server->endpoint();
  auto o = make_options(ep);
  o.shipping.max_attempts = 1000;
  auto s = detail::make_shipper(o, deps());
  for (int i = 0; i < 500; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
  ASSERT_TRUE(s->flush(10s).complete);
  server->stop();
  server.reset();
  for (int i = 500; i < 1000; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
  // The shipper meets the dead server and will retry (however long that takes
  // the machine: the flush interval runs on the real clock here).
  for (int i = 0; i < 60'000 && s->counters().retried == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_GT(s->counters().retried, 0u);
  so.port = port;
  server = std::make_unique<local_server>(so);
  server->start();
  ASSERT_TRUE(s->flush(30s).complete);
  const auto events = read_all(ep, "app", "s");
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 0; i < 1000; ++i) ASSERT_GE(seen[msg(0, i)], 1) << msg(0, i);
  const auto c = s->counters();
  EXPECT_EQ(c.delivered, 1000u);
  EXPECT_GE(c.duplicated, events.size() - 1000);
  EXPECT_GT(c.retried, 0u);
  s->shutdown(1s);
  server->stop();
  std::filesystem::remove_all(dir);
}

// Overload: records logged as fast as one thread can into a 256 KiB queue,
// while every put waits 50 ms. Whatever the two speeds, every record is
// delivered and stored once or dropped by the overflow policy and counted:
// nothing else is lost.
TEST_F(integration, overload_drops_only_by_the_overflow_policy_and_counts_each) {
  server_->faults().add("latency:ms=50,op=PutLogEvents");
  auto o = make_options(endpoint());
  o.shipping.queue_bytes = 256 << 10;
  auto s = detail::make_shipper(o, deps());
  const int n = 20000;
  int refused = 0;
  for (int i = 0; i < n; ++i) refused += !s->log(level::info, logger_name{"app"}, msg(0, i));
  ASSERT_TRUE(s->flush(120s).complete);
  const auto c = s->counters();
  const std::uint64_t policy = c.dropped_by(drop_reason::queue_full) + c.dropped_by(drop_reason::evicted);
  EXPECT_EQ(c.dropped_total(), policy) << "a drop other than the overflow policy's";
  // log() refuses only what is dropped at the call; the rest of the policy's
  // drops happen as records move from the thread's ring into the queue.
  EXPECT_LE(static_cast<std::uint64_t>(refused), c.dropped_by(drop_reason::queue_full));
  EXPECT_EQ(c.delivered + policy, static_cast<std::uint64_t>(n));
  std::map<std::string, int> seen;
  for (auto& e : read_all(endpoint(), "app", "s")) ++seen[e.message];
  EXPECT_EQ(seen.size(), c.delivered);  // missing = exactly the counted drops
  for (auto& [m, times] : seen) EXPECT_EQ(times, 1) << m;
  RecordProperty("dropped_by_policy", static_cast<int>(policy));
}

TEST_F(integration, shutdown_flushes) {
  auto o = make_options(endpoint());
  o.shipping.flush_interval = 60s;
  auto s = detail::make_shipper(o, deps());
  for (int i = 0; i < 100; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
  const auto r = s->shutdown(10s);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(read_all(endpoint(), "app", "s").size(), 100u);
}

TEST_F(integration, missing_pre_made_group_is_reported_once_and_counted) {
  auto o = make_options(endpoint());
  o.destinations[0].group = "made-by-terraform";
  o.destinations[0].create_group = false;
  std::vector<std::string> diags;
  auto s = detail::make_shipper(o, deps(&diags));
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
    ASSERT_TRUE(s->flush(10s).complete);
  }
  EXPECT_EQ(s->counters().dropped_by(drop_reason::group_missing), 30u);
  s->shutdown(1s);
  std::size_t reports = 0;
  for (auto& d : diags) reports += d.find("made-by-terraform") != std::string::npos;
  EXPECT_EQ(reports, 1u);
}

TEST_F(integration, deleted_group_is_recreated) {
  auto s = detail::make_shipper(make_options(endpoint()), deps());
  s->log(level::info, logger_name{"app"}, "before");
  ASSERT_TRUE(s->flush(10s).complete);
  auto client = reader(endpoint());
  ASSERT_TRUE(client.delete_log_group("app").has_value());
  for (int i = 0; i < 10; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
  ASSERT_TRUE(s->flush(10s).complete);
  const auto events = read_all(endpoint(), "app", "s");
  ASSERT_EQ(events.size(), 10u);
  EXPECT_EQ(s->counters().groups_created, 2u);
  EXPECT_EQ(s->counters().delivered, 11u);
}

TEST_F(integration, gzip_bodies_are_accepted) {
  auto o = make_options(endpoint());
  o.shipping.gzip = true;
  auto s = detail::make_shipper(o, deps());
  for (int i = 0; i < 500; ++i) s->log(level::info, logger_name{"app"}, msg(0, i));
  ASSERT_TRUE(s->flush(10s).complete);
  EXPECT_EQ(read_all(endpoint(), "app", "s").size(), 500u);
  EXPECT_EQ(s->counters().delivered, 500u);
}

TEST_F(integration, json_events_carry_fields) {
  auto o = make_options(endpoint());
  o.destinations[0].format = formatter_kind::json;
  auto s = detail::make_shipper(o, deps());
  record_view r;
  r.logger = "api";
  r.message = "order placed";
  field_view f[] = {{"order_id", std::int64_t{42}}};
  r.fields = f;
  r.tenant = "acme";
  s->log(r);
  ASSERT_TRUE(s->flush(10s).complete);
  const auto events = read_all(endpoint(), "app", "s");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].message.find("\"order_id\":42"), std::string::npos);
  EXPECT_NE(events[0].message.find("\"tenant\":\"acme\""), std::string::npos);
}

}  // namespace
}  // namespace cwlog::test

// The spdlog sink: one line added to a spdlog logger ships its records, with
// the logger name, level (one to one; off logs nothing), raw payload (no
// spdlog formatting), source location and the thread's tenant; flush() through
// spdlog flushes the shipper without holding up other threads' logging; the
// sink keeps the shipper alive through spdlog::shutdown().
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cwlog/spdlog_sink.h>
#include <cwlog/tenant.h>

#include <atomic>
#include <thread>

#include "local/local_server.h"
#include "memory_service.h"
#include "ship/shipper_factory.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

options sink_options(std::string pattern = "{level}|{tenant}|{message}") {
  options o;
  destination_options d;
  d.name = "main";
  d.group = "g";
  d.stream = "{logger}";
  d.format = formatter_kind::plain;
  d.pattern = std::move(pattern);
  o.destinations.push_back(d);
  o.default_destination = "main";
  o.shipping.flush_interval = 50ms;
  return o;
}

std::shared_ptr<shipper> make_shipper(const std::shared_ptr<memory_service>& service,
                                      options o = sink_options()) {
  detail::shipper_dependencies deps;
  deps.service = service;
  deps.diagnostics = [](const diagnostic&) {};
  return detail::make_shipper(o, std::move(deps));
}

// Generous: flush() returns as soon as everything is delivered.
constexpr auto flush_timeout = 60s;

TEST(spdlog_sink, ships_raw_payload_with_logger_level_and_tenant) {
  auto service = std::make_shared<memory_service>();
  auto s = make_shipper(service);
  auto log = std::make_shared<spdlog::logger>("checkout", make_spdlog_sink(s, flush_timeout));
  log->set_pattern("IGNORED %v");  // cwlog formats; spdlog's pattern must not apply
  log->set_level(spdlog::level::trace);
  log->info("order {} placed", 42);
  {
    cwlog::tenant_scope scope("acme");
    log->error("card declined");
  }
  log->flush();  // the sink's flush_() flushes the shipper
  const auto events = service->events("g", "checkout");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].message, "info||order 42 placed");
  EXPECT_EQ(events[1].message, "error|acme|card declined");
  EXPECT_EQ(s->counters().delivered, 2u);
}

TEST(spdlog_sink, levels_map_one_to_one_and_off_logs_nothing) {
  auto service = std::make_shared<memory_service>();
  auto s = make_shipper(service);
  auto sink = std::make_shared<spdlog_sink_st>(s, flush_timeout);  // the old alias still names the sink
  spdlog::logger log("st", sink);
  log.set_level(spdlog::level::trace);
  log.trace("t");
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  log.critical("c");
  log.log(spdlog::level::off, "never");  // spdlog lets it through its own level check
  log.flush();
  const auto events = service->events("g", "st");
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].message, "trace||t");
  EXPECT_EQ(events[1].message, "debug||d");
  EXPECT_EQ(events[2].message, "info||i");
  EXPECT_EQ(events[3].message, "warn||w");
  EXPECT_EQ(events[4].message, "error||e");
  EXPECT_EQ(events[5].message, "critical||c");
  EXPECT_EQ(s->counters().enqueued, 6u);
}

TEST(spdlog_sink, takes_spdlogs_source_location) {
  auto service = std::make_shared<memory_service>();
  auto s = make_shipper(service, sink_options("{file}:{line} {function}|{message}"));
  auto log = std::make_shared<spdlog::logger>("src", make_spdlog_sink(s, flush_timeout));
  log->log(spdlog::source_loc{"api/orders.cpp", 42, "place"}, spdlog::level::info, "placed {}", 7);
  log->info("no location");
  log->flush();
  const auto events = service->events("g", "src");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].message, "api/orders.cpp:42 place|placed 7");
  EXPECT_EQ(events[1].message, ": |no location");
}

// A flush waits for the network; it must hold nothing another thread needs to
// log. cwlog local delays every PutLogEvents far beyond the client's request
// timeout, so nothing can be delivered, and the flush cannot return, until
// the fault is cleared: a second thread logs 200 records through the same
// logger meanwhile and must finish while the flush still waits. (Before,
// flush_() held the sink's mutex: the second thread waited for the flush.)
TEST(spdlog_sink, flush_waiting_on_a_slow_service_blocks_no_other_thread) {
  detail::local_server_options lo;
  lo.memory = true;
  detail::local_server server(lo);
  server.start();
  server.faults().add("latency:ms=3000,op=PutLogEvents");

  options o = sink_options();
  o.aws.endpoint = server.endpoint();
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;
  o.aws.access_key_id = detail::local_default_access_key_id;
  o.aws.secret_access_key = detail::local_default_secret_access_key;
  o.aws.request_timeout = 500ms;   // every delayed put fails on the client side...
  o.shipping.max_attempts = 1000;  // ...and retried (the most allowed: over 8 minutes of attempts)
  o.shipping.flush_interval = 1h;  // only the flush sends
  detail::shipper_dependencies deps;
  deps.diagnostics = [](const diagnostic&) {};
  deps.backoff_cap = 200ms;  // once the fault is cleared, the next attempt comes soon
  std::shared_ptr<shipper> s = detail::make_shipper(o, std::move(deps));
  auto log = std::make_shared<spdlog::logger>("slow", make_spdlog_sink(s, 10min));

  log->info("before the flush");
  std::atomic<bool> flushed{false};
  std::thread flusher([&] {
    log->flush();
    flushed = true;
  });
  // The flush is waiting once the service saw a put: nothing else sends.
  for (int i = 0; i < 60'000 && server.stats().faults_injected == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_GT(server.stats().faults_injected, 0u);

  std::thread other([&] {
    for (int i = 0; i < 200; ++i) log->info("during the flush {}", i);
  });
  other.join();
  EXPECT_FALSE(flushed.load()) << "the flush returned although nothing could be delivered";
  EXPECT_EQ(s->counters().enqueued, 201u);  // every record of the other thread was taken

  server.faults().clear();
  flusher.join();
  EXPECT_TRUE(flushed.load());
  EXPECT_TRUE(s->flush(flush_timeout).complete);
  EXPECT_EQ(s->counters().delivered, 201u);
  EXPECT_EQ(s->shutdown().undelivered, 0u);
}

TEST(spdlog_sink, sink_keeps_the_shipper_alive_through_spdlog_shutdown) {
  auto service = std::make_shared<memory_service>();
  std::weak_ptr<shipper> weak;
  {
    auto s = make_shipper(service);
    weak = s;
    auto log = std::make_shared<spdlog::logger>("registered", make_spdlog_sink(s));
    spdlog::register_logger(log);
  }
  ASSERT_FALSE(weak.expired());  // only the registered logger's sink holds it now
  spdlog::get("registered")->info("late message");
  spdlog::shutdown();  // drops the registry: the sink and then the shipper go, delivering on the way
  EXPECT_TRUE(weak.expired());
  ASSERT_EQ(service->events("g", "registered").size(), 1u);
}

}  // namespace
}  // namespace cwlog::test

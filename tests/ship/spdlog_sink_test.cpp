// The spdlog sink: one line added to a spdlog logger ships its records, with
// the logger name, level, raw payload (no spdlog formatting) and the thread's
// tenant; flush() through spdlog flushes the shipper; the sink keeps the
// shipper alive through spdlog::shutdown().
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cwlog/spdlog_sink.h>
#include <cwlog/tenant.h>

#include "memory_service.h"
#include "ship/engine.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;

options make_options() {
  options o;
  destination_options d;
  d.name = "main";
  d.group = "g";
  d.stream = "{logger}";
  d.format = formatter_kind::plain;
  d.pattern = "{level}|{tenant}|{message}";
  o.destinations.push_back(d);
  o.default_destination = "main";
  o.shipping.flush_interval = 50ms;
  return o;
}

std::shared_ptr<shipper> make_shipper(const std::shared_ptr<memory_service>& service) {
  detail::shipper_dependencies deps;
  deps.service = service;
  deps.diagnostics = [](const diagnostic&) {};
  return std::make_shared<shipper>(make_options(), std::move(deps));
}

TEST(spdlog_sink, ships_raw_payload_with_logger_level_and_tenant) {
  auto service = std::make_shared<memory_service>();
  auto s = make_shipper(service);
  auto log = std::make_shared<spdlog::logger>("checkout", make_spdlog_sink(s));
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

TEST(spdlog_sink, single_threaded_variant_and_levels) {
  auto service = std::make_shared<memory_service>();
  auto s = make_shipper(service);
  auto sink = std::make_shared<spdlog_sink_st>(s);
  spdlog::logger log("st", sink);
  log.set_level(spdlog::level::trace);
  log.trace("t");
  log.debug("d");
  log.warn("w");
  log.critical("c");
  log.flush();
  const auto events = service->events("g", "st");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].message, "trace||t");
  EXPECT_EQ(events[1].message, "debug||d");
  EXPECT_EQ(events[2].message, "warn||w");
  EXPECT_EQ(events[3].message, "critical||c");
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

// The provisioner against the in-memory service on the manual clock: each
// group and stream created once with the destination's settings, the jobs of
// a group being created parked and handed back, a missing group reported once
// and rechecked only after missing_group_recheck, a deleted group re-created.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "memory_service.h"
#include "ship/destination_table.h"
#include "ship/limits.h"
#include "ship/provisioner.h"
#include "support/manual_clock.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

// The in-memory service, with CreateLogGroup held at a gate the test opens.
class gated_service final : public log_service {
 public:
  explicit gated_service(test::memory_service& inner) : inner_(inner) {}
  logs_result<void> create_log_group(const create_log_group_request& r) override {
    entered.set_value();
    gate.get_future().wait();
    return inner_.create_log_group(r);
  }
  logs_result<void> put_retention_policy(const put_retention_policy_request& r) override {
    return inner_.put_retention_policy(r);
  }
  logs_result<void> create_log_stream(const create_log_stream_request& r) override {
    return inner_.create_log_stream(r);
  }
  logs_result<put_log_events_response> put_log_events(const put_events_view& b) override {
    return inner_.put_log_events(b);
  }
  std::promise<void> entered;
  std::promise<void> gate;

 private:
  test::memory_service& inner_;
};

struct harness {
  explicit harness(log_service& service)
      : p(
            service, clock, stats,
            [this](diagnostic_severity s, const std::string& m) {
              if (s == diagnostic_severity::error) errors.push_back(m);
            },
            [this](std::vector<send_job>&& jobs) {
              for (auto& j : jobs) requeued.push_back(std::move(j));
            }) {}

  send_job job_for(const std::string& stream) {
    send_job j;
    j.dest = &table.use(0, "g", stream, 0);
    j.dest->in_flight = 1;
    j.b.events.resize(1);
    return j;
  }
  std::uint64_t groups_created() const {
    delivery_counters c;
    stats.copy_to(c);
    return c.groups_created;
  }

  test::manual_clock clock;
  delivery_stats stats;
  destination_table table{{}, 60s};
  std::vector<std::string> errors;
  std::vector<send_job> requeued;
  provisioner p;
};

TEST(provisioner, creates_the_group_with_its_settings_once_then_each_stream) {
  test::memory_service service;
  harness h(service);
  destination_options d;
  d.retention_days = 30;
  d.kms_key_id = "arn:aws:kms:us-east-1:123456789012:key/abc";
  d.tags = {{"team", "core"}};
  d.group_class = log_group_class::infrequent_access;
  auto a = h.job_for("a");
  auto b = h.job_for("b");
  EXPECT_EQ(h.p.ensure(a, d).what, provisioner::outcome::ready);
  EXPECT_EQ(h.p.ensure(b, d).what, provisioner::outcome::ready);
  EXPECT_EQ(service.create_group_calls, 1);
  EXPECT_EQ(service.create_stream_calls, 2);
  EXPECT_EQ(service.last_group_request.kms_key_id, d.kms_key_id);
  EXPECT_EQ(service.last_group_request.tags, d.tags);
  EXPECT_EQ(service.last_group_request.log_group_class, "INFREQUENT_ACCESS");
  EXPECT_EQ(service.retention["g"], 30);
  EXPECT_EQ(h.groups_created(), 1u);
}

TEST(provisioner, jobs_for_a_group_being_created_park_and_come_back_when_it_is_done) {
  test::memory_service inner;
  gated_service service(inner);
  harness h(service);
  destination_options d;
  auto first = h.job_for("a");
  auto second = h.job_for("b");
  auto entered = service.entered.get_future();
  std::thread creator([&] { EXPECT_EQ(h.p.ensure(first, d).what, provisioner::outcome::ready); });
  entered.wait();  // the creator is inside CreateLogGroup now
  EXPECT_EQ(h.p.ensure(second, d).what, provisioner::outcome::parked);
  EXPECT_TRUE(h.requeued.empty());
  service.gate.set_value();
  creator.join();
  ASSERT_EQ(h.requeued.size(), 1u);
  EXPECT_EQ(h.requeued[0].dest->stream, "b");
  EXPECT_EQ(inner.create_group_calls, 1);
  // Back from the schedule, its group exists: only the stream is created.
  EXPECT_EQ(h.p.ensure(h.requeued[0], d).what, provisioner::outcome::ready);
  EXPECT_EQ(inner.create_group_calls, 1);
  EXPECT_EQ(inner.create_stream_calls, 2);
}

TEST(provisioner, a_missing_group_is_reported_once_and_rechecked_after_a_minute) {
  test::memory_service service;
  harness h(service);
  destination_options d;
  d.name = "audit";
  d.create_group = false;
  auto j = h.job_for("a");
  EXPECT_EQ(h.p.ensure(j, d).what, provisioner::outcome::group_missing);
  EXPECT_EQ(h.p.ensure(j, d).what, provisioner::outcome::group_missing);
  EXPECT_EQ(service.create_stream_calls, 1);  // the second one did not ask
  ASSERT_EQ(h.errors.size(), 1u);
  EXPECT_NE(h.errors[0].find("\"audit\""), std::string::npos);
  h.clock.advance(missing_group_recheck);
  {
    std::lock_guard lk(service.mu);
    service.groups["g"];  // created meanwhile (by Terraform, say)
  }
  EXPECT_EQ(h.p.ensure(j, d).what, provisioner::outcome::ready);
  EXPECT_EQ(service.create_stream_calls, 2);
  EXPECT_EQ(service.create_group_calls, 0);
  EXPECT_EQ(h.errors.size(), 1u);
}

TEST(provisioner, a_forgotten_group_is_created_again) {
  test::memory_service service;
  harness h(service);
  destination_options d;
  auto j = h.job_for("a");
  ASSERT_EQ(h.p.ensure(j, d).what, provisioner::outcome::ready);
  {
    std::lock_guard lk(service.mu);
    service.groups.erase("g");  // deleted behind our back
  }
  h.p.forget_group("g");
  EXPECT_EQ(h.p.ensure(j, d).what, provisioner::outcome::ready);
  EXPECT_EQ(service.create_group_calls, 2);
  EXPECT_EQ(service.create_stream_calls, 2);
}

TEST(provisioner, a_group_deleted_before_its_stream_is_created_is_retried) {
  test::memory_service service;
  harness h(service);
  destination_options d;
  auto a = h.job_for("a");
  ASSERT_EQ(h.p.ensure(a, d).what, provisioner::outcome::ready);
  {
    std::lock_guard lk(service.mu);
    service.groups.erase("g");
  }
  // The provisioner still believes in the group: the stream's ResourceNotFound
  // makes it forget the group and ask for a retry, which creates both.
  auto b = h.job_for("b");
  const auto retry = h.p.ensure(b, d);
  EXPECT_EQ(retry.what, provisioner::outcome::retry);
  // What failed, for the engine's diagnostics (the endpoint-down warning).
  EXPECT_EQ(retry.failure.rfind("CreateLogStream: ", 0), 0u) << retry.failure;
  EXPECT_EQ(h.p.ensure(b, d).what, provisioner::outcome::ready);
  EXPECT_EQ(service.create_group_calls, 2);
}

}  // namespace
}  // namespace cwlog::detail

// Fixed destinations (cwlog/destination.h) through the public API against
// cwlog local: names used as written, group options applied once, validation
// at open(), handles scoped to their shipper, one shipper serving many
// destinations, and credentials taken from a callback.
#include <gtest/gtest.h>
#include <signal.h>

#include <cwlog/error.h>
#include <cwlog/shipper.h>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "http/curl_transport.h"
#include "local/local_server.h"
#include "logs/logs_client.h"
#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using namespace std::chrono_literals;
using namespace cwlog::detail;

// A shipper with no routed destination at all: everything goes to fixed ones.
options bare_options(const std::string& endpoint) {
  options o;
  o.aws.endpoint = endpoint;
  o.aws.region = "us-east-1";
  o.aws.credentials = credentials_source::static_keys;
  o.aws.access_key_id = local_default_access_key_id;
  o.aws.secret_access_key = local_default_secret_access_key;
  o.shipping.flush_interval = 60s;  // only flush() sends: nothing depends on timing
  return o;
}

destination_options fixed(std::string group, std::string stream) {
  destination_options d;
  d.group = std::move(group);
  d.stream = std::move(stream);
  d.format = formatter_kind::plain;
  d.pattern = "{message}";
  return d;
}

record_view rec(std::string_view message) {
  record_view r;
  r.logger = "test";
  r.message = message;
  return r;
}

class fixed_destinations : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);
    local_server_options o;
    o.memory = true;
    server_ = std::make_unique<local_server>(o);
    server_->start();
    logs_client_config cfg;
    cfg.endpoint = server_->endpoint();
    cfg.region = "us-east-1";
    client_ = std::make_unique<logs_client>(cfg, make_curl_transport(), local_credentials(),
                                            std::make_shared<system_clock_source>());
  }

  std::vector<std::string> messages(const std::string& group, const std::string& stream) {
    get_log_events_request req;
    req.log_group_name = group;
    req.log_stream_name = stream;
    req.start_from_head = true;
    std::vector<std::string> out;
    auto r = client_->get_log_events(req);
    if (!r) {
      ADD_FAILURE() << "GetLogEvents " << group << " / " << stream << ": " << r.error().message;
      return out;
    }
    for (auto& e : r->events) out.push_back(e.message);
    return out;
  }

  std::unique_ptr<local_server> server_;
  std::unique_ptr<logs_client> client_;
};

TEST_F(fixed_destinations, names_are_used_as_written_and_records_arrive_in_order) {
  shipper s(bare_options(server_->endpoint()));
  // Stream names may hold what templates refuse: spaces, braces, slashes.
  const auto a = s.open(fixed("swarms-customer-acme", "customer {acme} stream/1"));
  const auto b = s.open(fixed("swarms-logs", "application-stream"));
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(s.log(a, rec("a" + std::to_string(i))));
    EXPECT_TRUE(s.log(b, rec("b" + std::to_string(i))));
  }
  ASSERT_TRUE(s.flush(30s).complete);
  const auto got_a = messages("swarms-customer-acme", "customer {acme} stream/1");
  const auto got_b = messages("swarms-logs", "application-stream");
  ASSERT_EQ(got_a.size(), 50u);
  ASSERT_EQ(got_b.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(got_a[static_cast<std::size_t>(i)], "a" + std::to_string(i));
    EXPECT_EQ(got_b[static_cast<std::size_t>(i)], "b" + std::to_string(i));
  }
  EXPECT_EQ(s.counters().delivered, 100u);
}

TEST_F(fixed_destinations, group_options_are_applied_when_the_group_is_created) {
  shipper s(bare_options(server_->endpoint()));
  auto d = fixed("retained", "s");
  d.retention_days = 30;
  d.tags = {{"team", "agents"}, {"customer", "acme"}};
  s.log(s.open(d), rec("hello"));
  ASSERT_TRUE(s.flush(30s).complete);
  describe_log_groups_request req;
  req.log_group_name_prefix = "retained";
  auto groups = client_->describe_log_groups(req);
  ASSERT_TRUE(groups.has_value());
  ASSERT_EQ(groups->log_groups.size(), 1u);
  EXPECT_EQ(groups->log_groups[0].retention_in_days, 30);
  const std::string arn = "arn:aws:logs:us-east-1:123456789012:log-group:retained";
  auto tags = client_->list_tags_for_resource(arn);
  ASSERT_TRUE(tags.has_value()) << tags.error().message;
  EXPECT_EQ(tags->at("team"), "agents");
  EXPECT_EQ(tags->at("customer"), "acme");
}

TEST_F(fixed_destinations, json_format_renders_fields_and_tenant) {
  shipper s(bare_options(server_->endpoint()));
  auto d = fixed("json-group", "s");
  d.format = formatter_kind::json;
  const auto h = s.open(d);
  const field_view fields[] = {{"order_id", std::int64_t{42}}};
  record_view r = rec("order placed");
  r.fields = fields;
  r.tenant = "acme";
  s.log(h, r);
  ASSERT_TRUE(s.flush(30s).complete);
  const auto got = messages("json-group", "s");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].find("\"order_id\":42"), std::string::npos) << got[0];
  EXPECT_NE(got[0].find("\"tenant\":\"acme\""), std::string::npos) << got[0];
}

TEST_F(fixed_destinations, invalid_destinations_are_refused_at_open) {
  shipper s(bare_options(server_->endpoint()));
  const auto refused = [&](const destination_options& d, std::string_view why) {
    try {
      s.open(d);
      ADD_FAILURE() << "accepted " << d.group << " / " << d.stream;
    } catch (const cwlog::error& e) {
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  refused(fixed("bad group", "s"), "contains ' '");
  refused(fixed("", "s"), "allowed: 1-512");
  refused(fixed(std::string(513, 'g'), "s"), "allowed: 1-512");
  refused(fixed("aws/lambda", "s"), "reserves");
  refused(fixed("g", "a:b"), "contains ':'");
  refused(fixed("g", "a*b"), "contains '*'");
  refused(fixed("g", ""), "allowed: 1-512");
  auto d = fixed("g", "s");
  d.retention_days = 2;
  refused(d, "retention of 2 days");
  d = fixed("g", "s");
  d.kms_key_id = "alias/mine";
  refused(d, "KMS");
  d = fixed("g", "s");
  d.tags = {{"aws:reserved", "x"}};
  refused(d, "aws:");
  d = fixed("g", "s");
  d.pattern = "{nope}";
  refused(d, "nope");
  // A group is created once: a second stream must not ask for other options.
  auto first = fixed("shared", "one");
  first.retention_days = 7;
  s.open(first);
  auto second = fixed("shared", "two");
  second.retention_days = 14;
  refused(second, "already opened");
  second.retention_days = 7;
  EXPECT_EQ(s.open(second).stream(), "two");
}

TEST_F(fixed_destinations, a_handle_only_works_on_the_shipper_that_opened_it) {
  shipper one(bare_options(server_->endpoint()));
  shipper two(bare_options(server_->endpoint()));
  const auto h = one.open(fixed("g", "s"));
  EXPECT_FALSE(two.log(h, rec("wrong shipper")));
  EXPECT_FALSE(two.log(destination{}, rec("empty handle")));
  EXPECT_EQ(two.counters().dropped_by(drop_reason::no_destination), 2u);
  EXPECT_EQ(two.counters().enqueued, 0u);
  // Opening the same names twice gives the same destination.
  const auto again = one.open(fixed("g", "s"));
  EXPECT_TRUE(one.log(h, rec("first")));
  EXPECT_TRUE(one.log(again, rec("second")));
  ASSERT_TRUE(one.flush(30s).complete);
  EXPECT_EQ(messages("g", "s"), (std::vector<std::string>{"first", "second"}));
}

TEST_F(fixed_destinations, one_shipper_serves_a_hundred_customers) {
  shipper s(bare_options(server_->endpoint()));
  std::vector<destination> customers;
  for (int c = 0; c < 100; ++c) {
    const std::string id = std::to_string(c);
    customers.push_back(s.open(fixed("swarms-customer-" + id, "customer-" + id + "-stream")));
  }
  for (int round = 0; round < 3; ++round)
    for (std::size_t c = 0; c < customers.size(); ++c) s.log(customers[c], rec("r" + std::to_string(round)));
  ASSERT_TRUE(s.flush(60s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 300u);
  EXPECT_EQ(c.groups_created, 100u);
  for (int id : {0, 57, 99}) {
    const std::string n = std::to_string(id);
    EXPECT_EQ(messages("swarms-customer-" + n, "customer-" + n + "-stream"),
              (std::vector<std::string>{"r0", "r1", "r2"}));
  }
}

TEST_F(fixed_destinations, pre_created_streams_are_not_created_again) {
  create_log_group_request g;
  g.log_group_name = "premade";
  ASSERT_TRUE(client_->create_log_group(g).has_value());
  ASSERT_TRUE(client_->create_log_stream({"premade", "s"}).has_value());
  shipper s(bare_options(server_->endpoint()));
  auto d = fixed("premade", "s");
  d.create_group = false;
  d.create_stream = false;
  s.log(s.open(d), rec("into what Terraform made"));
  ASSERT_TRUE(s.flush(30s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 1u);
  EXPECT_EQ(c.groups_created, 0u);
  EXPECT_EQ(c.streams_created, 0u);
  EXPECT_EQ(messages("premade", "s"), std::vector<std::string>{"into what Terraform made"});
}

TEST_F(fixed_destinations, credentials_come_from_the_callback) {
  auto o = bare_options(server_->endpoint());
  o.aws.credentials = credentials_source::callback;
  o.aws.access_key_id.clear();
  o.aws.secret_access_key.clear();
  std::atomic<int> calls{0};
  o.aws.credentials_fn = [&calls] {
    ++calls;
    return aws_credentials{local_default_access_key_id, local_default_secret_access_key, "", std::nullopt};
  };
  shipper s(o);
  s.log(s.open(fixed("from-callback", "s")), rec("signed with the callback's keys"));
  ASSERT_TRUE(s.flush(30s).complete);
  EXPECT_EQ(s.counters().delivered, 1u);
  EXPECT_GE(calls.load(), 1);
  // Without a callback the shipper refuses to start rather than fail later.
  auto missing = bare_options(server_->endpoint());
  missing.aws.credentials = credentials_source::callback;
  missing.aws.access_key_id.clear();
  missing.aws.secret_access_key.clear();
  EXPECT_THROW(shipper{missing}, cwlog::error);
}

TEST_F(fixed_destinations, a_failing_callback_sends_nothing_and_counts_the_drop) {
  auto o = bare_options(server_->endpoint());
  o.aws.credentials = credentials_source::callback;
  o.aws.access_key_id.clear();
  o.aws.secret_access_key.clear();
  std::atomic<int> calls{0};
  o.aws.credentials_fn = [&calls]() -> aws_credentials {
    ++calls;
    throw std::runtime_error("session expired");
  };
  o.shipping.max_attempts = 1;
  shipper s(o, [](const diagnostic&) {});
  s.log(s.open(fixed("never", "s")), rec("x"));
  EXPECT_TRUE(s.flush(30s).complete);
  const auto c = s.counters();
  EXPECT_EQ(c.delivered, 0u);
  EXPECT_EQ(c.dropped_by(drop_reason::retries_exhausted), 1u);
  EXPECT_GE(calls.load(), 1);
  describe_log_groups_request req;
  req.log_group_name_prefix = "never";
  auto groups = client_->describe_log_groups(req);
  ASSERT_TRUE(groups.has_value());
  EXPECT_TRUE(groups->log_groups.empty());  // not even CreateLogGroup went out unsigned
}

}  // namespace
}  // namespace cwlog::test

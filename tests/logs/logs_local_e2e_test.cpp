// End to end: the Logs client, the libcurl transport and SigV4 against an
// in-process `cwlog local` (which verifies every signature), the way the
// shipping engine and the CLI use them.
#include <gtest/gtest.h>

#include <algorithm>

#include "http/curl_transport.h"
#include "logs/logs_client.h"
#include "support/local_fixture.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

class logs_local_e2e : public ::testing::Test {
 protected:
  logs_client make_client(credentials creds = {local_default_access_key_id, local_default_secret_access_key,
                                               "", std::nullopt},
                          bool gzip = false) {
    logs_client_config config;
    config.endpoint = local_.endpoint();
    config.region = "us-east-1";
    config.gzip_put_log_events = gzip;
    config.retry.max_attempts = 1;
    return logs_client(config, make_curl_transport(), std::make_shared<static_credentials_provider>(creds),
                       std::make_shared<system_clock_source>());
  }

  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // On the system clock: the client stamps events with real time.
  test::local_fixture local_ = test::local_fixture::on_system_clock();
};

TEST_F(logs_local_e2e, group_stream_put_get_filter_round_trip) {
  auto client = make_client();
  ASSERT_TRUE(client.create_log_group({"/e2e/app", "", {{"team", "core"}}, "STANDARD"}));
  ASSERT_TRUE(client.create_log_stream({"/e2e/app", "host-1"}));
  const auto t = now_ms();
  const auto put =
      client.put_log_events({"/e2e/app", "host-1", {{t, "hello ERROR one"}, {t + 1, "fine two"}}, ""});
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_FALSE(put->rejected_info && (put->rejected_info->too_new_log_event_start_index ||
                                      put->rejected_info->too_old_log_event_end_index));

  get_log_events_request get;
  get.log_group_name = "/e2e/app";
  get.log_stream_name = "host-1";
  get.start_from_head = true;
  const auto events = client.get_log_events(get);
  ASSERT_TRUE(events) << events.error().message;
  ASSERT_EQ(events->events.size(), 2u);
  EXPECT_EQ(events->events[0].message, "hello ERROR one");
  EXPECT_EQ(events->events[1].timestamp, t + 1);

  filter_log_events_request filter;
  filter.log_group_name = "/e2e/app";
  filter.filter_pattern = "ERROR";
  const auto found = client.filter_log_events(filter);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->events.size(), 1u);
  EXPECT_EQ(found->events[0].log_stream_name, "host-1");
}

TEST_F(logs_local_e2e, gzip_put_log_events_is_accepted) {
  auto client =
      make_client({local_default_access_key_id, local_default_secret_access_key, "", std::nullopt}, true);
  ASSERT_TRUE(client.create_log_group({"/e2e/gz", "", {}, ""}));
  ASSERT_TRUE(client.create_log_stream({"/e2e/gz", "s"}));
  const auto put = client.put_log_events({"/e2e/gz", "s", {{now_ms(), std::string(20000, 'g')}}, ""});
  ASSERT_TRUE(put) << put.error().aws_type << ": " << put.error().message;
  get_log_events_request get;
  get.log_group_name = "/e2e/gz";
  get.log_stream_name = "s";
  const auto events = client.get_log_events(get);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->events.size(), 1u);
  EXPECT_EQ(events->events[0].message, std::string(20000, 'g'));
}

TEST_F(logs_local_e2e, describe_retention_and_tags) {
  auto client = make_client();
  ASSERT_TRUE(client.create_log_group({"/e2e/d1", "", {}, ""}));
  ASSERT_TRUE(client.create_log_group({"/e2e/d2", "", {}, ""}));
  ASSERT_TRUE(client.put_retention_policy({"/e2e/d1", 14}));
  const auto groups = client.describe_log_groups({"/e2e/d", "", std::nullopt});
  ASSERT_TRUE(groups) << groups.error().message;
  ASSERT_EQ(groups->log_groups.size(), 2u);
  const auto d1 = std::find_if(groups->log_groups.begin(), groups->log_groups.end(),
                               [](const log_group& g) { return g.log_group_name == "/e2e/d1"; });
  ASSERT_NE(d1, groups->log_groups.end());
  EXPECT_EQ(d1->retention_in_days, 14);
  ASSERT_TRUE(client.delete_retention_policy("/e2e/d1"));

  const std::string arn = d1->log_group_arn.empty() ? d1->arn : d1->log_group_arn;
  ASSERT_FALSE(arn.empty());
  ASSERT_TRUE(client.tag_resource(arn, {{"env", "test"}, {"team", "core"}}));
  ASSERT_TRUE(client.untag_resource(arn, {"team"}));
  const auto tags = client.list_tags_for_resource(arn);
  ASSERT_TRUE(tags) << tags.error().message;
  EXPECT_EQ(*tags, (tag_map{{"env", "test"}}));

  ASSERT_TRUE(client.create_log_stream({"/e2e/d1", "a"}));
  ASSERT_TRUE(client.create_log_stream({"/e2e/d1", "b"}));
  describe_log_streams_request streams;
  streams.log_group_name = "/e2e/d1";
  const auto listed = client.describe_log_streams(streams);
  ASSERT_TRUE(listed) << listed.error().message;
  EXPECT_EQ(listed->log_streams.size(), 2u);
  ASSERT_TRUE(client.delete_log_stream("/e2e/d1", "a"));
  ASSERT_TRUE(client.delete_log_group("/e2e/d2"));
}

TEST_F(logs_local_e2e, service_errors_are_typed) {
  auto client = make_client();
  const auto missing = client.create_log_stream({"/e2e/none", "s"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, logs_errc::resource_not_found) << missing.error().aws_type;
  ASSERT_TRUE(client.create_log_group({"/e2e/dup", "", {}, ""}));
  const auto dup = client.create_log_group({"/e2e/dup", "", {}, ""});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, logs_errc::resource_already_exists) << dup.error().aws_type;
}

TEST_F(logs_local_e2e, wrong_secret_is_rejected_and_not_retried) {
  auto client = make_client({local_default_access_key_id, "not-the-secret", "", std::nullopt});
  const auto result = client.create_log_group({"/e2e/x", "", {}, ""});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::invalid_signature) << result.error().aws_type;
  EXPECT_FALSE(is_retryable(result.error()));
}

}  // namespace
}  // namespace cwlog::detail

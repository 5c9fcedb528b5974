// Every operation over real HTTP against the stand-in: the JSON sent, the
// protocol headers, a signature that verifies server-side, and the typed
// response decoded.
#include <gtest/gtest.h>

#include <cwlog/error.h>

#include "http/curl_transport.h"
#include "logs/logs_client.h"
#include "logs/logs_stand_in.h"

namespace cwlog::detail {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using test::logs_stand_in;
using test::manual_clock;
using test::scripted_response;

const credentials client_creds{"AKIDTEST", "secret-test-key", "", std::nullopt};

class logs_client_test : public ::testing::Test {
 protected:
  logs_client make_client(logs_client_config config = {}) {
    config.endpoint = server_.url();
    config.region = "us-east-1";
    config.retry.sleep = [](std::chrono::milliseconds) {};
    config.retry.jitter_seed = 42;
    return logs_client(config, make_curl_transport(),
                       std::make_shared<static_credentials_provider>(client_creds), clock_);
  }

  // The one request the stand-in got: protocol headers right and signature valid.
  test::recorded_request only_request(std::string_view op) {
    const auto requests = server_.requests();
    EXPECT_EQ(requests.size(), 1u);
    if (requests.empty()) return {};
    const auto& r = requests.front();
    EXPECT_EQ(r.target, "Logs_20140328." + std::string(op));
    EXPECT_EQ(r.content_type, "application/x-amz-json-1.1");
    EXPECT_EQ(r.amz_date, "20260101T120000Z");
    EXPECT_TRUE(r.signature_ok) << r.verify_error;
    return r;
  }

  logs_stand_in server_{"AKIDTEST", "secret-test-key"};
  std::shared_ptr<manual_clock> clock_ =
      std::make_shared<manual_clock>(sigv4::parse_amz_date("20260101T120000Z").value());
};

TEST_F(logs_client_test, create_log_group_with_kms_tags_and_class) {
  auto client = make_client();
  ASSERT_TRUE(client.create_log_group({"/app/web",
                                       "arn:aws:kms:us-east-1:111122223333:key/abc",
                                       {{"team", "core"}, {"env", "prod"}},
                                       "INFREQUENT_ACCESS"}));
  EXPECT_EQ(only_request("CreateLogGroup").body,
            json::parse(R"({"logGroupName":"/app/web","kmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/abc",
                "tags":{"team":"core","env":"prod"},"logGroupClass":"INFREQUENT_ACCESS"})"));
}

TEST_F(logs_client_test, create_log_group_minimal_sends_only_the_name) {
  auto client = make_client();
  ASSERT_TRUE(client.create_log_group({"/app/web", "", {}, ""}));
  EXPECT_EQ(only_request("CreateLogGroup").body, json::parse(R"({"logGroupName":"/app/web"})"));
}

TEST_F(logs_client_test, create_log_stream) {
  auto client = make_client();
  ASSERT_TRUE(client.create_log_stream({"/app/web", "host-1"}));
  EXPECT_EQ(only_request("CreateLogStream").body,
            json::parse(R"({"logGroupName":"/app/web","logStreamName":"host-1"})"));
}

TEST_F(logs_client_test, put_log_events_and_rejected_info) {
  server_.push({200, R"({"nextSequenceToken":"49","rejectedLogEventsInfo":{"tooNewLogEventStartIndex":2,
      "tooOldLogEventEndIndex":0,"expiredLogEventEndIndex":1}})"});
  auto client = make_client();
  const auto result = client.put_log_events({"/app/web", "host-1", {{1000, "one"}, {2000, "two \"q\""}}, ""});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->next_sequence_token, "49");
  ASSERT_TRUE(result->rejected_info);
  EXPECT_EQ(result->rejected_info->too_new_log_event_start_index, 2);
  EXPECT_EQ(result->rejected_info->too_old_log_event_end_index, 0);
  EXPECT_EQ(result->rejected_info->expired_log_event_end_index, 1);
  EXPECT_EQ(only_request("PutLogEvents").body,
            json::parse(R"({"logGroupName":"/app/web","logStreamName":"host-1",
      "logEvents":[{"timestamp":1000,"message":"one"},{"timestamp":2000,"message":"two \"q\""}]})"));
}

TEST_F(logs_client_test, put_log_events_without_rejections) {
  auto client = make_client();
  const auto result = client.put_log_events_once({"g", "s", {{1, "x"}}, ""});
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->rejected_info);
  only_request("PutLogEvents");
}

TEST_F(logs_client_test, put_log_events_gzip_is_signed_over_compressed_bytes) {
  logs_client_config config;
  config.gzip_put_log_events = true;
  auto client = make_client(config);
  ASSERT_TRUE(client.put_log_events({"g", "s", {{1, std::string(5000, 'z')}}, ""}));
  const auto r = only_request("PutLogEvents");
  EXPECT_EQ(r.content_encoding, "gzip");
  EXPECT_EQ(r.body["logEvents"][0]["message"], std::string(5000, 'z'));
}

TEST_F(logs_client_test, invalid_utf8_in_a_message_does_not_throw) {
  auto client = make_client();
  ASSERT_TRUE(client.put_log_events({"g", "s", {{1, "bad \xff\xfe bytes"}}, ""}));
  const auto r = only_request("PutLogEvents");
  EXPECT_EQ(r.body["logEvents"][0]["message"], "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes");
}

TEST_F(logs_client_test, retention_policy_put_and_delete) {
  auto client = make_client();
  ASSERT_TRUE(client.put_retention_policy({"g", 30}));
  EXPECT_EQ(only_request("PutRetentionPolicy").body,
            json::parse(R"({"logGroupName":"g","retentionInDays":30})"));
  ASSERT_TRUE(client.delete_retention_policy("g"));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, "Logs_20140328.DeleteRetentionPolicy");
  EXPECT_EQ(requests[1].body, json::parse(R"({"logGroupName":"g"})"));
}

TEST_F(logs_client_test, delete_log_group_and_stream) {
  auto client = make_client();
  ASSERT_TRUE(client.delete_log_stream("g", "s"));
  EXPECT_EQ(only_request("DeleteLogStream").body, json::parse(R"({"logGroupName":"g","logStreamName":"s"})"));
  ASSERT_TRUE(client.delete_log_group("g"));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].target, "Logs_20140328.DeleteLogGroup");
  EXPECT_TRUE(requests[1].signature_ok);
}

TEST_F(logs_client_test, describe_log_groups) {
  server_.push({200, R"({"logGroups":[{"logGroupName":"/a","arn":"arn:aws:logs:us-east-1:1:log-group:/a:*",
      "logGroupArn":"arn:aws:logs:us-east-1:1:log-group:/a","creationTime":1700000000000,"retentionInDays":7,
      "storedBytes":12,"logGroupClass":"STANDARD","metricFilterCount":0}],"nextToken":"n2"})"});
  auto client = make_client();
  const auto result = client.describe_log_groups({"/a", "n1", 10});
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->log_groups.size(), 1u);
  EXPECT_EQ(result->log_groups[0].log_group_name, "/a");
  EXPECT_EQ(result->log_groups[0].log_group_arn, "arn:aws:logs:us-east-1:1:log-group:/a");
  EXPECT_EQ(result->log_groups[0].retention_in_days, 7);
  EXPECT_EQ(result->log_groups[0].creation_time, 1700000000000);
  EXPECT_EQ(result->log_groups[0].log_group_class, "STANDARD");
  EXPECT_EQ(result->next_token, "n2");
  EXPECT_EQ(only_request("DescribeLogGroups").body,
            json::parse(R"({"logGroupNamePrefix":"/a","nextToken":"n1","limit":10})"));
}

TEST_F(logs_client_test, describe_log_streams) {
  server_.push({200, R"({"logStreams":[{"logStreamName":"s1","creationTime":5,"lastEventTimestamp":9,
      "arn":"arn:x"}]})"});
  auto client = make_client();
  const auto result = client.describe_log_streams({"g", "s", "LogStreamName", true, "", 5});
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->log_streams.size(), 1u);
  EXPECT_EQ(result->log_streams[0].log_stream_name, "s1");
  EXPECT_EQ(result->log_streams[0].last_event_timestamp, 9);
  EXPECT_FALSE(result->log_streams[0].first_event_timestamp);
  EXPECT_EQ(result->next_token, "");
  EXPECT_EQ(only_request("DescribeLogStreams").body,
            json::parse(R"({"logGroupName":"g","logStreamNamePrefix":"s","orderBy":"LogStreamName",
                "descending":true,"limit":5})"));
}

TEST_F(logs_client_test, get_log_events) {
  server_.push({200, R"({"events":[{"timestamp":1,"message":"m1","ingestionTime":2}],
      "nextForwardToken":"f/1","nextBackwardToken":"b/1"})"});
  auto client = make_client();
  const auto result = client.get_log_events({"g", "s", 100, 200, "tok", true, 50});
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->events.size(), 1u);
  EXPECT_EQ(result->events[0].message, "m1");
  EXPECT_EQ(result->events[0].ingestion_time, 2);
  EXPECT_EQ(result->next_forward_token, "f/1");
  EXPECT_EQ(result->next_backward_token, "b/1");
  EXPECT_EQ(only_request("GetLogEvents").body,
            json::parse(R"({"logGroupName":"g","logStreamName":"s","startTime":100,"endTime":200,
                "nextToken":"tok","startFromHead":true,"limit":50})"));
}

TEST_F(logs_client_test, filter_log_events) {
  server_.push({200, R"({"events":[{"logStreamName":"s1","timestamp":3,"message":"ERROR x","ingestionTime":4,
      "eventId":"e1"}],"searchedLogStreams":[],"nextToken":"nt"})"});
  auto client = make_client();
  const auto result = client.filter_log_events({"g", {"s1", "s2"}, 1, 9, "ERROR", "", 25});
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->events.size(), 1u);
  EXPECT_EQ(result->events[0].log_stream_name, "s1");
  EXPECT_EQ(result->events[0].event_id, "e1");
  EXPECT_EQ(result->next_token, "nt");
  EXPECT_EQ(only_request("FilterLogEvents").body,
            json::parse(R"({"logGroupName":"g","logStreamNames":["s1","s2"],"startTime":1,"endTime":9,
                "filterPattern":"ERROR","limit":25})"));
}

TEST_F(logs_client_test, tags_tag_untag_list) {
  const std::string arn = "arn:aws:logs:us-east-1:1:log-group:g";
  server_.push({200, ""});
  server_.push({200, ""});
  server_.push({200, R"({"tags":{"team":"core"}})"});
  auto client = make_client();
  ASSERT_TRUE(client.tag_resource(arn, {{"team", "core"}}));
  ASSERT_TRUE(client.untag_resource(arn, {"old"}));
  const auto tags = client.list_tags_for_resource(arn);
  ASSERT_TRUE(tags) << tags.error().message;
  EXPECT_EQ(*tags, (tag_map{{"team", "core"}}));
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].target, "Logs_20140328.TagResource");
  EXPECT_EQ(requests[0].body, json::parse(R"({"resourceArn":")" + arn + R"(","tags":{"team":"core"}})"));
  EXPECT_EQ(requests[1].target, "Logs_20140328.UntagResource");
  EXPECT_EQ(requests[1].body, json::parse(R"({"resourceArn":")" + arn + R"(","tagKeys":["old"]})"));
  EXPECT_EQ(requests[2].target, "Logs_20140328.ListTagsForResource");
  for (const auto& r : requests) EXPECT_TRUE(r.signature_ok) << r.verify_error;
}

TEST_F(logs_client_test, generic_call_returns_the_json) {
  server_.push({200, R"({"anything":[1,2]})"});
  auto client = make_client();
  const auto result = client.call("DescribeDestinations", json::object());
  ASSERT_TRUE(result);
  EXPECT_EQ((*result)["anything"], json::parse("[1,2]"));
  only_request("DescribeDestinations");
}

TEST_F(logs_client_test, session_token_is_sent_and_signed) {
  const credentials temporary{"AKIDTEST", "secret-test-key", "session-token-1", std::nullopt};
  logs_client_config config;
  config.endpoint = server_.url();
  config.region = "us-east-1";
  logs_client client(config, make_curl_transport(), std::make_shared<static_credentials_provider>(temporary),
                     clock_);
  ASSERT_TRUE(client.create_log_stream({"g", "s"}));
  EXPECT_EQ(only_request("CreateLogStream").security_token, "session-token-1");
}

TEST_F(logs_client_test, wrong_shape_in_a_success_body_is_malformed_response) {
  server_.push({200, R"({"logGroups":"not a list"})"});
  server_.push({200, R"(["an array"])"});
  auto client = make_client();
  const auto a = client.describe_log_groups({});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind, logs_errc::malformed_response);
  const auto b = client.describe_log_groups({});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().kind, logs_errc::malformed_response);
}

TEST(logs_client_config_test, bad_configuration_throws) {
  auto clock = std::make_shared<system_clock_source>();
  auto provider = std::make_shared<static_credentials_provider>(client_creds);
  auto transport = make_curl_transport();
  EXPECT_THROW(
      logs_client({"logs.us-east-1.amazonaws.com", "us-east-1", {}, false, {}}, transport, provider, clock),
      cwlog::error);
  EXPECT_THROW(logs_client({"https://", "us-east-1", {}, false, {}}, transport, provider, clock),
               cwlog::error);
  EXPECT_THROW(
      logs_client({"https://logs.us-east-1.amazonaws.com", "", {}, false, {}}, transport, provider, clock),
      cwlog::error);
  EXPECT_THROW(logs_client({"https://logs.us-east-1.amazonaws.com", "us-east-1", {}, false, {}}, nullptr,
                           provider, clock),
               cwlog::error);
  EXPECT_NO_THROW(logs_client({"https://logs.us-east-1.amazonaws.com/", "us-east-1", {}, false, {}},
                              transport, provider, clock));
}

}  // namespace
}  // namespace cwlog::detail

// PutLogEvents rules, GetLogEvents tokens, FilterLogEvents and retention on reads.
#include <gtest/gtest.h>

#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::int64_t hour = 3'600'000;
constexpr std::int64_t day = 24 * hour;

struct events_fixture : local_fixture {
  std::int64_t now = ms(fixed_test_time());
  events_fixture() {
    EXPECT_EQ(call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
    EXPECT_EQ(call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  }
  api_reply put(json events, const std::string& stream = "s") {
    return call("PutLogEvents",
                {{"logGroupName", "g"}, {"logStreamName", stream}, {"logEvents", std::move(events)}});
  }
  static json ev(std::int64_t ts, const std::string& m) { return {{"timestamp", ts}, {"message", m}}; }
  json get(json in) {
    in["logGroupName"] = "g";
    in["logStreamName"] = "s";
    auto r = call("GetLogEvents", in);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
};

TEST(LocalPut, StoresAndReadsBack) {
  events_fixture f;
  auto r = f.put({f.ev(f.now - 2, "one"), f.ev(f.now - 1, "two")});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_FALSE(r.body.contains("rejectedLogEventsInfo"));
  EXPECT_TRUE(r.body.contains("nextSequenceToken"));
  auto b = f.get({{"startFromHead", true}});
  ASSERT_EQ(b["events"].size(), 2u);
  EXPECT_EQ(b["events"][0]["message"], "one");
  EXPECT_EQ(b["events"][0]["timestamp"], f.now - 2);
  EXPECT_EQ(b["events"][0]["ingestionTime"], f.now);
  EXPECT_EQ(b["events"][1]["message"], "two");
  EXPECT_EQ(f.server->stats().events_stored, 2u);
}

TEST(LocalPut, MissingGroupOrStream) {
  events_fixture f;
  auto r = f.call("PutLogEvents",
                  {{"logGroupName", "nope"}, {"logStreamName", "s"}, {"logEvents", {f.ev(f.now, "x")}}});
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log group does not exist.");
  r = f.put({f.ev(f.now, "x")}, "nope");
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log stream does not exist.");
}

TEST(LocalPut, BatchRules) {
  events_fixture f;
  // Empty batch.
  auto r = f.put(json::array());
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(
      r.message.find("at 'logEvents' failed to satisfy constraint: Member must have length greater than or "
                     "equal to 1"),
      std::string::npos)
      << r.message;
  // Out of order.
  r = f.put({f.ev(f.now, "b"), f.ev(f.now - 1, "a")});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message, "Log events in a single PutLogEvents request must be in chronological order.");
  // Too many events.
  json many = json::array();
  for (int i = 0; i < 10'001; ++i) many.push_back(f.ev(f.now, "x"));
  r = f.put(many);
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(r.message.find("Member must have length less than or equal to 10000"), std::string::npos);
  many.erase(many.begin());
  EXPECT_EQ(f.put(many).status, 200);  // exactly 10,000 is fine
  // Batch too large: 2 x (524,263 + 26) = 1,048,578 bytes.
  r = f.put({f.ev(f.now, std::string(524'263, 'a')), f.ev(f.now, std::string(524'263, 'b'))});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message, "Upload too large: 1048578 bytes exceeds limit of 1048576");
  EXPECT_EQ(f.put({f.ev(f.now, std::string(524'262, 'a')), f.ev(f.now, std::string(524'262, 'b'))}).status,
            200);
  // One event too large.
  r = f.put({f.ev(f.now, std::string(1'048'551, 'a'))});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_NE(r.message.find("1048550"), std::string::npos) << r.message;
  EXPECT_EQ(f.put({f.ev(f.now, std::string(1'048'550, 'a'))}).status, 200);
  // Empty message (model: min length 1).
  EXPECT_EQ(f.put({f.ev(f.now, "")}).type, "InvalidParameterException");
  // More than 24 hours between the first and last event.
  r = f.put({f.ev(f.now - day - 1, "a"), f.ev(f.now, "b")});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message,
            "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  EXPECT_EQ(f.put({f.ev(f.now - day, "a"), f.ev(f.now, "b")}).status, 200);
}

TEST(LocalPut, TooOldTooNewExpiredAreRejectedNotStored) {
  events_fixture f;
  const auto before = f.server->stats().events_stored;
  auto r = f.put({f.ev(f.now - 15 * day, "old1"), f.ev(f.now - 14 * day - 1, "old2"), f.ev(f.now, "ok"),
                  f.ev(f.now + 2 * hour + 1, "new")});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["rejectedLogEventsInfo"],
            json({{"tooOldLogEventEndIndex", 2}, {"tooNewLogEventStartIndex", 3}}));
  EXPECT_EQ(f.server->stats().events_stored - before, 1u);
  auto b = f.get({{"startFromHead", true}});
  ASSERT_EQ(b["events"].size(), 1u);
  EXPECT_EQ(b["events"][0]["message"], "ok");

  ASSERT_EQ(f.call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 1}}).status, 200);
  r = f.put({f.ev(f.now - 3 * day, "expired"), f.ev(f.now - 1, "fresh")});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["rejectedLogEventsInfo"], json({{"expiredLogEventEndIndex", 1}}));
  EXPECT_EQ(f.get({{"startFromHead", true}})["events"].size(), 2u);
}

TEST(LocalRead, RetentionAppliesToReads) {
  events_fixture f;
  // Two batches: one batch may not span more than 24 hours.
  ASSERT_EQ(f.put({f.ev(f.now - 5 * day, "five days ago")}).status, 200);
  ASSERT_EQ(f.put({f.ev(f.now - 1 * hour, "an hour ago")}).status, 200);
  EXPECT_EQ(f.get({{"startFromHead", true}})["events"].size(), 2u);
  ASSERT_EQ(f.call("PutRetentionPolicy", {{"logGroupName", "g"}, {"retentionInDays", 3}}).status, 200);
  auto b = f.get({{"startFromHead", true}});
  ASSERT_EQ(b["events"].size(), 1u);
  EXPECT_EQ(b["events"][0]["message"], "an hour ago");
  // Time passes: the second event expires too.
  f.clock->advance(std::chrono::hours(24 * 3));
  EXPECT_EQ(f.get({{"startFromHead", true}})["events"].size(), 0u);
  auto fr = f.call("FilterLogEvents", {{"logGroupName", "g"}});
  EXPECT_EQ(fr.body["events"].size(), 0u) << fr.raw;
  // Removing the policy makes them readable again (nothing was deleted).
  ASSERT_EQ(f.call("DeleteRetentionPolicy", {{"logGroupName", "g"}}).status, 200);
  EXPECT_EQ(f.get({{"startFromHead", true}})["events"].size(), 2u);
}

TEST(LocalRead, ForwardAndBackwardTokens) {
  events_fixture f;
  json batch = json::array();
  for (int i = 0; i < 10; ++i) batch.push_back(f.ev(f.now - 100 + i, "m" + std::to_string(i)));
  ASSERT_EQ(f.put(batch).status, 200);

  // From the head, 4 at a time, until the forward token repeats.
  std::vector<std::string> seen;
  json in = {{"startFromHead", true}, {"limit", 4}};
  std::string token;
  for (int guard = 0; guard < 10; ++guard) {
    auto b = f.get(in);
    for (const auto& e : b["events"]) seen.push_back(e["message"]);
    if (b["nextForwardToken"] == token) break;
    token = b["nextForwardToken"];
    in = {{"nextToken", token}, {"limit", 4}};
  }
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_EQ(seen.front(), "m0");
  EXPECT_EQ(seen.back(), "m9");

  // Without startFromHead: the newest events first, then backwards.
  auto b = f.get({{"limit", 3}});
  ASSERT_EQ(b["events"].size(), 3u);
  EXPECT_EQ(b["events"][0]["message"], "m7");
  EXPECT_EQ(b["events"][2]["message"], "m9");
  auto back = f.get({{"limit", 3}, {"nextToken", b["nextBackwardToken"]}});
  ASSERT_EQ(back["events"].size(), 3u);
  EXPECT_EQ(back["events"][0]["message"], "m4");
  EXPECT_EQ(back["events"][2]["message"], "m6");
  auto fwd = f.get({{"limit", 3}, {"nextToken", back["nextForwardToken"]}});
  EXPECT_EQ(fwd["events"][0]["message"], "m7");

  // Time range: [startTime, endTime).
  auto ranged = f.get({{"startFromHead", true}, {"startTime", f.now - 98}, {"endTime", f.now - 95}});
  ASSERT_EQ(ranged["events"].size(), 3u);
  EXPECT_EQ(ranged["events"][0]["message"], "m2");

  auto bad = f.call("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"nextToken", "zzz"}});
  EXPECT_EQ(bad.type, "InvalidParameterException");
}

TEST(LocalRead, FilterAcrossStreamsWithPatternAndPages) {
  events_fixture f;
  ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "t"}}).status, 200);
  ASSERT_EQ(
      f.put({f.ev(f.now - 10, "ERROR one"), f.ev(f.now - 8, "INFO two"), f.ev(f.now - 6, "ERROR three")})
          .status,
      200);
  ASSERT_EQ(f.put({f.ev(f.now - 9, "ERROR four"), f.ev(f.now - 7, "INFO five")}, "t").status, 200);

  auto r = f.call("FilterLogEvents", {{"logGroupName", "g"}, {"filterPattern", "ERROR"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["events"].size(), 3u);
  EXPECT_EQ(r.body["events"][0]["message"], "ERROR one");
  EXPECT_EQ(r.body["events"][1]["message"], "ERROR four");
  EXPECT_EQ(r.body["events"][1]["logStreamName"], "t");
  EXPECT_EQ(r.body["events"][2]["message"], "ERROR three");
  EXPECT_TRUE(r.body["events"][0].contains("eventId"));
  EXPECT_EQ(r.body["searchedLogStreams"].size(), 2u);

  // Paging with limit 2 over everything.
  std::vector<std::string> all;
  json in = {{"logGroupName", "g"}, {"limit", 2}};
  for (int guard = 0; guard < 10; ++guard) {
    auto p = f.call("FilterLogEvents", in);
    ASSERT_EQ(p.status, 200) << p.raw;
    for (const auto& e : p.body["events"]) all.push_back(e["message"]);
    if (!p.body.contains("nextToken")) break;
    in["nextToken"] = p.body["nextToken"];
  }
  EXPECT_EQ(all.size(), 5u);

  r = f.call("FilterLogEvents", {{"logGroupName", "g"}, {"logStreamNames", {"t"}}});
  EXPECT_EQ(r.body["events"].size(), 2u);
  r = f.call("FilterLogEvents", {{"logGroupName", "g"}, {"startTime", f.now - 8}, {"endTime", f.now - 6}});
  EXPECT_EQ(r.body["events"].size(), 2u);
  r = f.call("FilterLogEvents", {{"logGroupName", "g"}, {"filterPattern", "{ $.a = "}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  r = f.call("FilterLogEvents", {{"logGroupName", "nope"}});
  EXPECT_EQ(r.type, "ResourceNotFoundException");
}

TEST(LocalRead, ResponsesStopAtOneMegabyte) {
  events_fixture f;
  // 3 x ~400 KB events: a GetLogEvents page holds only two of them (1 MB cap).
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(f.put({f.ev(f.now - 10 + i, std::string(400'000, static_cast<char>('a' + i)))}).status, 200);
  auto b = f.get({{"startFromHead", true}});
  ASSERT_EQ(b["events"].size(), 2u);
  auto rest = f.get({{"nextToken", b["nextForwardToken"]}});
  ASSERT_EQ(rest["events"].size(), 1u);
  EXPECT_EQ(rest["events"][0]["message"].get<std::string>()[0], 'c');
}

TEST(LocalRead, GroupByIdentifier) {
  events_fixture f;
  ASSERT_EQ(f.put({f.ev(f.now, "x")}).status, 200);
  auto r = f.call("GetLogEvents", {{"logGroupIdentifier", "arn:aws:logs:us-east-1:123456789012:log-group:g"},
                                   {"logStreamName", "s"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["events"].size(), 1u);
  // The model's pattern for identifiers has no '*': an ARN with ":*" is refused.
  r = f.call("GetLogEvents", {{"logGroupIdentifier", "arn:aws:logs:us-east-1:123456789012:log-group:g:*"},
                              {"logStreamName", "s"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
  r = f.call("FilterLogEvents", {{"logGroupIdentifier", "g"}});
  EXPECT_EQ(r.body["events"].size(), 1u) << r.raw;
  r = f.call("FilterLogEvents", {{"logGroupIdentifier", "g"}, {"logGroupName", "g"}});
  EXPECT_EQ(r.type, "InvalidParameterException");
}

}  // namespace
}  // namespace cwlog::test

// PutLogEvents bodies as bytes on the wire, through both readers of cwlog
// local (src/local/put_request.h): the fast one (simdjson on-demand) takes
// what clients send, and every other body gets the general path's answer —
// the same status, __type and message as before the fast reader existed.
// Each case says which path read it (the server's put_bodies_general count).
// LocalPutBodyBothModes runs its cases with and without --discard.
#include <gtest/gtest.h>

#include "rules/put_log_events.h"
#include "support/local_fixture.h"

namespace cwlog::test {
namespace {

using nlohmann::json;

struct body_fixture : local_fixture {
  std::int64_t now = ms(fixed_test_time());
  explicit body_fixture(detail::local_server_options o = {}) : local_fixture(std::move(o)) {
    EXPECT_EQ(call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
    EXPECT_EQ(call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  }
  // POSTs `body` as it is, signed; emf: with "x-amzn-logs-format: json/emf".
  api_reply put_raw(const std::string& body, bool emf = false) {
    detail::http_request req;
    req.url = "http://127.0.0.1:" + std::to_string(port()) + "/";
    req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                   {"X-Amz-Target", "Logs_20140328.PutLogEvents"}};
    if (emf) req.headers.push_back({"x-amzn-logs-format", "json/emf"});
    req.body = body;
    detail::sigv4::sign(req, {"AKIDLOCAL", "cwlog-local-secret", "", std::nullopt}, "us-east-1", "logs",
                        clock->now());
    return client->send(req);
  }
  // A body with `events` (raw JSON) spliced in.
  static std::string body_with(const std::string& events) {
    return R"({"logGroupName":"g","logStreamName":"s","logEvents":)" + events + "}";
  }
  std::string event(const std::string& message_json) const {
    return R"({"timestamp":)" + std::to_string(now) + R"(,"message":)" + message_json + "}";
  }
  std::uint64_t general() const { return server->stats().put_bodies_general; }
  json stored() {
    auto r = call("GetLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"startFromHead", true}});
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body["events"];
  }
};

constexpr const char* not_json = "Request body is not valid JSON.";

// Tests run against a server that stores and one with --discard, which
// reads messages for their sizes only (put_messages::sizes_only): the
// answers must be the same. The parameter: discard.
struct LocalPutBodyBothModes : ::testing::TestWithParam<bool> {
  static detail::local_server_options options() {
    detail::local_server_options o;
    o.discard = GetParam();
    return o;
  }
};
INSTANTIATE_TEST_SUITE_P(StoredAndDiscard, LocalPutBodyBothModes, ::testing::Bool(),
                         [](const auto& param_info) { return param_info.param ? "discard" : "stored"; });

TEST(LocalPutBody, ClientBodiesTakeTheFastReader) {
  body_fixture f;
  // Escapes of every kind, a 4-byte character as a surrogate pair, a sequence token.
  const std::string body = R"({"logGroupName":"g","logStreamName":"s","sequenceToken":"49590",)"
                           R"("logEvents":[)" +
                           f.event(R"("tab\tquote\"nl\nbs\\slash\/")") + "," +
                           f.event(R"("\u00e9t\u00e9 \ud83d\ude00 end")") + "," +
                           R"({"message":"key order","timestamp":)" + std::to_string(f.now) + "}]}";
  auto r = f.put_raw(body);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(f.general(), 0u);
  const auto events = f.stored();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["message"], "tab\tquote\"nl\nbs\\slash/");
  EXPECT_EQ(events[1]["message"], "\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 end");
  EXPECT_EQ(events[2]["message"], "key order");
  EXPECT_EQ(f.server->stats().events_stored, 3u);
}

TEST(LocalPutBody, RulesAfterTheModelAreTheSameOnTheFastPath) {
  body_fixture f;
  auto r = f.put_raw(body_fixture::body_with("[" + f.event(R"("b")") + R"(,{"timestamp":)" +
                                             std::to_string(f.now - 1) + R"(,"message":"a"}])"));
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message, "Log events in a single PutLogEvents request must be in chronological order.");
  r = f.put_raw(R"({"logGroupName":"nope","logStreamName":"s","logEvents":[)" + f.event(R"("x")") + "]}");
  EXPECT_EQ(r.type, "ResourceNotFoundException");
  EXPECT_EQ(r.message, "The specified log group does not exist.");
  // INT64_MAX is a valid long: too new, reported, not stored.
  r = f.put_raw(body_fixture::body_with(R"([{"timestamp":9223372036854775807,"message":"x"}])"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["rejectedLogEventsInfo"]["tooNewLogEventStartIndex"], 0);
  EXPECT_EQ(f.general(), 0u);
}

TEST_P(LocalPutBodyBothModes, NotJsonIsASerializationError) {
  body_fixture f(options());
  const std::string ok = f.event(R"("x")");
  const std::string bodies[] = {
      body_fixture::body_with("[" + f.event("\"bad \xc3 utf8\"") + "]"),           // truncated sequence
      body_fixture::body_with("[" + f.event("\"overlong \xc0\xaf\"") + "]"),       // overlong '/'
      body_fixture::body_with("[" + f.event("\"surrogate \xed\xa0\x80\"") + "]"),  // UTF-8 of U+D800
      body_fixture::body_with("[" + f.event(R"("lone \ud800")") + "]"),
      body_fixture::body_with("[" + f.event(R"("lone low \udc00")") + "]"),
      body_fixture::body_with("[" + f.event("\"raw\ttab\"") + "]"),
      body_fixture::body_with("[" + f.event("\"raw\x01control\"") + "]"),
      body_fixture::body_with("[" + f.event(R"("bad \x escape")") + "]"),
      body_fixture::body_with("[" + ok + "]") + " x",
      body_fixture::body_with("[" + ok + "]") + "}",
      body_fixture::body_with("[" + ok + "]") + "{}",
      body_fixture::body_with("[" + ok + ",]"),
      body_fixture::body_with("[" + ok + "]").substr(0, 60),
      body_fixture::body_with(R"([{"timestamp":1e400,"message":"x"}])"),
      body_fixture::body_with(R"([{"timestamp":01,"message":"x"}])"),
      R"({"logGroupName":'g'})",
  };
  for (const auto& body : bodies) {
    auto r = f.put_raw(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.type, "SerializationException") << body;
    EXPECT_EQ(r.message, not_json) << body;
  }
  EXPECT_EQ(f.general(), 0u);  // refused before the operation: never a valid input
  EXPECT_EQ(f.server->stats().events_accepted, 0u);
}

TEST_P(LocalPutBodyBothModes, WrongTypesAndHugeNumbers) {
  body_fixture f(options());
  const std::string ts_path = "'logEvents.1.member.timestamp'";
  const std::pair<std::string, std::string> cases[] = {
      {R"([{"timestamp":"1","message":"x"}])", "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":1.5,"message":"x"}])", "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":1e3,"message":"x"}])", "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":true,"message":"x"}])", "Start of an integer expected for " + ts_path},
      // Past a Java long (the service's type); nlohmann reads the first two as unsigned.
      {R"([{"timestamp":9223372036854775808,"message":"x"}])", "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":18446744073709551615,"message":"x"}])",
       "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":18446744073709551616,"message":"x"}])",
       "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":-9223372036854775809,"message":"x"}])",
       "Start of an integer expected for " + ts_path},
      {R"([{"timestamp":1,"message":7}])", "Start of a string expected for 'logEvents.1.member.message'"},
      {R"([{"timestamp":1,"message":["x"]}])", "Start of a string expected for 'logEvents.1.member.message'"},
      {R"({"timestamp":1,"message":"x"})", "Start of a list expected for 'logEvents'"},
      {R"(["x"])", "Start of a structure expected for 'logEvents.1.member'"},
  };
  for (const auto& [events, message] : cases) {
    auto r = f.put_raw(body_fixture::body_with(events));
    EXPECT_EQ(r.type, "SerializationException") << events;
    EXPECT_EQ(r.message, message) << events;
  }
  auto r = f.put_raw(R"({"logGroupName":1,"logStreamName":"s","logEvents":[)" + f.event(R"("x")") + "]}");
  EXPECT_EQ(r.message, "Start of a string expected for 'logGroupName'");
  r = f.put_raw("[]");
  EXPECT_EQ(r.type, "SerializationException");
  EXPECT_EQ(r.message, "Start of structure or map found where not expected.");
  EXPECT_EQ(f.server->stats().events_accepted, 0u);
}

TEST_P(LocalPutBodyBothModes, ModelConstraintsKeepTheirMessages) {
  body_fixture f(options());
  const std::string ev = f.event(R"("x")");
  const std::pair<std::string, std::string> cases[] = {
      {body_fixture::body_with(R"([{"timestamp":-1,"message":"x"}])"),
       "1 validation error detected: Value '-1' at 'logEvents.1.member.timestamp' failed to satisfy "
       "constraint: Member must have value greater than or equal to 0"},
      {body_fixture::body_with(R"([{"timestamp":1,"message":""}])"),
       "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy "
       "constraint: Member must have length greater than or equal to 1"},
      {body_fixture::body_with(R"([{"timestamp":1}])"),
       "1 validation error detected: Value null at 'logEvents.1.member.message' failed to satisfy "
       "constraint: Member must not be null"},
      {body_fixture::body_with(R"([{"message":"x","timestamp":null}])"),
       "1 validation error detected: Value null at 'logEvents.1.member.timestamp' failed to satisfy "
       "constraint: Member must not be null"},
      // A null event: refused by the model (it used to reach the operation: 500 InternalFailure).
      {body_fixture::body_with("[" + ev + ",null]"),
       "1 validation error detected: Value null at 'logEvents.2.member' failed to satisfy constraint: "
       "Member must not be null"},
      {R"({"logGroupName":"g","logEvents":[)" + ev + "]}",
       "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member "
       "must not be null"},
      {"{}",
       "3 validation errors detected: Value null at 'logGroupName' failed to satisfy constraint: Member "
       "must not be null; Value null at 'logStreamName' failed to satisfy constraint: Member must not be "
       "null; Value null at 'logEvents' failed to satisfy constraint: Member must not be null"},
      {R"({"logGroupName":"a b","logStreamName":"s:1","logEvents":[)" + ev + "]}",
       "2 validation errors detected: Value 'a b' at 'logGroupName' failed to satisfy constraint: Member "
       "must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; Value 's:1' at 'logStreamName' "
       "failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"},
      {R"({"logGroupName":"","logStreamName":"s","logEvents":[)" + ev + "]}",
       "2 validation errors detected: Value '' at 'logGroupName' failed to satisfy constraint: Member must "
       "have length greater than or equal to 1; Value '' at 'logGroupName' failed to satisfy constraint: "
       "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"},
      {R"({"logGroupName":"g","logStreamName":"s","sequenceToken":"","logEvents":[)" + ev + "]}",
       "1 validation error detected: Value '' at 'sequenceToken' failed to satisfy constraint: Member "
       "must have length greater than or equal to 1"},
      {body_fixture::body_with("[]"),
       "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have "
       "length greater than or equal to 1"},
  };
  for (const auto& [body, message] : cases) {
    auto r = f.put_raw(body);
    EXPECT_EQ(r.type, "InvalidParameterException") << body;
    EXPECT_EQ(r.message, message) << body;
  }
  // A stream name of 512 characters (two bytes each) passes; 513 does not.
  std::string name;
  for (int i = 0; i < 512; ++i) name += "\xc3\xa9";
  EXPECT_EQ(f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", name}}).status, 200);
  EXPECT_EQ(
      f.put_raw(R"({"logGroupName":"g","logStreamName":")" + name + R"(","logEvents":[)" + ev + "]}").status,
      200);
  auto r = f.put_raw(R"({"logGroupName":"g","logStreamName":")" + name + R"(x","logEvents":[)" + ev + "]}");
  EXPECT_NE(r.message.find("Member must have length less than or equal to 512"), std::string::npos)
      << r.message;
}

TEST(LocalPutBody, FormsTheFastReaderLeavesAreStillAccepted) {
  body_fixture f;
  const std::string ev = f.event(R"("x")");
  const std::string bodies[] = {
      // A repeated key: the last one counts (the first stream does not exist).
      R"({"logGroupName":"g","logStreamName":"nope","logStreamName":"s","logEvents":[)" + ev + "]}",
      // Escaped member names.
      R"({"logGroupN\u0061me":"g","logStreamName":"s","logEvents":[{"t\u0069mestamp":)" +
          std::to_string(f.now) + R"(,"message":"x"}]})",
      // A member the reader does not read, and the service ignores.
      R"({"logGroupName":"g","logStreamName":"s","unknownMember":{"a":[1,2]},"logEvents":[)" + ev + "]}",
      // entity, with the model's bounds.
      R"({"logGroupName":"g","logStreamName":"s","entity":{"keyAttributes":{"Type":"Service","Name":"n"}},)"
      R"("logEvents":[)" +
          ev + "]}",
      // A null sequence token (absent), a byte-order mark.
      R"({"logGroupName":"g","logStreamName":"s","sequenceToken":null,"logEvents":[)" + ev + "]}",
      "\xef\xbb\xbf" + body_fixture::body_with("[" + ev + "]"),
  };
  std::uint64_t expected_general = 0;
  for (const auto& body : bodies) {
    auto r = f.put_raw(body);
    EXPECT_EQ(r.status, 200) << body << "\n" << r.raw;
    EXPECT_EQ(f.general(), ++expected_general) << body;
  }
  EXPECT_EQ(f.stored().size(), std::size(bodies));
  // Repeated logEvents: the last array is the batch.
  auto r = f.put_raw(R"({"logGroupName":"g","logStreamName":"s","logEvents":[)" + ev + "," + ev +
                     R"(],"logEvents":[)" + f.event(R"("last")") + "]}");
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto events = f.stored();
  EXPECT_EQ(events.size(), std::size(bodies) + 1);
  EXPECT_EQ(events.back()["message"], "last");
}

// The size rules count bytes after unescaping, also when --discard reads the
// messages for their sizes only (put_request.h): a message whose escaped form
// is over the limit but whose content is within it is accepted.
TEST_P(LocalPutBodyBothModes, MessageSizesAreCountedAfterUnescaping) {
  body_fixture f(options());
  constexpr std::size_t limit = detail::max_event_message_bytes;
  static_assert(limit == 1'048'550);
  const auto put = [&f](const std::vector<std::string>& messages) {
    std::string events = "[";
    for (const auto& m : messages) events += (events.size() > 1 ? "," : "") + f.event(m);
    return f.put_raw(body_fixture::body_with(events + "]"));
  };
  const auto quoted = [](const std::string& content) { return "\"" + content + "\""; };
  std::string escapes;  // 200,000 bytes unescaped, 400,000 escaped: \" \\ \/ \n
  for (int i = 0; i < 50'000; ++i) escapes += R"(\"\\\/\n)";
  std::string two_byte;  // é: 2 bytes, 1 character
  for (std::size_t i = 0; i < limit / 2; ++i) two_byte += "\xc3\xa9";
  const std::string too_large = "Log event too large: 1048551 bytes exceeds limit of 1048550";

  EXPECT_EQ(put({quoted(std::string(limit, 'x'))}).status, 200);
  EXPECT_EQ(put({quoted(escapes + std::string(limit - 200'000, 'x'))}).status, 200);  // 1,248,550 escaped
  EXPECT_EQ(put({quoted(two_byte)}).status, 200);
  for (const auto& content :
       {std::string(limit + 1, 'x'), escapes + std::string(limit + 1 - 200'000, 'x'), two_byte + "x"}) {
    auto r = put({quoted(content)});
    EXPECT_EQ(r.type, "InvalidParameterException");
    EXPECT_EQ(r.message, too_large);
  }
  // The batch: 2 x (600,000 + 26) bytes.
  auto r = put({quoted(escapes + std::string(400'000, 'x')), quoted(std::string(600'000, 'y'))});
  EXPECT_EQ(r.type, "InvalidParameterException");
  EXPECT_EQ(r.message, "Upload too large: 1200052 bytes exceeds limit of 1048576");
  EXPECT_EQ(f.general(), 0u);  // every body took the fast reader
  EXPECT_EQ(f.server->stats().events_accepted, 3u);
  EXPECT_EQ(f.server->stats().events_stored, GetParam() ? 0u : 3u);
}

// --discard reads messages for their sizes only unless the request is EMF:
// a \u escape, which sizes-only mode does not count, sends the body to the
// general path there (still accepted), and EMF extraction gets the content.
TEST(LocalPutBody, DiscardReadsMessageContentOnlyForEmf) {
  detail::local_server_options o;
  o.discard = true;
  body_fixture f(o);
  const std::string accented = f.event(R"("\u00e9t\u00e9")");
  EXPECT_EQ(f.put_raw(body_fixture::body_with("[" + accented + "]")).status, 200);
  EXPECT_EQ(f.general(), 1u);
  EXPECT_EQ(f.put_raw(body_fixture::body_with("[" + accented + "]"), true).status, 200);
  EXPECT_EQ(f.general(), 1u);  // content mode reads \u escapes

  const std::string emf =
      R"({"_aws":{"Timestamp":)" + std::to_string(f.now) +
      R"(,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[["D"]],"Metrics":[{"Name":"M"}]}]},"D":"x","M":[1,2]})";
  const std::string emf_event = f.event(json(emf).dump());
  EXPECT_EQ(f.put_raw(body_fixture::body_with("[" + emf_event + "]"), true).status, 200);
  EXPECT_EQ(f.put_raw(body_fixture::body_with("[" + emf_event + "]")).status, 200);  // not EMF: ignored
  EXPECT_EQ(f.general(), 1u);
  httplib::Client c("127.0.0.1", f.port());
  auto res = c.Get("/_cwlog/api/metrics", {{"Authorization", "Bearer " + f.server->console_token()}});
  ASSERT_TRUE(res);
  const json metrics = json::parse(res->body);
  EXPECT_EQ(metrics["emfEvents"], 2);  // the accented message and the document
  EXPECT_EQ(metrics["emfMalformed"], 1);
  ASSERT_EQ(metrics["datapoints"].size(), 1u);
  EXPECT_EQ(metrics["datapoints"][0]["values"], json({1.0, 2.0}));
  EXPECT_EQ(f.server->stats().events_accepted, 4u);
  EXPECT_EQ(f.server->stats().events_stored, 0u);
}

}  // namespace
}  // namespace cwlog::test

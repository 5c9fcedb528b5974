// Retry behaviour against the stand-in: throttling backs off and succeeds,
// 4xx stops at once, the deadline and the budget bound the loop, clock skew
// re-signs with the server's time, ExpiredToken refreshes credentials once.
// Sleeping is injected and advances the manual clock, so nothing here waits.
#include <gtest/gtest.h>

#include <vector>

#include "http/curl_transport.h"
#include "logs/logs_client.h"
#include "logs/logs_stand_in.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::json;
using test::logs_stand_in;
using test::manual_clock;
using test::scripted_response;

const scripted_response throttled{400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})", {}};

class logs_retry_test : public ::testing::Test {
 protected:
  logs_client make_client(std::shared_ptr<credentials_provider> provider = nullptr) {
    config_.endpoint = server_.url();
    config_.region = "us-east-1";
    config_.retry.jitter_seed = 7;
    config_.retry.sleep = [this](std::chrono::milliseconds d) {
      sleeps_.push_back(d);
      clock_->advance(d);
    };
    if (!provider) {
      provider = std::make_shared<static_credentials_provider>(
          credentials{"AKIDTEST", "secret-test", "", std::nullopt});
    }
    return logs_client(config_, make_curl_transport(), provider, clock_);
  }

  logs_stand_in server_{"AKIDTEST", "secret-test"};
  std::shared_ptr<manual_clock> clock_ =
      std::make_shared<manual_clock>(sigv4::parse_amz_date("20260101T120000Z").value());
  logs_client_config config_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_F(logs_retry_test, throttled_twice_then_success_takes_three_attempts) {
  server_.push(throttled);
  server_.push(throttled);
  config_.retry.base_delay = 100ms;
  config_.retry.max_delay = 10s;
  auto client = make_client();
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(server_.count(), 3u);
  ASSERT_EQ(sleeps_.size(), 2u);
  // Full jitter: each wait within [0, base * 2^n].
  EXPECT_LE(sleeps_[0], 100ms);
  EXPECT_LE(sleeps_[1], 200ms);
  for (const auto& r : server_.requests()) EXPECT_TRUE(r.signature_ok) << r.verify_error;
}

TEST_F(logs_retry_test, invalid_parameter_is_not_retried) {
  server_.push({400, R"({"__type":"InvalidParameterException","message":"bad"})", {}});
  auto client = make_client();
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::invalid_parameter);
  EXPECT_EQ(server_.count(), 1u);
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(logs_retry_test, max_attempts_bounds_the_loop) {
  server_.respond_with([](const test::recorded_request&) { return throttled; });
  config_.retry.max_attempts = 4;
  config_.retry.deadline = 0ms;
  auto client = make_client();
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::throttling);
  EXPECT_EQ(server_.count(), 4u);
}

TEST_F(logs_retry_test, deadline_is_respected) {
  server_.respond_with([](const test::recorded_request&) { return throttled; });
  config_.retry.max_attempts = 1000;
  config_.retry.base_delay = 200ms;
  config_.retry.max_delay = 400ms;
  config_.retry.deadline = 2s;
  auto client = make_client();
  const auto start = clock_->steady_now();
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::throttling);
  EXPECT_LT(clock_->steady_now() - start, 2s);  // never slept past the deadline
  EXPECT_LT(server_.count(), 1000u);
  EXPECT_GT(server_.count(), 1u);
}

TEST_F(logs_retry_test, call_once_makes_a_single_attempt) {
  server_.push(throttled);
  auto client = make_client();
  const auto result =
      client.call_once("CreateLogStream", json{{"logGroupName", "g"}, {"logStreamName", "s"}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::throttling);
  EXPECT_EQ(server_.count(), 1u);
}

TEST_F(logs_retry_test, exhausted_budget_stops_retries) {
  struct empty_budget final : retry_budget {
    int asked = 0;
    bool try_acquire() override {
      ++asked;
      return false;
    }
  };
  auto budget = std::make_shared<empty_budget>();
  server_.push(throttled);
  config_.retry.budget = budget;
  auto client = make_client();
  ASSERT_FALSE(client.create_log_stream({"g", "s"}));
  EXPECT_EQ(server_.count(), 1u);
  EXPECT_EQ(budget->asked, 1);
}

TEST_F(logs_retry_test, clock_skew_resigns_with_the_server_time) {
  // The server's clock is 1 hour ahead; it rejects requests more than 5
  // minutes off, as CloudWatch does, and tells its time in Date.
  const auto server_time = sigv4::parse_amz_date("20260101T130000Z").value();
  server_.respond_with([&](const test::recorded_request& r) -> scripted_response {
    const auto signed_at = sigv4::parse_amz_date(r.amz_date).value();
    const auto off = signed_at > server_time ? signed_at - server_time : server_time - signed_at;
    if (off > 5min) {
      return {400,
              R"({"__type":"InvalidSignatureException","message":"Signature expired: )" + r.amz_date +
                  R"x( is now earlier than 20260101T125500Z (20260101T130000Z - 5 min.)"})x",
              {{"Date", "Thu, 01 Jan 2026 13:00:00 GMT"}}};
    }
    return {200, "{}", {}};
  });
  auto client = make_client();
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_TRUE(result) << result.error().message;
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].amz_date, "20260101T120000Z");
  EXPECT_EQ(requests[1].amz_date, "20260101T130000Z");
  EXPECT_TRUE(requests[1].signature_ok) << requests[1].verify_error;
  EXPECT_EQ(client.clock_offset(), 1h);
  // Later calls keep the correction.
  ASSERT_TRUE(client.create_log_stream({"g", "s2"}));
  EXPECT_EQ(server_.requests().back().amz_date, "20260101T130000Z");
  EXPECT_EQ(server_.count(), 3u);
}

TEST_F(logs_retry_test, a_single_attempt_put_learns_the_server_time_too) {
  // The shipping engine's path: one attempt, its retry is the engine's. The
  // skew error on the put still corrects the clock for the next request.
  server_.push(
      {400,
       R"x({"__type":"InvalidSignatureException","message":"Signature expired: 20260101T120000Z is now earlier than 20260101T125500Z (20260101T130000Z - 5 min.)"})x",
       {{"Date", "Thu, 01 Jan 2026 13:00:00 GMT"}}});
  auto client = make_client();
  put_log_events_body body("g", "s", 1, 1);
  body.add_valid(1, "x");
  const auto result = client.put_log_events_once(std::move(body).finish());
  ASSERT_FALSE(result);
  EXPECT_EQ(classify(result.error()), retry_class::after_clock_fix);
  EXPECT_EQ(server_.count(), 1u);
  EXPECT_EQ(client.clock_offset(), 1h);
  ASSERT_TRUE(client.put_log_events_once({"g", "s", {{1, "x"}}, ""}));
  EXPECT_EQ(server_.requests().back().amz_date, "20260101T130000Z");
}

TEST_F(logs_retry_test, expired_token_invalidates_and_retries_once) {
  auto provider = std::make_shared<test::rotating_provider>("AKIDTEST", "secret-test");
  server_.respond_with([](const test::recorded_request& r) -> scripted_response {
    if (r.security_token == "token-1") {
      return {
          400,
          R"({"__type":"ExpiredTokenException","message":"The security token included in the request is expired"})",
          {}};
    }
    return {200, "{}", {}};
  });
  auto client = make_client(provider);
  ASSERT_TRUE(client.create_log_stream({"g", "s"}));
  EXPECT_EQ(provider->invalidations(), 1);
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].security_token, "token-2");
  EXPECT_TRUE(requests[1].signature_ok) << requests[1].verify_error;
}

TEST_F(logs_retry_test, expired_token_twice_gives_up_after_one_refresh) {
  auto provider = std::make_shared<test::rotating_provider>("AKIDTEST", "secret-test");
  server_.respond_with([](const test::recorded_request&) -> scripted_response {
    return {400, R"({"__type":"ExpiredTokenException","message":"expired"})", {}};
  });
  auto client = make_client(provider);
  const auto result = client.create_log_stream({"g", "s"});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, logs_errc::expired_token);
  EXPECT_EQ(server_.count(), 2u);
}

TEST(jitter_backoff_test, seeded_delays_are_reproducible_and_bounded) {
  jitter_backoff a(100ms, 1s, 99), b(100ms, 1s, 99);
  for (int retry = 0; retry < 12; ++retry) {
    const auto da = a.next(retry);
    EXPECT_EQ(da, b.next(retry));
    EXPECT_GE(da, 0ms);
    EXPECT_LE(da, a.ceiling(retry));
  }
  EXPECT_EQ(a.ceiling(0), 100ms);
  EXPECT_EQ(a.ceiling(3), 800ms);
  EXPECT_EQ(a.ceiling(4), 1s);
  EXPECT_EQ(a.ceiling(1000), 1s);  // no overflow
}

// The one table (docs/delivery.md "Retries"): the client's loop and the
// shipping engine both act on it.
TEST(classify_test, every_kind_has_its_documented_class) {
  const auto cls = [](logs_errc kind, int status) {
    return classify({kind, status, "", "", "", std::nullopt, std::nullopt});
  };
  EXPECT_EQ(cls(logs_errc::throttling, 400), retry_class::transient);
  EXPECT_EQ(cls(logs_errc::service_unavailable, 503), retry_class::transient);
  EXPECT_EQ(cls(logs_errc::operation_aborted, 400), retry_class::transient);
  EXPECT_EQ(cls(logs_errc::network, 0), retry_class::transient);  // refused, DNS
  EXPECT_EQ(cls(logs_errc::unknown, 502), retry_class::transient);
  EXPECT_EQ(cls(logs_errc::malformed_response, 429), retry_class::transient);
  EXPECT_EQ(cls(logs_errc::timeout, 0), retry_class::ambiguous);
  EXPECT_EQ(cls(logs_errc::connection_reset, 0), retry_class::ambiguous);
  EXPECT_EQ(cls(logs_errc::malformed_response, 0), retry_class::ambiguous);
  EXPECT_EQ(cls(logs_errc::expired_token, 400), retry_class::after_refresh);
  EXPECT_EQ(cls(logs_errc::no_credentials, 0), retry_class::after_refresh);
  EXPECT_EQ(cls(logs_errc::clock_skew, 400), retry_class::after_clock_fix);
  EXPECT_EQ(cls(logs_errc::resource_not_found, 400), retry_class::missing);
  EXPECT_EQ(cls(logs_errc::resource_already_exists, 400), retry_class::exists);
  EXPECT_EQ(cls(logs_errc::limit_exceeded, 400), retry_class::permanent);
  EXPECT_EQ(cls(logs_errc::invalid_parameter, 400), retry_class::permanent);
  EXPECT_EQ(cls(logs_errc::access_denied, 400), retry_class::permanent);
  EXPECT_EQ(cls(logs_errc::payload_too_large, 413), retry_class::permanent);
  EXPECT_EQ(cls(logs_errc::malformed_response, 200), retry_class::permanent);
}

TEST(is_retryable_test, transport_kinds_retry_and_client_errors_do_not) {
  EXPECT_TRUE(is_retryable({logs_errc::network, 0, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_TRUE(is_retryable({logs_errc::timeout, 0, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_TRUE(is_retryable({logs_errc::connection_reset, 0, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_TRUE(is_retryable({logs_errc::service_unavailable, 503, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_FALSE(is_retryable({logs_errc::access_denied, 400, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_FALSE(is_retryable({logs_errc::payload_too_large, 413, "", "", "", std::nullopt, std::nullopt}));
  EXPECT_FALSE(is_retryable({logs_errc::limit_exceeded, 400, "", "", "", std::nullopt, std::nullopt}));
}

TEST(endpoint_unreachable_test, only_failures_without_any_answer) {
  const auto down = [](logs_errc kind, int status) {
    return endpoint_unreachable({kind, status, "", "", "", std::nullopt, std::nullopt});
  };
  EXPECT_TRUE(down(logs_errc::network, 0));  // refused, DNS, TLS
  EXPECT_TRUE(down(logs_errc::timeout, 0));
  EXPECT_TRUE(down(logs_errc::connection_reset, 0));
  EXPECT_FALSE(down(logs_errc::throttling, 400));  // it answered: a rate, not an outage
  EXPECT_FALSE(down(logs_errc::service_unavailable, 503));
  EXPECT_FALSE(down(logs_errc::malformed_response, 0));
  EXPECT_FALSE(down(logs_errc::access_denied, 400));
}

TEST(passes_by_waiting_test, transient_and_ambiguous_only) {
  EXPECT_TRUE(passes_by_waiting(retry_class::transient));
  EXPECT_TRUE(passes_by_waiting(retry_class::ambiguous));
  EXPECT_FALSE(passes_by_waiting(retry_class::after_refresh));
  EXPECT_FALSE(passes_by_waiting(retry_class::after_clock_fix));
  EXPECT_FALSE(passes_by_waiting(retry_class::missing));
  EXPECT_FALSE(passes_by_waiting(retry_class::permanent));
}

}  // namespace
}  // namespace cwlog::detail

// Caching and refresh ahead of expiry with an injected clock; a failed refresh
// keeps the old credentials until they expire and is reported once.
#include <gtest/gtest.h>

#include <deque>
#include <thread>

#include "aws/refreshing_provider.h"
#include "aws/standins/standins.h"

namespace cwlog::detail {
namespace {

using namespace std::chrono_literals;

// A source that returns what the test queued, one answer per load.
class scripted_source final : public chain_provider {
 public:
  std::string name() const override { return "scripted"; }
  provider_result load() override {
    std::lock_guard lock(mutex_);
    ++loads_;
    if (answers_.empty()) return provider_failed("no answer queued");
    auto r = answers_.front();
    if (answers_.size() > 1) answers_.pop_front();
    return r;
  }
  void queue(provider_result r) {
    std::lock_guard lock(mutex_);
    answers_.push_back(std::move(r));
  }
  void replace(provider_result r) {
    std::lock_guard lock(mutex_);
    answers_.clear();
    answers_.push_back(std::move(r));
  }
  int loads() const {
    std::lock_guard lock(mutex_);
    return loads_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<provider_result> answers_;
  int loads_ = 0;
};

credentials creds(const std::string& id, std::optional<std::chrono::system_clock::time_point> exp) {
  return {id, "secret-" + id, "token-" + id, exp};
}

class refreshing : public ::testing::Test {
 protected:
  std::shared_ptr<test::manual_clock> clock_ = test::clock_at_real_now();
  scripted_source* source_ = nullptr;
  std::vector<std::string> reports_;
  std::unique_ptr<refreshing_provider> make() {
    auto s = std::make_unique<scripted_source>();
    source_ = s.get();
    return std::make_unique<refreshing_provider>(std::move(s), clock_,
                                                 [this](const std::string& m) { reports_.push_back(m); });
  }
};

TEST_F(refreshing, caches_until_the_advisory_window) {
  auto p = make();
  source_->queue(creds("A", clock_->now() + 1h));
  source_->queue(creds("B", clock_->now() + 2h));
  EXPECT_EQ(p->get()->access_key_id, "A");
  clock_->advance(40min);  // 20 min left: outside the 15 min advisory window
  EXPECT_EQ(p->get()->access_key_id, "A");
  EXPECT_EQ(source_->loads(), 1);
  clock_->advance(6min);  // 14 min left: advisory refresh
  EXPECT_EQ(p->get()->access_key_id, "B");
  EXPECT_EQ(source_->loads(), 2);
}

TEST_F(refreshing, long_term_keys_are_never_refreshed) {
  auto p = make();
  source_->queue(creds("STATIC", std::nullopt));
  EXPECT_EQ(p->get()->access_key_id, "STATIC");
  clock_->advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(p->get()->access_key_id, "STATIC");
  EXPECT_EQ(source_->loads(), 1);
}

TEST_F(refreshing, failed_refresh_keeps_old_credentials_and_reports_once) {
  auto p = make();
  const auto expiry = clock_->now() + 1h;
  source_->queue(creds("A", expiry));
  source_->queue(provider_failed("STS said AccessDenied"));
  ASSERT_EQ(p->get()->access_key_id, "A");
  clock_->advance(50min);  // advisory
  EXPECT_EQ(p->get()->access_key_id, "A");
  for (int i = 0; i < 20; ++i) {
    clock_->advance(15s);  // into the mandatory window, still before expiry
    auto r = p->get();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->access_key_id, "A");
  }
  ASSERT_EQ(reports_.size(), 1u);
  EXPECT_NE(reports_[0].find("AccessDenied"), std::string::npos);
  EXPECT_NE(reports_[0].find("keeping"), std::string::npos);
  EXPECT_EQ(reports_[0].find("secret-A"), std::string::npos);
  EXPECT_EQ(reports_[0].find("token-A"), std::string::npos);
  // Retries are paced (30 s), not one per get().
  EXPECT_LE(source_->loads(), 13);
  EXPECT_GE(source_->loads(), 3);
  clock_->advance(10min);  // past expiry: now the failure is the caller's
  auto r = p->get();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("AccessDenied"), std::string::npos);
  EXPECT_EQ(reports_.size(), 1u);
}

TEST_F(refreshing, report_again_only_after_a_success) {
  auto p = make();
  source_->queue(creds("A", clock_->now() + 1h));
  source_->queue(provider_failed("down"));
  ASSERT_TRUE(p->get());
  clock_->advance(55min);
  ASSERT_TRUE(p->get());
  ASSERT_EQ(reports_.size(), 1u);
  source_->replace(creds("B", clock_->now() + 1h));
  clock_->advance(31s);
  EXPECT_EQ(p->get()->access_key_id, "B");
  source_->replace(provider_failed("down again"));
  clock_->advance(55min);
  EXPECT_EQ(p->get()->access_key_id, "B");
  EXPECT_EQ(reports_.size(), 2u);
}

TEST_F(refreshing, expired_answers_are_refused) {
  auto p = make();
  source_->queue(creds("OLD", clock_->now() - 1min));
  auto r = p->get();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("expired"), std::string::npos) << r.error().message;
}

TEST_F(refreshing, invalidate_forces_a_new_load) {
  auto p = make();
  source_->queue(creds("A", std::nullopt));
  source_->queue(creds("B", std::nullopt));
  EXPECT_EQ(p->get()->access_key_id, "A");
  p->invalidate();
  EXPECT_EQ(p->get()->access_key_id, "B");
}

TEST_F(refreshing, concurrent_getters_share_one_refresh) {
  auto p = make();
  source_->queue(creds("A", clock_->now() + 1h));
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) EXPECT_TRUE(p->get());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(source_->loads(), 1);
}

}  // namespace
}  // namespace cwlog::detail

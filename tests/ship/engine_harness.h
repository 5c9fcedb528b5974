#pragma once
// What the engine tests share: options with one plain-text destination, a
// harness around the in-memory service and the manual clock, a shipper that
// lets time move before its final shutdown, and waits for conditions with
// bounds far beyond any machine's need (never a timing assertion).
#include <gtest/gtest.h>

#include <cwlog/shipper.h>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "memory_service.h"
#include "ship/engine.h"
#include "ship/shipper_factory.h"
#include "support/manual_clock.h"

namespace cwlog::test {

using namespace std::chrono_literals;

inline options make_options(std::string group = "g", std::string stream = "s") {
  options o;
  destination_options d;
  d.name = "main";
  d.group = std::move(group);
  d.stream = std::move(stream);
  d.format = formatter_kind::plain;
  d.pattern = "{message}";
  o.destinations.push_back(d);
  o.default_destination = "main";
  o.shipping.flush_interval = 50ms;
  o.shipping.shutdown_deadline = 5s;
  return o;
}

struct harness {
  std::shared_ptr<memory_service> service = std::make_shared<memory_service>();
  std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>();
  std::mutex diag_mu;
  std::vector<std::string> diags;

  // No backoff: a retry is due at once, so tests need not move the clock for
  // it; the retry budget still refills only as the clock moves.
  detail::shipper_dependencies deps() {
    detail::shipper_dependencies d;
    d.service = service;
    d.clock = clock;
    d.backoff_base = 0ms;
    d.backoff_cap = 0ms;
    d.diagnostics = [this](const diagnostic& m) {
      std::lock_guard lk(diag_mu);
      diags.emplace_back(m.message);
    };
    return d;
  }
  // Time passes (10 ms of the clock per real millisecond) until the returned
  // thread is destroyed: for waits that must end by a deadline, such as a
  // shutdown whose records can never be delivered.
  std::jthread keep_time_moving() {
    return std::jthread([c = clock](std::stop_token stop) {
      while (!stop.stop_requested()) {
        c->advance(10ms);
        std::this_thread::sleep_for(1ms);
      }
    });
  }
  int put_calls() {
    std::lock_guard lk(service->mu);
    return service->put_calls;
  }
  std::size_t diag_count(std::string_view needle) {
    std::lock_guard lk(diag_mu);
    std::size_t n = 0;
    for (auto& m : diags) n += m.find(needle) != std::string::npos;
    return n;
  }
};

// The shipper under test, on the harness's clock. Its destructor lets time
// move before the shutdown it runs, so a test that fails with records that can
// never be delivered ends with a verdict instead of waiting on a frozen clock.
class test_shipper {
 public:
  test_shipper(const options& o, harness& h) : test_shipper(o, h, h.deps()) {}
  test_shipper(const options& o, harness& h, detail::shipper_dependencies deps)
      : s_(detail::make_shipper(o, std::move(deps))), h_(h) {}
  ~test_shipper() {
    const auto time = h_.keep_time_moving();
    s_->shutdown();
  }
  shipper* operator->() const noexcept { return s_.get(); }
  shipper& operator*() const noexcept { return *s_; }

  // The shipper's calls, so tests read as they would with a shipper.
  bool log(level lvl, std::string_view logger, std::string_view message) {
    return s_->log(lvl, logger_name{logger}, message);
  }
  bool log(const record_view& r) { return s_->log(r); }
  flush_result flush(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return s_->flush(timeout);
  }
  shutdown_result shutdown() { return s_->shutdown(); }
  shutdown_result shutdown(std::chrono::milliseconds deadline) { return s_->shutdown(deadline); }
  delivery_counters counters() const { return s_->counters(); }

 private:
  std::unique_ptr<shipper> s_;
  harness& h_;
};

inline std::string msg(int i) {
  return "msg-" + std::to_string(i);
}

// Polls `done` (real time, with a bound far beyond any machine's need) for
// things the engine's threads do on their own once the clock allows them.
template <class Pred>
bool eventually(Pred done) {
  for (int i = 0; i < 60'000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return done();
}

// Every message msg-0 .. msg-(n-1) exactly once, and the stream in timestamp order.
inline void expect_exactly_once(const std::vector<detail::input_log_event>& events, int n) {
  std::map<std::string, int> seen;
  for (auto& e : events) ++seen[e.message];
  for (int i = 0; i < n; ++i) EXPECT_EQ(seen[msg(i)], 1) << msg(i);
  EXPECT_EQ(events.size(), static_cast<std::size_t>(n));
}

}  // namespace cwlog::test

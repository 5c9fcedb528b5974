// A logger borrows its shipper: with CWLOG_CHECK_LIFETIMES (on by default
// without NDEBUG) destroying a shipper while a logger still borrows it aborts
// with a message instead of leaving the logger to write into freed memory.
// tests/ship/CMakeLists.txt turns it on for the whole executable, also in
// builds with NDEBUG: the logger's inline functions must be the same in every
// file of a program.
#include <cwlog/logger.h>
static_assert(CWLOG_CHECK_LIFETIMES, "test_ship is built with CWLOG_CHECK_LIFETIMES=1");

#include <gtest/gtest.h>

#include "memory_service.h"
#include "ship/shipper_factory.h"

namespace cwlog::test {
namespace {

std::unique_ptr<shipper> make() {
  options o;
  destination_options d;
  d.name = "main";
  d.group = "g";
  d.stream = "s";
  o.destinations.push_back(d);
  o.default_destination = "main";
  detail::shipper_dependencies deps;
  deps.service = std::make_shared<memory_service>();
  deps.diagnostics = [](const diagnostic&) {};
  return detail::make_shipper(o, std::move(deps));
}

TEST(logger_lifetime, loggers_gone_first_is_fine) {
  auto s = make();
  {
    logger log(*s, "api");
    logger copy = log.bind({{"k", 1}});
    copy = log;
    EXPECT_TRUE(copy.info("fine"));
  }
  s.reset();  // no borrower left: no abort
  SUCCEED();
}

TEST(logger_lifetime, shipper_destroyed_with_a_live_logger_aborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the shipper runs threads
  EXPECT_DEATH(
      {
        auto s = make();
        logger log(*s, "api");
        s.reset();
      },
      "shipper destroyed while 1 logger\\(s\\) still borrow it");
}

}  // namespace
}  // namespace cwlog::test

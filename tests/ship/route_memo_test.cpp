// The dispatcher's memo of routes within a slice: records alike in logger,
// level, tenant (its presence and value) and EMF flag share a route, and no
// others; it holds `capacity` routes, gives up looking once full and mostly
// missing, and starts over when cleared. (Records routed through it against
// the router itself: copies_test.cpp.)
#include "ship/route_memo.h"

#include <gtest/gtest.h>

#include <string>

namespace cwlog::detail {
namespace {

record_view rec(std::string_view logger, level lvl, std::optional<std::string_view> tenant) {
  record_view r;
  r.logger = logger;
  r.lvl = lvl;
  r.tenant = tenant;
  return r;
}

route_memo::route to(std::size_t staged) {
  route_memo::route r;
  r.outcome = route_outcome::routed;
  r.targets = {{0, staged}};
  return r;
}

TEST(route_memo, records_alike_share_a_route_and_no_others) {
  route_memo m;
  const record_view base = rec("api", level::info, "t1");
  m.remember(base, false, to(7));
  const auto* hit = m.find(rec(std::string("api"), level::info, std::string("t1")), false);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->targets.at(0).second, 7u);
  EXPECT_EQ(m.find(rec("api", level::warn, "t1"), false), nullptr);
  EXPECT_EQ(m.find(rec("api", level::info, "t2"), false), nullptr);
  EXPECT_EQ(m.find(rec("api", level::info, std::nullopt), false), nullptr);
  EXPECT_EQ(m.find(rec("api", level::info, ""), false), nullptr);
  EXPECT_EQ(m.find(rec("api.v1", level::info, "t1"), false), nullptr);
  EXPECT_EQ(m.find(rec("api", level::info, "t1"), true), nullptr);
  m.remember(rec("api", level::info, std::nullopt), false, to(8));
  EXPECT_EQ(m.find(rec("api", level::info, std::nullopt), false)->targets.at(0).second, 8u);
  EXPECT_EQ(m.find(rec("api", level::info, ""), false), nullptr);  // no tenant is not an empty one
  m.clear();
  EXPECT_EQ(m.find(base, false), nullptr);
}

TEST(route_memo, holds_capacity_routes_and_gives_up_when_most_lookups_miss) {
  route_memo m;
  std::vector<std::string> tenants;
  for (std::size_t i = 0; i < 2 * route_memo::capacity; ++i) tenants.push_back("t" + std::to_string(i));
  for (std::size_t i = 0; i < tenants.size(); ++i)
    m.remember(rec("a", level::info, tenants[i]), false, to(i));
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    const auto* hit = m.find(rec("a", level::info, tenants[i]), false);
    if (i < route_memo::capacity) {
      ASSERT_NE(hit, nullptr) << i;
      EXPECT_EQ(hit->targets.at(0).second, i);
    } else {
      EXPECT_EQ(hit, nullptr) << i;  // not remembered: full
    }
  }
  // Full, and a run of misses: it stops looking, even for what it holds.
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m.find(rec("a", level::info, "other"), false), nullptr);
  EXPECT_EQ(m.find(rec("a", level::info, tenants[0]), false), nullptr);
  m.clear();  // a new slice: it looks again
  m.remember(rec("a", level::info, tenants[0]), false, to(3));
  EXPECT_NE(m.find(rec("a", level::info, tenants[0]), false), nullptr);
}

}  // namespace
}  // namespace cwlog::detail

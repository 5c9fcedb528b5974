// The router: rule order and every kind of match, fan-out, drop, continue,
// the default destination, minimum levels, tenant isolation and validation.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <cwlog/error.h>

#include "route/name_checks.h"
#include "route/router.h"
#include "route/template_overlap.h"
#include "route/tenant_encoding.h"

namespace cwlog::detail {
namespace {

const render_context router_ctx{"host1", 7};

cwlog::destination_options dest(std::string name, std::string group, std::string stream = "{host}-{pid}") {
  cwlog::destination_options d;
  d.name = std::move(name);
  d.group = std::move(group);
  d.stream = std::move(stream);
  return d;
}

cwlog::route_rule to(std::vector<std::string> dests) {
  cwlog::route_rule r;
  r.destinations = std::move(dests);
  return r;
}

struct routed {
  route_outcome outcome;
  std::vector<std::string> groups;
};

routed route(const router& rt, const cwlog::record_view& rec) {
  std::vector<route_target> out;
  const auto outcome = rt.route(rec, out);
  routed r{outcome, {}};
  for (const auto& t : out) r.groups.push_back(t.group);
  return r;
}

cwlog::record_view rec(std::string_view logger, cwlog::level lvl = cwlog::level::info,
                       std::optional<std::string_view> tenant = std::nullopt) {
  cwlog::record_view r;
  r.timestamp_ns = 1'700'000'000'000'000'000;
  r.logger = logger;
  r.lvl = lvl;
  r.tenant = tenant;
  return r;
}

using groups = std::vector<std::string>;

TEST(Router, LoggerMatchExactPrefixGlob) {
  cwlog::options o;
  o.destinations = {dest("a", "g-a"), dest("b", "g-b"), dest("c", "g-c"), dest("d", "g-d")};
  auto exact = to({"a"});
  exact.logger = "api";
  exact.logger_match = name_match::exact;
  auto prefix = to({"b"});
  prefix.logger = "api.";
  prefix.logger_match = name_match::prefix;
  auto glob = to({"c"});
  glob.logger = "*.db?";
  glob.logger_match = name_match::glob;
  o.routes = {exact, prefix, glob};
  o.default_destination = "d";
  const router rt(o, router_ctx);
  EXPECT_EQ(route(rt, rec("api")).groups, groups{"g-a"});
  EXPECT_EQ(route(rt, rec("api.http")).groups, groups{"g-b"});
  EXPECT_EQ(route(rt, rec("worker.db1")).groups, groups{"g-c"});
  EXPECT_EQ(route(rt, rec("worker.db12")).groups, groups{"g-d"});
  EXPECT_EQ(route(rt, rec("apix")).groups, groups{"g-d"});
}

// Whether records alike in logger, level and tenant are routed alike (the
// dispatcher then reuses a route): not when a rule tests a field or a
// template uses a field or the date.
TEST(Router, RoutesByLoggerLevelTenantOnlyWithoutFieldsOrDates) {
  const auto with = [](std::string group, std::string stream, std::optional<cwlog::field_match> field) {
    cwlog::options o;
    o.destinations.push_back(dest("d", std::move(group), std::move(stream)));
    auto r = to({"d"});
    r.logger = "api*";
    r.has_tenant = true;
    if (field) r.fields.push_back(*field);
    o.routes.push_back(r);
    o.default_destination = "d";
    return router(o, router_ctx).routes_by_logger_level_tenant();
  };
  EXPECT_TRUE(with("app-{tenant}", "{component}-{logger}-{level}-{host}-{pid}", std::nullopt));
  EXPECT_FALSE(with("app-{tenant}", "s", cwlog::field_match{"region", "eu"}));
  EXPECT_FALSE(with("app-{tenant}", "s", cwlog::field_match{"region", std::nullopt}));
  EXPECT_FALSE(with("app-{date:%Y-%m}", "s", std::nullopt));
  EXPECT_FALSE(with("app", "{field.region}", std::nullopt));
}

TEST(Router, GlobMatcher) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a*b*c", "axxbyyc"));
  EXPECT_FALSE(glob_match("a*b*c", "axxbyy"));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_TRUE(glob_match("**a", "bba"));
  EXPECT_FALSE(glob_match("api", "api.http"));
}

TEST(Router, LevelRangeFieldsAndTenantPresence) {
  cwlog::options o;
  o.destinations = {dest("warn", "g-warn"), dest("field", "g-field"), dest("present", "g-present"),
                    dest("tenant", "g-t-{tenant}"), dest("rest", "g-rest")};
  auto warn_only = to({"warn"});
  warn_only.min_level = cwlog::level::warn;
  warn_only.max_level = cwlog::level::warn;
  auto field_eq = to({"field"});
  field_eq.fields = {{"region", "eu"}, {"code", "42"}, {"ratio", "0.5"}, {"flag", "true"}};
  auto presence = to({"present"});
  presence.fields = {{"trace_id", std::nullopt}};
  auto tenant = to({"tenant"});
  tenant.has_tenant = true;
  o.routes = {warn_only, field_eq, presence, tenant};
  o.default_destination = "rest";
  const router rt(o, router_ctx);

  EXPECT_EQ(route(rt, rec("x", cwlog::level::warn)).groups, groups{"g-warn"});
  EXPECT_EQ(route(rt, rec("x", cwlog::level::error)).groups, groups{"g-rest"});

  const cwlog::field_view all[] = {
      {"region", std::string_view("eu")}, {"code", std::int64_t{42}}, {"ratio", 0.5}, {"flag", true}};
  auto r = rec("x");
  r.fields = all;
  EXPECT_EQ(route(rt, r).groups, groups{"g-field"});
  const cwlog::field_view wrong[] = {
      {"region", std::string_view("us")}, {"code", std::int64_t{42}}, {"ratio", 0.5}, {"flag", true}};
  r.fields = wrong;
  EXPECT_EQ(route(rt, r).groups, groups{"g-rest"});
  const cwlog::field_view trace[] = {{"trace_id", std::string_view("")}};
  r.fields = trace;
  EXPECT_EQ(route(rt, r).groups, groups{"g-present"});

  EXPECT_EQ(route(rt, rec("x", cwlog::level::info, "acme")).groups, groups{"g-t-acme"});
  EXPECT_EQ(route(rt, rec("x", cwlog::level::info, std::nullopt)).groups, groups{"g-rest"});
}

TEST(Router, FanOutContinueDropAndDefault) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-customer-{tenant}"), dest("errors", "app-errors"),
                    dest("platform", "app-platform")};
  cwlog::route_rule health;
  health.logger = "api.health";
  health.logger_match = name_match::exact;
  health.drop = true;
  auto errors = to({"errors"});
  errors.min_level = cwlog::level::error;
  errors.continue_matching = true;
  auto tenants = to({"tenant"});
  tenants.has_tenant = true;
  o.routes = {health, errors, tenants};
  o.default_destination = "platform";
  const router rt(o, router_ctx);

  // Errors of a tenant: its own group and the errors group.
  auto r = route(rt, rec("api", cwlog::level::error, "acme"));
  EXPECT_EQ(r.outcome, route_outcome::routed);
  EXPECT_EQ(r.groups, (groups{"app-errors", "app-customer-acme"}));
  // Info of a tenant: only its group.
  EXPECT_EQ(route(rt, rec("api", cwlog::level::info, "acme")).groups, groups{"app-customer-acme"});
  // An error without a tenant: errors only (continue matched, the default is
  // for what no rule sent anywhere).
  EXPECT_EQ(route(rt, rec("api", cwlog::level::error)).groups, groups{"app-errors"});
  // Neither: the default.
  EXPECT_EQ(route(rt, rec("api", cwlog::level::info)).groups, groups{"app-platform"});
  // Dropped before anything was chosen.
  r = route(rt, rec("api.health", cwlog::level::error, "acme"));
  EXPECT_EQ(r.outcome, route_outcome::dropped_by_rule);
  EXPECT_TRUE(r.groups.empty());
}

TEST(Router, NoDestinationWithoutDefault) {
  cwlog::options o;
  o.destinations = {dest("a", "g-a")};
  auto only_api = to({"a"});
  only_api.logger = "api";
  o.routes = {only_api};
  const router rt(o, router_ctx);
  const auto r = route(rt, rec("worker"));
  EXPECT_EQ(r.outcome, route_outcome::no_destination);
  EXPECT_TRUE(r.groups.empty());
}

TEST(Router, MinimumLevels) {
  cwlog::options o;
  o.destinations = {dest("a", "g-a")};
  o.default_destination = "a";
  o.min_level = cwlog::level::info;
  o.logger_min_levels = {{"api", cwlog::level::warn}, {"api.debuggy", cwlog::level::trace}};
  const router rt(o, router_ctx);
  EXPECT_EQ(route(rt, rec("worker", cwlog::level::debug)).outcome, route_outcome::below_min_level);
  EXPECT_EQ(route(rt, rec("worker", cwlog::level::info)).outcome, route_outcome::routed);
  EXPECT_EQ(route(rt, rec("api.http", cwlog::level::info)).outcome, route_outcome::below_min_level);
  EXPECT_EQ(route(rt, rec("api.http", cwlog::level::warn)).outcome, route_outcome::routed);
  // The longest prefix wins.
  EXPECT_EQ(route(rt, rec("api.debuggy.x", cwlog::level::trace)).outcome, route_outcome::routed);
}

TEST(Router, RuleMinimumLevelFallsThrough) {
  cwlog::options o;
  o.destinations = {dest("loud", "g-loud"), dest("rest", "g-rest")};
  auto loud = to({"loud"});
  loud.logger = "api*";
  loud.min_level = cwlog::level::warn;
  o.routes = {loud};
  o.default_destination = "rest";
  const router rt(o, router_ctx);
  EXPECT_EQ(route(rt, rec("api", cwlog::level::info)).groups, groups{"g-rest"});
  EXPECT_EQ(route(rt, rec("api", cwlog::level::critical)).groups, groups{"g-loud"});
}

TEST(Router, InvalidNameWhenTheTemplateNeedsWhatTheRecordLacks) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-{tenant}"), dest("byfield", "byfield-{field.customer}")};
  o.routes = {to({"tenant", "byfield"})};
  const router rt(o, router_ctx);
  EXPECT_EQ(route(rt, rec("x")).outcome, route_outcome::invalid_name);
  // One of the two renders: routed, the other is skipped.
  EXPECT_EQ(route(rt, rec("x", cwlog::level::info, "t")).groups, groups{"app-t"});
}

TEST(Router, FanOutToTheSameDestinationOnce) {
  cwlog::options o;
  o.destinations = {dest("a", "g-a")};
  auto first = to({"a", "a"});
  first.continue_matching = true;
  o.routes = {first, to({"a"})};
  const router rt(o, router_ctx);
  EXPECT_EQ(route(rt, rec("x")).groups, groups{"g-a"});
}

TEST(Router, AppendsAfterExistingTargetsAndRendersStreams) {
  cwlog::options o;
  o.destinations = {dest("a", "g-{component}", "{tenant}/{host}-{pid}")};
  o.default_destination = "a";
  const router rt(o, router_ctx);
  std::vector<route_target> out(1);
  ASSERT_EQ(rt.route(rec("api.v1", cwlog::level::info, "Acme"), out), route_outcome::routed);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].destination_index, 0u);
  EXPECT_EQ(out[1].group, "g-api");
  EXPECT_EQ(out[1].stream, "_41cme/host1-7");
}

TEST(Router, TenantsNeverShareAGroupOrStreamAcrossTenThousandTenants) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-customer-{tenant}", "{component}/{tenant}")};
  o.default_destination = "tenant";
  const router rt(o, router_ctx);
  std::set<std::string> group_names, stream_names;
  std::vector<route_target> out;
  for (int i = 0; i < 10'000; ++i) {
    // Ids designed to collide under naive encodings: case, separators, dots.
    const std::string id = (i % 3 == 0   ? "T"
                            : i % 3 == 1 ? "t"
                                         : "t-") +
                           std::to_string(i / 3) + (i % 2 ? "." : "");
    out.clear();
    ASSERT_EQ(rt.route(rec("api", cwlog::level::info, id), out), route_outcome::routed);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(test::group_name_ok(out[0].group)) << out[0].group;
    EXPECT_TRUE(test::stream_name_ok(out[0].stream)) << out[0].stream;
    group_names.insert(out[0].group);
    stream_names.insert(out[0].stream);
  }
  EXPECT_EQ(group_names.size(), 10'000u);
  EXPECT_EQ(stream_names.size(), 10'000u);
}

TEST(Router, ThreadSafeRouting) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-{tenant}"), dest("errors", "errors")};
  auto errors = to({"errors"});
  errors.min_level = cwlog::level::error;
  errors.continue_matching = true;
  o.routes = {errors, to({"tenant"})};
  const router rt(o, router_ctx);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<route_target> out;
      for (int i = 0; i < 20'000; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        out.clear();
        rt.route(rec("api", i % 2 ? cwlog::level::error : cwlog::level::info, id), out);
        const std::size_t expected = i % 2 ? 2 : 1;
        if (out.size() != expected || out.back().group != "app-" + encode_name_value(id)) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

void expect_invalid(const cwlog::options& o, std::string_view needle) {
  try {
    router rt(o, router_ctx);
    ADD_FAILURE() << "accepted";
  } catch (const cwlog::error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Router, RefusesInvalidOptions) {
  cwlog::options base;
  base.destinations = {dest("a", "g-a")};
  auto o = base;
  o.routes = {to({"nope"})};
  expect_invalid(o, "unknown destination \"nope\" (allowed: a)");
  o = base;
  o.default_destination = "nope";
  expect_invalid(o, "default_destination: unknown destination");
  o = base;
  auto dropping = to({"a"});
  dropping.drop = true;
  o.routes = {dropping};
  expect_invalid(o, "routes[0].drop: drop together with to");
  o = base;
  o.routes = {cwlog::route_rule{}};
  expect_invalid(o, "sends nowhere");
  o = base;
  o.destinations[0].retention_days = 2;
  expect_invalid(o, "retention of 2 days");
  o = base;
  o.destinations[0].kms_key_id = "alias/mine";
  expect_invalid(o, "KMS");
  o = base;
  o.destinations[0].tags["aws:reserved"] = "x";
  expect_invalid(o, "reserved prefix aws:");
  o = base;
  o.destinations[0].group = "aws/{tenant}";
  expect_invalid(o, "aws/");
  o = base;
  o.destinations.push_back(dest("a", "g-b"));
  expect_invalid(o, "destinations[1].name: duplicate destination \"a\"");
  o = base;
  auto inverted = to({"a"});
  inverted.min_level = cwlog::level::error;
  inverted.max_level = cwlog::level::info;
  o.routes = {inverted};
  expect_invalid(o, "routes[0].match.max_level: max_level is below min_level");
}

TEST(Router, RefusesTemplatesThatCouldMixTenants) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-customer-{tenant}"), dest("errors", "app-customer-errors")};
  expect_invalid(o, "can both produce \"app-customer-errors\"");  // tenant "errors" would share it
  o.destinations = {dest("tenant", "app-{tenant}"), dest("byfield", "app-{field.customer}")};
  expect_invalid(o, "a tenant's group could receive other records");
  o.destinations = {dest("tenant", "App-{tenant}"), dest("x", "app-x")};
  expect_invalid(o, "can both produce");  // names compared case-insensitively, to be safe
  o.destinations = {dest("tenant", "app-{date:%Y}-{tenant}"), dest("x", "app-2026-x")};
  expect_invalid(o, "can both produce \"app-2026-x\"");
  o.destinations = {dest("a", "shared", "{tenant}"), dest("b", "shared", "{component}")};
  expect_invalid(o, "a tenant's stream could receive other records");
}

TEST(Router, AcceptsTemplatesThatCannotMixTenants) {
  cwlog::options o;
  o.destinations = {dest("tenant", "app-customer-{tenant}"),
                    dest("errors", "app-errors"),
                    dest("platform", "app-customer/{component}"),
                    dest("audit", "app-customer-{tenant}-audit"),
                    dest("same", "app-customer-{tenant}", "{component}"),
                    dest("s1", "shared", "{tenant}"),
                    dest("s2", "shared", "{host}-{pid}")};
  EXPECT_NO_THROW(router(o, router_ctx));
}

TEST(Router, ManyDestinationsLoadAndRoute) {
  cwlog::options o;
  o.destinations.push_back(dest("tenant", "app-customer-{tenant}"));
  for (int i = 0; i < 2000; ++i) {
    o.destinations.push_back(dest("d" + std::to_string(i), "static-" + std::to_string(i) + "/{component}"));
    auto r = to({"d" + std::to_string(i)});
    r.logger = "svc" + std::to_string(i);
    r.logger_match = name_match::exact;
    o.routes.push_back(r);
  }
  o.default_destination = "tenant";
  const router rt(o, router_ctx);
  EXPECT_EQ(rt.destination_count(), 2001u);
  EXPECT_EQ(route(rt, rec("svc1999")).groups, groups{"static-1999/svc1999"});
  EXPECT_EQ(route(rt, rec("other", cwlog::level::info, "acme")).groups, groups{"app-customer-acme"});
}

TEST(Router, CommonNameSearch) {
  const auto t = [](std::string_view s) { return name_template::parse(s, template_kind::group); };
  EXPECT_EQ(find_common_name(t("app-{tenant}"), t("app-x")), "app-x");
  EXPECT_EQ(find_common_name(t("{tenant}-{component}"), t("a-{logger}")).value_or("").substr(0, 2), "a-");
  EXPECT_FALSE(find_common_name(t("app-{tenant}"), t("app-{tenant}-x")).has_value());
  EXPECT_FALSE(find_common_name(t("app-{tenant}"), t("app/x")).has_value());
  EXPECT_FALSE(find_common_name(t("a-{date:%Y}"), t("a-x")).has_value());
}

}  // namespace
}  // namespace cwlog::detail

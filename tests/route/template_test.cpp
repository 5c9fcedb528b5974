// Name templates: tokens, date rotation in the record's own UTC period, and
// every load-time refusal (unknown tokens, bad characters, "aws/", ambiguity,
// length).
#include <gtest/gtest.h>

#include <string>

#include <cwlog/error.h>

#include "route/name_checks.h"
#include "route/name_template.h"

namespace cwlog::detail {
namespace {

const render_context ctx{"ip-10-0-0-1", 4242};

// 2026-03-31T23:59:59.999999999Z and one nanosecond later.
constexpr std::int64_t end_of_march_2026 = 1'775'001'599'999'999'999;
constexpr std::int64_t start_of_april_2026 = end_of_march_2026 + 1;

cwlog::record_view make_record(std::optional<std::string_view> tenant = std::nullopt) {
  cwlog::record_view r;
  r.timestamp_ns = end_of_march_2026;
  r.lvl = cwlog::level::warn;
  r.logger = "api.http";
  r.tenant = tenant;
  return r;
}

std::string render(std::string_view text, const cwlog::record_view& rec,
                   template_kind kind = template_kind::group) {
  auto name = name_template::parse(text, kind).render(rec, ctx);
  return name.value_or("<none>");
}

TEST(Template, RendersEveryToken) {
  const cwlog::field_view fields[] = {
      {"region", std::string_view("EU")}, {"n", std::int64_t{-7}}, {"ok", true}};
  auto rec = make_record("Acme");
  rec.fields = fields;
  EXPECT_EQ(render("app-customer-{tenant}", rec), "app-customer-_41cme");
  EXPECT_EQ(render("app/{component}", rec), "app/api");
  EXPECT_EQ(render("app/{logger}", rec), "app/api_2ehttp");
  EXPECT_EQ(render("app/{level}", rec), "app/warn");
  EXPECT_EQ(render("app/{field.region}/{field.n}/{field.ok}", rec), "app/_45_55/_2d7/true");
  EXPECT_EQ(render("{host}-{pid}", rec, template_kind::stream), "ip_2d10_2d0_2d0_2d1-4242");
  EXPECT_EQ(render("static-group", rec), "static-group");
}

TEST(Template, MissingValuesRenderNothing) {
  auto rec = make_record();
  EXPECT_EQ(render("app-{tenant}", rec), "<none>");
  EXPECT_EQ(render("app-{field.missing}", rec), "<none>");
}

TEST(Template, EmptyTenantIsATenant) {
  EXPECT_EQ(render("app-{tenant}", make_record("")), "app-_");
}

TEST(Template, DateTokensUseTheRecordsOwnUtcPeriod) {
  auto rec = make_record();
  EXPECT_EQ(render("audit-{date:%Y-%m}", rec), "audit-2026-03");
  EXPECT_EQ(render("audit-{date:%Y-%m-%d/%H}", rec), "audit-2026-03-31/23");
  EXPECT_EQ(render("audit-{date:%Y.%j}", rec), "audit-2026.090");
  rec.timestamp_ns = start_of_april_2026;
  EXPECT_EQ(render("audit-{date:%Y-%m}", rec), "audit-2026-04");
  EXPECT_EQ(render("audit-{date:%Y-%m-%d/%H}", rec), "audit-2026-04-01/00");
  rec.timestamp_ns = -1;  // 1969-12-31T23:59:59.999999999Z: floor, not truncation
  EXPECT_EQ(render("audit-{date:%Y-%m-%d}", rec), "audit-1969-12-31");
  rec.timestamp_ns = 951'782'400'000'000'000;  // 2000-02-29 (leap day)
  EXPECT_EQ(render("audit-{date:%Y-%m-%d.%j}", rec), "audit-2000-02-29.060");
}

TEST(Template, Introspection) {
  const auto t = name_template::parse("app-customer-{tenant}", template_kind::group);
  EXPECT_FALSE(t.is_static());
  EXPECT_TRUE(t.is_tenant_only());
  EXPECT_TRUE(t.uses(token_kind::tenant));
  EXPECT_FALSE(t.uses(token_kind::date));
  EXPECT_EQ(t.literal_prefix(), "app-customer-");
  EXPECT_EQ(t.max_rendered_length(), 13u + 128u);
  const auto d = name_template::parse("audit-{date:%Y-%m}/{field.kind}", template_kind::group);
  EXPECT_TRUE(d.is_date_rotated());
  EXPECT_FALSE(d.is_tenant_only());
  EXPECT_EQ(d.field_names(), std::vector<std::string>{"kind"});
  const auto s = name_template::parse("errors", template_kind::group);
  EXPECT_TRUE(s.is_static());
  EXPECT_EQ(s.literal_prefix(), "errors");
}

void expect_refused(std::string_view text, template_kind kind, std::string_view needle) {
  try {
    (void)name_template::parse(text, kind);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const cwlog::error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Template, RefusesBadTemplates) {
  expect_refused("", template_kind::group, "empty");
  expect_refused("app-{tenantt}", template_kind::group, "unknown token {tenantt}");
  expect_refused("app-{tenant", template_kind::group, "never closed");
  expect_refused("app-{field.}", template_kind::group, "{field.NAME}");
  expect_refused("app-{date:%Y-%b}", template_kind::group, "bad date format");
  expect_refused("app-{date:}", template_kind::group, "bad date format");
  expect_refused("app customer", template_kind::group, "' '");
  expect_refused("app:{tenant}", template_kind::group, "allowed in group names");
  expect_refused("a:{tenant}", template_kind::stream, "allowed in stream names");
  expect_refused("a*{tenant}", template_kind::stream, "allowed in stream names");
  expect_refused("aws/{tenant}", template_kind::group, "aws/");
  expect_refused("AWS/x", template_kind::group, "aws/");
  expect_refused("{tenant}/x", template_kind::group, "aws/");   // tenant "aws" would give "aws/x"
  expect_refused("a{tenant}/x", template_kind::group, "aws/");  // tenant "ws"
  expect_refused("{tenant}{component}", template_kind::group, "not separated");
  expect_refused("{tenant}_{component}", template_kind::group, "not separated");  // '_' is in encoded values
  expect_refused("x-{tenant}{date:%Y}{logger}", template_kind::group, "not separated");
  expect_refused("{tenant}X{component}", template_kind::group, "not separated");  // case-insensitive safety
  expect_refused("x-{tenant}-{logger}-{field.a}-{field.b}", template_kind::group, "at most 512");
}

TEST(Template, AcceptsUnambiguousTemplates) {
  for (const auto* ok : {"{tenant}", "aws-{tenant}", "aws{tenant}", "{tenant}-x", "{tenant}#{component}",
                         "x-{tenant}{date:%Y-%m}{logger}", "app/{tenant}.{component}/{date:%Y}"}) {
    EXPECT_NO_THROW((void)name_template::parse(ok, template_kind::group)) << ok;
  }
  EXPECT_NO_THROW((void)name_template::parse("{tenant} {component}@{host}", template_kind::stream));
  // A stream may start with "aws/": only group names have that rule.
  EXPECT_NO_THROW((void)name_template::parse("aws/{tenant}", template_kind::stream));
}

TEST(Template, EveryRenderedNameIsValid) {
  const auto t = name_template::parse("{tenant}", template_kind::group);
  for (const std::string& id :
       std::vector<std::string>{"aws", "aws/", "AWS", "", "a:b", std::string(600, 'Q')}) {
    auto rec = make_record(id);
    const auto name = t.render(rec, ctx);
    ASSERT_TRUE(name.has_value()) << id;
    EXPECT_TRUE(test::group_name_ok(*name)) << *name;
  }
}

}  // namespace
}  // namespace cwlog::detail

// The aggregator (registry) and the EMF encoder, in process: each metric kind
// as a document checked field by field, every limit's edge on both sides,
// refused values and names, the cardinality guard, tenants kept apart.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

#include <cwlog/error.h>
#include <nlohmann/json.hpp>

#include "metrics/emf_encoder.h"
#include "metrics/registry.h"
#include "rules/emf.h"

namespace cwlog::detail {
namespace {

using nlohmann::json;

metric_group_options shop(std::optional<std::string> tenant = std::nullopt) {
  metric_group_options o;
  o.namespace_name = "Shop";
  o.dimensions = {{"Service", "api"}};
  o.tenant = std::move(tenant);
  return o;
}

std::vector<json> documents(metrics_registry& r, std::size_t max_bytes = emf_max_event_bytes,
                            emf_encode_result* result = nullptr) {
  std::vector<group_sample> samples;
  r.collect(samples);
  std::vector<std::string> docs;
  for (const auto& g : samples) {
    auto res = encode_emf(g, 1'700'000'000'123, docs, max_bytes);
    if (result) *result = res;
  }
  std::vector<json> out;
  for (const auto& d : docs) {
    EXPECT_LE(d.size(), max_bytes);
    out.push_back(json::parse(d));
  }
  return out;
}

TEST(Aggregator, CounterOfAMillionIncrementsIsOneExactValue) {
  metrics_registry r(1000);
  auto* c = r.make_series(r.make_group(shop()), "Requests", metric_kind::counter, metric_unit::count,
                          storage_resolution::standard);
  std::thread t([&] {
    for (int i = 0; i < 500'000; ++i) record_counter(*c, 1);
  });
  for (int i = 0; i < 500'000; ++i) record_counter(*c, 1);
  t.join();
  const auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  const json& d = docs[0];
  EXPECT_EQ(d["_aws"]["Timestamp"], 1'700'000'000'123);
  const json& dir = d["_aws"]["CloudWatchMetrics"][0];
  EXPECT_EQ(d["_aws"]["CloudWatchMetrics"].size(), 1u);
  EXPECT_EQ(dir["Namespace"], "Shop");
  EXPECT_EQ(dir["Dimensions"], json::parse(R"([["Service"]])"));
  EXPECT_EQ(dir["Metrics"], json::parse(R"([{"Name":"Requests","Unit":"Count"}])"));
  EXPECT_EQ(d["Service"], "api");
  EXPECT_EQ(d["Requests"].get<double>(), 1'000'000.0);
  EXPECT_TRUE(documents(r).empty());  // the next interval holds nothing
}

TEST(Aggregator, GaugeSendsTheLastValueAndDistributionItsValues) {
  metrics_registry r(1000);
  const auto g = r.make_group(shop());
  auto* gauge = r.make_series(g, "Queue", metric_kind::gauge, metric_unit::bytes, storage_resolution::high);
  auto* dist = r.make_series(g, "Latency", metric_kind::distribution, metric_unit::milliseconds,
                             storage_resolution::standard);
  set_gauge(*gauge, 5);
  set_gauge(*gauge, 7);
  record_distribution(*dist, 12.5);
  record_distribution(*dist, 3);
  auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["Queue"], 7);
  EXPECT_EQ(docs[0]["Latency"], json::parse("[12.5,3]"));
  EXPECT_EQ(docs[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"],
            json::parse(R"([{"Name":"Queue","Unit":"Bytes","StorageResolution":1},
                            {"Name":"Latency","Unit":"Milliseconds"}])"));

  for (int i = 0; i < 101; ++i) record_distribution(*dist, i % 2);
  docs = documents(r);
  const json& h = docs[0]["Latency"];
  EXPECT_EQ(h["Values"], json::parse("[0,1]"));
  EXPECT_EQ(h["Counts"], json::parse("[51,50]"));
  EXPECT_EQ(h["Count"], 101);
  EXPECT_EQ(h["Sum"], 50);
  EXPECT_EQ(h["Min"], 0);
  EXPECT_EQ(h["Max"], 1);
  EXPECT_FALSE(docs[0].contains("Queue"));  // no value this interval: not sent
}

TEST(Aggregator, NanInfinityAndOutOfRangeAreRefusedAndCounted) {
  metrics_registry r(1000);
  const auto g = r.make_group(shop());
  auto* c = r.make_series(g, "C", metric_kind::counter, metric_unit::count, storage_resolution::standard);
  auto* d = r.make_series(g, "D", metric_kind::distribution, metric_unit::none, storage_resolution::standard);
  EXPECT_FALSE(record_counter(*c, std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(record_counter(*c, std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(set_gauge(*c, -std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(record_distribution(*d, std::ldexp(1.0, 361)));
  EXPECT_TRUE(record_distribution(*d, std::ldexp(1.0, 360)));
  EXPECT_EQ(r.counters().refused_values.load(), 4u);
  const auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_FALSE(docs[0].contains("C"));
}

TEST(Aggregator, BadNamesAreRefusedWithTheRule) {
  metrics_registry r(1000);
  auto bad = shop();
  bad.namespace_name = "AWS/EC2";
  EXPECT_THROW(r.make_group(bad), error);
  bad = shop();
  bad.dimensions.push_back({":x", "v"});
  EXPECT_THROW(r.make_group(bad), error);
  bad = shop();
  bad.dimensions.push_back({"x", ""});
  EXPECT_THROW(r.make_group(bad), error);
  bad = shop();
  bad.dimensions.push_back({"Service", "again"});
  EXPECT_THROW(r.make_group(bad), error);
  bad = shop();
  bad.properties["Service"] = "clash";
  EXPECT_THROW(r.make_group(bad), error);
  bad = shop();
  bad.dimension_sets = {{"Nope"}};
  EXPECT_THROW(r.make_group(bad), error);
  const auto g = r.make_group(shop());
  EXPECT_THROW(r.make_series(g, "", metric_kind::counter, metric_unit::count, storage_resolution::standard),
               error);
  EXPECT_THROW(r.make_series(g, std::string(256, 'x'), metric_kind::counter, metric_unit::count,
                             storage_resolution::standard),
               error);
  EXPECT_THROW(
      r.make_series(g, "Service", metric_kind::counter, metric_unit::count, storage_resolution::standard),
      error);
  r.make_series(g, "Requests", metric_kind::counter, metric_unit::count, storage_resolution::standard);
  EXPECT_THROW(
      r.make_series(g, "Requests", metric_kind::gauge, metric_unit::count, storage_resolution::standard),
      error);
  EXPECT_THROW(
      r.make_series(g, "Requests", metric_kind::counter, metric_unit::count, storage_resolution::high),
      error);
  try {
    r.make_series(g, "", metric_kind::counter, metric_unit::count, storage_resolution::standard);
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("1-255 printable ASCII"), std::string::npos) << e.what();
  }
}

TEST(Aggregator, ThirtyDimensionsPerSetAndNotOneMore) {
  metrics_registry r(1000);
  metric_group_options o;
  o.namespace_name = "Shop";
  for (int i = 0; i < 30; ++i) o.dimensions.push_back({"D" + std::to_string(i), "v"});
  const auto g = r.make_group(o);
  record_counter(
      *r.make_series(g, "N", metric_kind::counter, metric_unit::count, storage_resolution::standard), 1);
  const auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0].size(), 30u);
  o.dimensions.push_back({"D30", "v"});
  EXPECT_THROW(r.make_group(o), error);
  o.dimension_sets = {{"D0", "D30"}, {"D1"}};  // 31 dimensions, sets of 2 and 1: allowed
  EXPECT_NO_THROW(r.make_group(o));
}

TEST(Aggregator, HundredMetricsPerDocumentAndNotOneMore) {
  for (const int n : {100, 101}) {
    metrics_registry r(1000);
    const auto g = r.make_group(shop());
    for (int i = 0; i < n; ++i)
      record_counter(*r.make_series(g, "M" + std::to_string(i), metric_kind::counter, metric_unit::count,
                                    storage_resolution::standard),
                     i);
    const auto docs = documents(r);
    ASSERT_EQ(docs.size(), n == 100 ? 1u : 2u);
    EXPECT_EQ(docs[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"].size(), 100u);
    if (n == 101) {
      EXPECT_EQ(docs[1]["_aws"]["CloudWatchMetrics"][0]["Metrics"].size(), 1u);
      EXPECT_EQ(docs[1]["M100"], 100);
      EXPECT_EQ(docs[1]["Service"], "api");  // every document carries the dimensions
    }
  }
}

TEST(Aggregator, EventSizeLimitSplitsDocumentsAtTheByte) {
  // The exact size of a two-metric document, then one byte less.
  std::size_t two = 0;
  for (const std::size_t limit : {emf_max_event_bytes, std::size_t{0}, std::size_t{1}}) {
    metrics_registry r(1000);
    const auto g = r.make_group(shop());
    record_counter(
        *r.make_series(g, "A", metric_kind::counter, metric_unit::count, storage_resolution::standard), 1);
    record_counter(
        *r.make_series(g, "B", metric_kind::counter, metric_unit::count, storage_resolution::standard), 2);
    std::vector<group_sample> samples;
    r.collect(samples);
    std::vector<std::string> docs;
    const std::size_t max = limit == emf_max_event_bytes ? limit : two - limit;
    const auto res = encode_emf(samples.at(0), 1, docs, max);
    EXPECT_EQ(res.oversize, 0u);
    if (limit == emf_max_event_bytes) {
      ASSERT_EQ(docs.size(), 1u);
      two = docs[0].size();
    } else {
      EXPECT_EQ(docs.size(), limit == 0 ? 1u : 2u) << max;
      for (const auto& d : docs) EXPECT_LE(d.size(), max);
    }
  }
  // A document that cannot fit even with one metric is not sent, and counted.
  metrics_registry r(1000);
  record_counter(*r.make_series(r.make_group(shop()), "A", metric_kind::counter, metric_unit::count,
                                storage_resolution::standard),
                 1);
  emf_encode_result res;
  EXPECT_TRUE(documents(r, 50, &res).empty());
  EXPECT_EQ(res.oversize, 1u);
}

TEST(Aggregator, CardinalityGuardAdmitsTheLimitPerIntervalAndCountsTheRest) {
  metrics_registry r(3);
  std::vector<metric_series*> series;
  for (int i = 0; i < 4; ++i) {
    auto o = shop();
    o.dimensions[0].value = "svc" + std::to_string(i);
    series.push_back(r.make_series(r.make_group(o), "N", metric_kind::counter, metric_unit::count,
                                   storage_resolution::standard));
  }
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(record_counter(*series[i], 1));
  EXPECT_FALSE(record_counter(*series[3], 1));
  EXPECT_FALSE(record_counter(*series[3], 1));
  EXPECT_TRUE(record_counter(*series[0], 1));  // admitted groups go on
  EXPECT_EQ(r.counters().cardinality_dropped.load(), 2u);
  EXPECT_EQ(r.counters().cardinality_groups.load(), 1u);
  EXPECT_EQ(documents(r).size(), 3u);
  // A new interval: the fourth group takes a free slot.
  EXPECT_TRUE(record_counter(*series[3], 1));
  const auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["Service"], "svc3");
}

TEST(Aggregator, TenantDimensionIsTheInjectiveEncodingAndTenantsNeverMix) {
  metrics_registry r(1000);
  // "Acme" and "_41cme" would collide under a naive escaping; the encoding
  // keeps them apart, and the raw id keeps the groups apart regardless.
  auto* a = r.make_series(r.make_group(shop("Acme")), "N", metric_kind::counter, metric_unit::count,
                          storage_resolution::standard);
  auto* b = r.make_series(r.make_group(shop("acme")), "N", metric_kind::counter, metric_unit::count,
                          storage_resolution::standard);
  auto* c = r.make_series(r.make_group(shop("_41cme")), "N", metric_kind::counter, metric_unit::count,
                          storage_resolution::standard);
  EXPECT_EQ(r.make_group(shop("acme")), r.make_group(shop("acme")));
  record_counter(*a, 1);
  record_counter(*b, 10);
  record_counter(*c, 100);
  std::map<std::string, double> by_tenant;
  for (const auto& d : documents(r)) {
    EXPECT_EQ(d["_aws"]["CloudWatchMetrics"][0]["Dimensions"], json::parse(R"([["Service","Tenant"]])"));
    EXPECT_TRUE(d["Tenant"].is_string());
    by_tenant[d["Tenant"].get<std::string>()] += d["N"].get<double>();
  }
  EXPECT_EQ(by_tenant, (std::map<std::string, double>{{"_41cme", 1}, {"acme", 10}, {"_5f41cme", 100}}));
}

TEST(Aggregator, PropertiesAndDimensionSetsAreSentAsGiven) {
  metrics_registry r(1000);
  auto o = shop("acme");
  o.component = "api";
  o.dimension_sets = {{"Service", "Tenant"}, {"Component"}, {}};
  o.properties = {{"RequestId", "r-1"}, {"Note", "caf\xc3\xa9"}};
  record_counter(*r.make_series(r.make_group(o), "N", metric_kind::counter, metric_unit::count,
                                storage_resolution::standard),
                 1);
  const auto docs = documents(r);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["_aws"]["CloudWatchMetrics"][0]["Dimensions"],
            json::parse(R"([["Service","Tenant"],["Component"],[]])"));
  EXPECT_EQ(docs[0]["Component"], "api");
  EXPECT_EQ(docs[0]["RequestId"], "r-1");
  EXPECT_EQ(docs[0]["Note"], "caf\xc3\xa9");
}

}  // namespace
}  // namespace cwlog::detail

// Distributions: raw values up to 100, (value, count) pairs for up to 100
// distinct values, buckets of 10% relative width beyond, never more than 100
// entries, min/max/count/sum exact.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/value_histogram.h"

namespace cwlog::detail {
namespace {

TEST(ValueHistogram, HundredValuesAreSentRaw) {
  value_histogram h;
  for (int i = 0; i < 100; ++i) h.add(i % 7);
  distribution_summary s;
  h.summarize(s);
  EXPECT_TRUE(s.raw);
  EXPECT_EQ(s.values.size(), 100u);
  EXPECT_EQ(s.count, 100u);
  h.add(3);  // the 101st value: no longer sent one by one
  h.summarize(s);
  EXPECT_FALSE(s.raw);
  ASSERT_EQ(s.values.size(), 7u);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    EXPECT_EQ(s.values[i], static_cast<double>(i));  // exact while at most 100 distinct
    total += s.counts[i];
  }
  EXPECT_EQ(total, 101u);
  EXPECT_EQ(s.counts[3], 15u);  // 14 of i % 7 == 3 below 100, and the one added
}

TEST(ValueHistogram, ZeroAndNegativeZeroAreOneValue) {
  value_histogram h;
  for (int i = 0; i < 60; ++i) h.add(i % 2 ? 0.0 : -0.0);
  for (int i = 0; i < 60; ++i) h.add(i);  // 59 more distinct values
  distribution_summary s;
  h.summarize(s);
  EXPECT_FALSE(h.bucketed());
  EXPECT_EQ(s.values.size(), 60u);
  EXPECT_EQ(s.counts[0], 61u);
}

TEST(ValueHistogram, HundredDistinctValuesStayExact) {
  value_histogram h;
  for (int r = 0; r < 3; ++r)
    for (int i = 1; i <= 100; ++i) h.add(i * 1000.0);
  EXPECT_FALSE(h.bucketed());
  h.add(1.0);  // the 101st distinct value
  EXPECT_TRUE(h.bucketed());
}

TEST(ValueHistogram, BucketsAreTenPercentWideAndAtMostHundred) {
  value_histogram h;
  double sum = 0;
  for (int i = 1; i <= 100'000; ++i) {
    const double v = i * 0.01;
    h.add(v);
    sum += v;
  }
  distribution_summary s;
  h.summarize(s);
  EXPECT_FALSE(s.raw);
  EXPECT_LE(s.values.size(), 100u);
  EXPECT_EQ(s.values.size(), s.counts.size());
  std::uint64_t total = 0;
  for (auto c : s.counts) total += c;
  EXPECT_EQ(total, 100'000u);
  EXPECT_EQ(s.count, 100'000u);
  EXPECT_EQ(s.min, 0.01);
  EXPECT_EQ(s.max, 1000.0);
  EXPECT_NEAR(s.sum, sum, 1e-6 * sum);
  for (std::size_t i = 1; i < s.values.size(); ++i) EXPECT_LT(s.values[i - 1], s.values[i]);
}

TEST(ValueHistogram, BucketBoundariesArePowersOfOnePointOne) {
  EXPECT_EQ(value_histogram::bucket_of(0), 0);
  EXPECT_EQ(value_histogram::bucket_of(1.0), value_histogram::bucket_of(1.09));
  EXPECT_NE(value_histogram::bucket_of(1.0), value_histogram::bucket_of(1.11));
  EXPECT_EQ(value_histogram::bucket_of(-1.0), -value_histogram::bucket_of(1.0));
  EXPECT_NE(value_histogram::bucket_of(1e-300), 0);
  EXPECT_NE(value_histogram::bucket_of(1e300), value_histogram::bucket_of(-1e300));
}

TEST(ValueHistogram, WideRangesMergeIntoAtMostHundredBuckets) {
  value_histogram h;
  for (int e = -300; e <= 300; ++e) h.add(std::pow(10.0, e));  // ~14,000 bucket widths apart
  distribution_summary s;
  h.summarize(s);
  EXPECT_LE(s.values.size(), 100u);
  std::uint64_t total = 0;
  for (auto c : s.counts) total += c;
  EXPECT_EQ(total, 601u);
  for (auto v : s.values) {
    EXPECT_GE(v, s.min);
    EXPECT_LE(v, s.max);
  }
}

}  // namespace
}  // namespace cwlog::detail

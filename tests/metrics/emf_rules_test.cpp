// rules/emf.h: every limit's edge, both sides.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "rules/emf.h"

namespace cwlog::detail {
namespace {

TEST(EmfRules, MetricValuesAreFiniteAndWithinTwoToThe360) {
  EXPECT_TRUE(is_valid_metric_value(0));
  EXPECT_TRUE(is_valid_metric_value(-1.5));
  EXPECT_TRUE(is_valid_metric_value(std::ldexp(1.0, 360)));
  EXPECT_TRUE(is_valid_metric_value(-std::ldexp(1.0, 360)));
  EXPECT_FALSE(is_valid_metric_value(std::nextafter(std::ldexp(1.0, 360), INFINITY)));
  EXPECT_FALSE(is_valid_metric_value(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(is_valid_metric_value(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(is_valid_metric_value(-std::numeric_limits<double>::infinity()));
}

TEST(EmfRules, Namespace) {
  EXPECT_TRUE(is_valid_namespace("Shop/api-v1.x_y#z:w"));
  EXPECT_TRUE(is_valid_namespace(std::string(255, 'n')));
  EXPECT_FALSE(is_valid_namespace(std::string(256, 'n')));
  EXPECT_FALSE(is_valid_namespace(""));
  EXPECT_FALSE(is_valid_namespace("has space"));
  EXPECT_FALSE(is_valid_namespace("AWS/Lambda"));
  EXPECT_FALSE(is_valid_namespace("aws/lambda"));
  EXPECT_TRUE(is_valid_namespace("AWSx/Lambda"));
}

TEST(EmfRules, MetricName) {
  EXPECT_TRUE(is_valid_metric_name("Latency p99"));
  EXPECT_TRUE(is_valid_metric_name(std::string(255, 'm')));
  EXPECT_FALSE(is_valid_metric_name(std::string(256, 'm')));
  EXPECT_FALSE(is_valid_metric_name(""));
  EXPECT_FALSE(is_valid_metric_name("tab\there"));
  EXPECT_FALSE(is_valid_metric_name("caf\xc3\xa9"));
}

TEST(EmfRules, DimensionNameAndValue) {
  EXPECT_TRUE(is_valid_dimension_name(std::string(250, 'd')));
  EXPECT_FALSE(is_valid_dimension_name(std::string(251, 'd')));
  EXPECT_FALSE(is_valid_dimension_name(""));
  EXPECT_FALSE(is_valid_dimension_name(":Service"));
  EXPECT_TRUE(is_valid_dimension_name("Service:Name"));
  EXPECT_TRUE(is_valid_dimension_value(std::string(1024, 'v')));
  EXPECT_FALSE(is_valid_dimension_value(std::string(1025, 'v')));
  EXPECT_FALSE(is_valid_dimension_value(""));
  EXPECT_FALSE(is_valid_dimension_value("\xff"));
}

TEST(EmfRules, UnitsAndResolution) {
  EXPECT_TRUE(is_valid_unit("Count"));
  EXPECT_TRUE(is_valid_unit("Count/Second"));
  EXPECT_FALSE(is_valid_unit("count"));
  EXPECT_FALSE(is_valid_unit("Hours"));
  EXPECT_TRUE(is_valid_storage_resolution(1));
  EXPECT_TRUE(is_valid_storage_resolution(60));
  EXPECT_FALSE(is_valid_storage_resolution(30));
  EXPECT_EQ(emf_max_event_bytes, max_event_message_bytes);
}

}  // namespace
}  // namespace cwlog::detail

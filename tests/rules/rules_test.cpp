// The one home of CloudWatch Logs' rules (src/rules): each rule at its edges,
// against values written here from the AWS documentation, not from the code.
#include <gtest/gtest.h>

#include <string>

#include "rules/kms_key_arn.h"
#include "rules/log_group_class.h"
#include "rules/names.h"
#include "rules/put_log_events.h"
#include "rules/retention.h"
#include "rules/tags.h"

namespace cwlog::detail {
namespace {

TEST(put_log_events_rules, batch_and_event_limits_agree_with_the_api_reference) {
  EXPECT_EQ(max_batch_bytes, 1'048'576u);
  EXPECT_EQ(per_event_overhead_bytes, 26u);
  EXPECT_EQ(max_batch_events, 10'000u);
  // One event alone must fit a batch with its overhead, and no more.
  EXPECT_EQ(max_event_message_bytes + per_event_overhead_bytes, max_batch_bytes);
  EXPECT_EQ(min_event_message_bytes, 1u);
  EXPECT_EQ(max_batch_span, std::chrono::hours(24));
  EXPECT_EQ(max_event_future, std::chrono::hours(2));
  EXPECT_EQ(max_event_age, std::chrono::hours(14 * 24));
}

TEST(retention_rules, exactly_the_documented_values) {
  const std::string documented =
      "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, "
      "3653";
  EXPECT_EQ(allowed_retention_days_text(), documented);
  int accepted = 0;
  for (std::int64_t d = -1; d <= 4000; ++d) accepted += is_allowed_retention_days(d);
  EXPECT_EQ(accepted, 22);
  EXPECT_FALSE(is_allowed_retention_days(0));  // never expire is no policy, not 0
  EXPECT_TRUE(is_allowed_retention_days(1));
  EXPECT_FALSE(is_allowed_retention_days(2));
  EXPECT_TRUE(is_allowed_retention_days(3653));
  EXPECT_FALSE(is_allowed_retention_days(3654));
  EXPECT_FALSE(is_allowed_retention_days(3653 + (std::int64_t{1} << 32)));  // no narrowing on the way
}

TEST(log_group_class_rules, names_round_trip_and_delivery_is_refused_with_a_reason) {
  std::string why;
  for (const auto c : {cwlog::log_group_class::standard, cwlog::log_group_class::infrequent_access}) {
    EXPECT_EQ(parse_log_group_class(log_group_class_name(c), why), c);
  }
  EXPECT_STREQ(log_group_class_name(cwlog::log_group_class::standard), "STANDARD");
  EXPECT_STREQ(log_group_class_name(cwlog::log_group_class::infrequent_access), "INFREQUENT_ACCESS");
  EXPECT_EQ(parse_log_group_class("DELIVERY", why), std::nullopt);
  EXPECT_NE(why.find("only for delivering Lambda logs"), std::string::npos) << why;
  EXPECT_EQ(parse_log_group_class("standard", why), std::nullopt);  // the API is case-sensitive
  EXPECT_NE(why.find("(allowed: STANDARD, INFREQUENT_ACCESS)"), std::string::npos) << why;
}

TEST(kms_key_arn_rules, key_arns_of_every_partition_are_accepted) {
  for (const char* partition :
       {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}) {
    const std::string arn = "arn:" + std::string(partition) +
                            ":kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    EXPECT_EQ(check_kms_key_arn(arn), std::nullopt) << arn;
  }
  EXPECT_TRUE(is_kms_key_arn("arn:aws:kms:us-east-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"));
}

TEST(kms_key_arn_rules, ids_aliases_and_malformed_arns_are_refused_with_the_reason) {
  const std::string key = "1234abcd-12ab-34cd-56ef-1234567890ab";
  const std::pair<std::string, std::string> refused[] = {
      {key, "is not an ARN"},
      {"alias/logs", "is not an ARN"},
      {"arn:aws:kms:eu-west-1:111122223333:alias/logs", "key/<key-id>"},
      {"arn:aws:s3:eu-west-1:111122223333:key/" + key, "is not a KMS ARN"},
      {"arn:aws-mars:kms:eu-west-1:111122223333:key/" + key, "unknown partition"},
      {"arn:aws:kms::111122223333:key/" + key, "no valid region"},
      {"arn:aws:kms:EU-WEST-1:111122223333:key/" + key, "no valid region"},
      {"arn:aws:kms:eu-west-1:11112222333:key/" + key, "12 digits"},
      {"arn:aws:kms:eu-west-1:1111222233334:key/" + key, "12 digits"},
      {"arn:aws:kms:eu-west-1:111122223333:key/abc", "key/<key-id>"},
      {"arn:aws:kms:eu-west-1:111122223333:key/1234ABCD-12ab-34cd-56ef-1234567890ab", "key/<key-id>"},
      {"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890a", "key/<key-id>"},
      {"arn:aws:kms:eu-west-1:111122223333:key/1234abcd12ab-34cd-56ef-1234567890ab", "key/<key-id>"},
      {"arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890a", "key/<key-id>"},
      {"arn:aws:kms:" + std::string(240, 'a') + ":111122223333:key/" + key, "longer than 256"},
  };
  for (const auto& [arn, reason] : refused) {
    const auto why = check_kms_key_arn(arn);
    ASSERT_TRUE(why.has_value()) << arn;
    EXPECT_NE(why->find(reason), std::string::npos) << arn << ": " << *why;
    EXPECT_NE(why->find("(allowed: a KMS key ARN"), std::string::npos) << *why;
  }
}

TEST(name_rules, group_names) {
  EXPECT_TRUE(is_valid_group_name("a"));
  EXPECT_TRUE(is_valid_group_name("/aws/lambda/x"));  // only a leading "aws/" is reserved
  EXPECT_TRUE(is_valid_group_name("app.Name-1_x/y#z"));
  EXPECT_TRUE(is_valid_group_name(std::string(512, 'g')));
  EXPECT_FALSE(is_valid_group_name(std::string(513, 'g')));
  EXPECT_FALSE(is_valid_group_name(""));
  EXPECT_FALSE(is_valid_group_name("aws/x"));
  EXPECT_FALSE(is_valid_group_name("AWS/x"));  // the service compares the prefix without case
  EXPECT_FALSE(is_valid_group_name("Aws/x"));
  EXPECT_TRUE(is_valid_group_name("awsx/y"));
  for (const char c : std::string(" :*@%+=,\t")) {
    EXPECT_FALSE(is_valid_group_name(std::string("a") + c)) << c;
  }
}

TEST(name_rules, stream_names) {
  EXPECT_TRUE(is_valid_stream_name("host 1/pid@x#y"));
  EXPECT_TRUE(is_valid_stream_name(std::string(512, 's')));
  EXPECT_FALSE(is_valid_stream_name(std::string(513, 's')));
  EXPECT_FALSE(is_valid_stream_name(""));
  EXPECT_FALSE(is_valid_stream_name("a:b"));
  EXPECT_FALSE(is_valid_stream_name("a*b"));
}

TEST(tag_rules, keys_values_and_the_reserved_prefix) {
  EXPECT_EQ(max_tags, 50u);
  EXPECT_EQ(check_tag("team", ""), std::nullopt);
  EXPECT_EQ(check_tag("a b_.:/=+-@", "x y_.:/=+-@"), std::nullopt);
  EXPECT_EQ(check_tag(std::string(128, 'k'), std::string(256, 'v')), std::nullopt);
  EXPECT_NE(check_tag(std::string(129, 'k'), "v"), std::nullopt);
  EXPECT_NE(check_tag("k", std::string(257, 'v')), std::nullopt);
  EXPECT_NE(check_tag("", "v"), std::nullopt);
  const auto reserved = check_tag("aws:owner", "v");
  ASSERT_TRUE(reserved.has_value());
  EXPECT_NE(reserved->find("reserved prefix aws:"), std::string::npos);
  EXPECT_NE(check_tag("k", "a;b"), std::nullopt);
  EXPECT_NE(check_tag("k#", "v"), std::nullopt);
}

}  // namespace
}  // namespace cwlog::detail

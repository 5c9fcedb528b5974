#pragma once
// The form of the KMS key a log group is encrypted with (CreateLogGroup
// kmsKeyId): "The Amazon Resource Name (ARN) of the KMS key to use when
// encrypting log data" (at most 256 characters, service model shape KmsKeyId).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// Key ids and alias ARNs are not key ARNs. The one check for the config, the
// shipper, the Terraform generator and `cwlog local`.
#include <optional>
#include <string>
#include <string_view>

namespace cwlog::detail {

inline constexpr std::size_t max_kms_key_arn_length = 256;

// arn:<partition>:kms:<region>:<12-digit account>:key/<key id>, where
//  - partition is one of AWS's partitions (botocore data/partitions.json:
//    aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc);
//  - the key id is "1234abcd-12ab-34cd-56ef-1234567890ab" or, for a
//    multi-Region key, "mrk-1234abcd12ab34cd56ef1234567890ab" (AWS KMS
//    Developer Guide, "Key identifiers (KeyId)":
//    https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id).
// nullopt when `arn` has that form, else why not, ending in "(allowed: ...)".
std::optional<std::string> check_kms_key_arn(std::string_view arn);

inline bool is_kms_key_arn(std::string_view arn) {
  return !check_kms_key_arn(arn).has_value();
}

}  // namespace cwlog::detail

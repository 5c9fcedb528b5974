#pragma once
// IAM identity policies for cwlog local: `cwlog local --policy FILE` evaluates
// every request against one identity policy the way IAM does for a principal
// with only that policy attached (no resource policies, no boundaries, no SCPs).
//
// Semantics (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy
// elements reference"):
//   - Statement is an object or an array; Effect is "Allow" or "Deny".
//   - Action / NotAction: string or array; matched case-insensitively with
//     `*` (any run) and `?` (one character) wildcards.
//   - Resource / NotResource: string or array; matched case-sensitively with
//     the same wildcards; `*` crosses `:` and `/`.
//   - An explicit Deny wins over any Allow; with no matching Allow the request
//     is implicitly denied.
//   - Condition blocks are rejected at parse time (not evaluated here), so a
//     policy is never silently more permissive than IAM would make it.
//
// Which resource ARN each CloudWatch Logs action is authorised against
// (resource_arn_for() below). The Service Authorization Reference ("Actions,
// resources, and condition keys for Amazon CloudWatch Logs") names two resource
// types: log-group  arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}
//        log-stream
//        arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}
// but the ARN the service actually hands to IAM is always in the log-stream
// shape, with empty parts where the request has none. That is what AWS prints
// in AccessDenied messages, e.g.
//   "not authorized to perform: logs:CreateLogStream on resource:
//    arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/x:log-stream:<id>"
//   "not authorized to perform: logs:CreateLogGroup on resource:
//    arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/x:log-stream:"
//    (github.com/elastic/apm-aws-lambda issue 526)
//   DescribeLogGroups on "arn:aws:logs:REGION:ACCOUNT:log-group::log-stream:"
//    (github.com/maxbanton/cwh pull 83; widely used in Terraform policies)
// so:
//   operation                                   resource ARN evaluated
//   PutLogEvents, CreateLogStream,              ...:log-group:G:log-stream:S
//   DeleteLogStream, GetLogEvents
//   CreateLogGroup, DeleteLogGroup,             ...:log-group:G:log-stream:
//   PutRetentionPolicy, DeleteRetentionPolicy,  (a policy's "...:log-group:G:*" matches it,
//   DescribeLogStreams, FilterLogEvents,         "...:log-group:G" does not)
//   StartLiveTail/StartQuery (first group), TagLogGroup, UntagLogGroup,
//   ListTagsLogGroup, Associate/DisassociateKmsKey, Put/Delete/Describe
//   SubscriptionFilter(s), Put/DeleteMetricFilter, *DataProtectionPolicy
//   TagResource, UntagResource,                 the request's resourceArn, as given
//   ListTagsForResource                         (for a group: ...:log-group:G, no ":*")
//   DescribeLogGroups, DescribeMetricFilters    ...:log-group::log-stream:
//   (without a group), DescribeQueries, ...
//   anything else                               *
// A group given as logGroupIdentifier may be a name or an ARN (with or without
// ":*"); the name is taken from it.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cwlog::detail {

enum class policy_decision { allow, explicit_deny, implicit_deny };

class identity_policy {
 public:
  // Parses an IAM policy document; the error text says which statement/element
  // is wrong and what is allowed.
  static std::expected<identity_policy, std::string> parse(std::string_view json_text);

  // `action` as IAM writes it ("logs:PutLogEvents"), `resource_arn` from resource_arn_for().
  policy_decision evaluate(std::string_view action, std::string_view resource_arn) const;

  struct statement {
    bool allow_ = false;
    bool not_action_ = false;
    bool not_resource_ = false;
    std::vector<std::string> actions_;
    std::vector<std::string> resources_;
    std::string sid_;
  };
  const std::vector<statement>& statements() const { return statements_; }

 private:
  std::vector<statement> statements_;
};

// IAM-style wildcard match: `*` any run (possibly empty, crossing ':' and '/'),
// `?` exactly one character. ASCII case folding when `case_insensitive`.
bool iam_wildcard_match(std::string_view pattern, std::string_view value, bool case_insensitive);

// The ARN an operation ("PutLogEvents", no "logs:" prefix) is authorised
// against, from its JSON request body; see the table above.
std::string resource_arn_for(std::string_view operation, const nlohmann::json& request,
                             std::string_view partition, std::string_view region, std::string_view account);

}  // namespace cwlog::detail

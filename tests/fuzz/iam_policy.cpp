// Fuzz target: the IAM identity policy of `cwlog local --policy` (src/local/policy):
// the document parser, the wildcard matcher and the evaluation. Input: the
// policy document, then an action and a resource ARN, separated by NUL bytes.
#include "fuzz_input.h"
#include "local/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cwlog::detail;
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 3);
  // The matcher alone, with the second part as a pattern over the third.
  (void)iam_wildcard_match(parts[1], parts[2], true);
  (void)iam_wildcard_match(parts[1], parts[2], false);
  const auto policy = identity_policy::parse(parts[0]);
  if (!policy) {
    cwlog::fuzz::require(!policy.error().empty(), "a rejected policy says why");
    return 0;
  }
  const policy_decision d = policy->evaluate(parts[1], parts[2]);
  bool any_allow = false;
  for (const auto& s : policy->statements()) any_allow = any_allow || s.allow_;
  cwlog::fuzz::require(any_allow || d != policy_decision::allow,
                       "nothing is allowed without an Allow statement");
  return 0;
}

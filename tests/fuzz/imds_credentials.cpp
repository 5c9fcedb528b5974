// Fuzz target: the EC2 instance metadata (IMDSv2) provider's handling of its
// three answers: the session token, the role name listing and the role's
// credentials document (src/aws/provider_imds.cpp). Input: the three bodies,
// separated by NUL bytes; the endpoint answers 200 to each.
#include "fuzz_input.h"
#include "provider_context.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 3);
  auto transport = std::make_shared<cwlog::fuzz::canned_transport>(parts);
  const auto ctx = cwlog::fuzz::make_context({}, transport);
  const auto r = cwlog::detail::make_imds_provider(ctx)->load();
  cwlog::fuzz::check_result(r);
  for (const auto& req : transport->sent())
    cwlog::fuzz::require(req.url.starts_with("http://169.254.169.254/latest/"), "every request goes to IMDS");
  return 0;
}

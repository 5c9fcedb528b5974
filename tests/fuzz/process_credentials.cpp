// Fuzz target: what a profile's credential_process prints on stdout
// (parse_process_output in src/aws/provider_process.cpp): Version 1 JSON
// with the keys, an optional session token and an ISO 8601 expiration.
#include "aws/providers.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string out(cwlog::fuzz::as_text(data, size));
  const auto r = cwlog::detail::parse_process_output(out, "credential_process of profile \"fuzz\"");
  if (r)
    cwlog::fuzz::require(!r->access_key_id.empty() && !r->secret_access_key.empty(),
                         "credentials are complete");
  else
    cwlog::fuzz::require(r.error().configured, "a bad output is a failure, not \"not configured\"");
  return 0;
}

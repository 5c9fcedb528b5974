// Fuzz target: STS's XML answers to AssumeRole and AssumeRoleWithWebIdentity
// (parse_sts_credentials in src/aws/sts_client.cpp, on pugixml). Input: one
// byte choosing the call and the HTTP status, then the body.
#include "aws/sts_client.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const char* result = data[0] & 1 ? "AssumeRoleWithWebIdentityResult" : "AssumeRoleResult";
  static constexpr int statuses[] = {200, 200, 400, 403, 500, 503, 302, 0};
  const int status = statuses[(data[0] >> 1) & 7];
  const std::string body(cwlog::fuzz::as_text(data + 1, size - 1));
  const auto c = cwlog::detail::parse_sts_credentials(status, body, result);
  if (c) {
    cwlog::fuzz::require(status == 200, "only a 200 answer gives credentials");
    cwlog::fuzz::require(!c->access_key_id.empty() && !c->secret_access_key.empty() && c->expiration,
                         "credentials are complete");
  } else {
    cwlog::fuzz::require(c.error().status == status, "the error keeps the HTTP status");
    (void)cwlog::detail::to_string(c.error());
  }
  return 0;
}

// Fuzz target: the container credentials provider (ECS / EKS Pod Identity,
// src/aws/provider_container.cpp): the host check of
// AWS_CONTAINER_CREDENTIALS_FULL_URI, the authorization token and the JSON
// answer. Input: FULL_URI (empty: RELATIVE_URI is used), the token and the
// answer's body, separated by NUL bytes.
#include "fuzz_input.h"
#include "provider_context.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 3);
  std::map<std::string, std::string, std::less<>> vars;
  if (parts[0].empty())
    vars["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/fuzz";
  else
    vars["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = std::string(parts[0]);
  if (!parts[1].empty()) vars["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = std::string(parts[1]);
  auto transport = std::make_shared<cwlog::fuzz::canned_transport>(std::vector<std::string_view>{parts[2]});
  const auto ctx = cwlog::fuzz::make_context(std::move(vars), transport);
  const auto r = cwlog::detail::make_container_provider(ctx)->load();
  cwlog::fuzz::check_result(r);
  for (const auto& req : transport->sent()) {
    // A request only ever goes where the configuration said.
    cwlog::fuzz::require(
        parts[0].empty() ? req.url == "http://169.254.170.2/v2/credentials/fuzz" : req.url == parts[0],
        "the request goes to the configured URL");
    for (const auto& h : req.headers)
      cwlog::fuzz::require(h.value.find_first_of("\r\n") == std::string::npos,
                           "no header value has a line break");
  }
  return 0;
}

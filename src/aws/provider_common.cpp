// Helpers shared by the providers that read JSON credential documents.
#include <nlohmann/json.hpp>

#include "aws/providers.h"
#include "common/time_format.h"

namespace cwlog::detail {

provider_result parse_credentials_json(const std::string& body, const std::string& token_field,
                                       const std::string& what) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return provider_failed(what + " did not return a JSON object");
  auto text = [&](const char* field) -> std::optional<std::string> {
    auto it = doc.find(field);
    if (it == doc.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
    return it->get<std::string>();
  };
  auto key = text("AccessKeyId");
  auto secret = text("SecretAccessKey");
  if (!key || !secret) return provider_failed(what + " returned no AccessKeyId/SecretAccessKey");
  credentials c{*key, *secret, text(token_field.c_str()).value_or(""), std::nullopt};
  if (auto exp = text("Expiration")) {
    c.expiration = parse_iso8601(*exp);
    if (!c.expiration) return provider_failed(what + " returned an Expiration that is not ISO 8601");
  }
  return c;
}

std::string describe_http_failure(const http_result& result, const std::string& url) {
  if (!result)
    return result.error().message.empty() ? "cannot reach " + url : result.error().message + " (" + url + ")";
  return "HTTP " + std::to_string(result->status) + " from " + url;
}

}  // namespace cwlog::detail

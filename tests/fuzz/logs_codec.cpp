// Fuzz target: the Logs client's response decoders (src/logs/logs_codec and
// logs_error). Whatever a server, proxy or impostor answers must decode into a
// response or a logs_error, never an exception or a crash ("Decoding never
// throws and never crashes, whatever the body").
// Input: one status byte, then the Date header, a NUL byte, and the body.
#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "logs/logs_codec.h"

namespace {

using namespace cwlog::detail;

void decode_all(const nlohmann::json& body) {
  (void)parse_put_log_events_response(body);
  (void)parse_describe_log_groups_response(body);
  (void)parse_describe_log_streams_response(body);
  (void)parse_get_log_events_response(body);
  (void)parse_filter_log_events_response(body);
  (void)parse_list_tags_for_resource_response(body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // 200-455 and 500-755: success, client and server errors (and the odd ones).
  const int status = (data[0] & 0x80 ? 500 : 200) + (data[0] & 0x7f) * 2;
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data + 1, size - 1), 2);

  // As logs_client::attempt does: a body that is not JSON is a malformed response.
  const auto body = nlohmann::json::parse(parts[1], nullptr, false);
  if (!body.is_discarded()) decode_all(body);

  http_response response;
  response.status = status;
  response.headers.push_back({"Date", std::string(parts[0])});
  response.headers.push_back({"x-amzn-RequestId", "fuzz"});
  response.body = std::string(parts[1]);
  const logs_error e = decode_error_response(response);
  cwlog::fuzz::require(e.http_status == status, "the error keeps the HTTP status");
  (void)to_string(e.kind);
  (void)normalize_error_type(parts[1]);
  (void)parse_http_date(parts[0]);
  return 0;
}

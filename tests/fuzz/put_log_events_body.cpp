// Fuzz target: cwlog local's fast PutLogEvents body reader (simdjson
// on-demand, src/local/put_body_reader.cpp) against the general path it
// stands in for (nlohmann::json, model_validator, put_request_from()).
// Input: a request body.
//
// Property: whatever the fast reader accepts, the general path accepts too —
// valid JSON, an object, no model violation — and reads the same request:
// group, stream, and every event's timestamp and message bytes. (The reverse
// need not hold: the fast reader leaves unusual forms to the general path.)
// This is what lets http_front answer every body the fast reader refuses
// with the general path's error, and trust the ones it takes.
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "local/model_validation.h"
#include "local/put_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cwlog::detail;
  using cwlog::fuzz::require;
  static const model_validator validator;  // compiling the model is the costly part

  std::string body(cwlog::fuzz::as_text(data, size));
  put_request fast;
  if (!read_put_body(body, fast)) return 0;
  require(body == cwlog::fuzz::as_text(data, size), "the reader left the body unchanged");

  nlohmann::json input;
  try {
    input = nlohmann::json::parse(body);
  } catch (const nlohmann::json::exception&) {
    require(false, "a body the fast reader accepts is JSON to nlohmann");
  }
  require(input.is_object(), "a body the fast reader accepts is an object");
  require(!validator.validate("PutLogEvents", input), "a body the fast reader accepts passes the model");
  const put_request general = put_request_from(input);
  require(fast.group == general.group, "same log group");
  require(fast.stream == general.stream, "same log stream");
  require(fast.events.size() == general.events.size(), "same number of events");
  for (std::size_t i = 0; i < fast.events.size(); ++i) {
    require(fast.events[i].timestamp == general.events[i].timestamp, "same timestamps");
    require(fast.events[i].message == general.events[i].message, "same messages");
  }
  return 0;
}

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
// with the general path's error, and trust the ones it takes. Both modes of
// the reader are checked: put_messages::content (messages compared byte for
// byte, and message_bytes is their size) and put_messages::sizes_only (the
// same sizes; it accepts only bodies content mode accepts too). And the
// counter sizes-only mode uses, json_unescaped_size(), and each of its SIMD
// kernels this CPU runs, agree with its byte-at-a-time reference on the whole
// input taken as a string's content.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_input.h"
#include "local/json_unescaped_size.h"
#include "local/model_validation.h"
#include "local/put_request.h"

using namespace cwlog::detail;
using cwlog::fuzz::require;

namespace {

// The general path's reading of a body the fast reader accepted: it must
// accept it too. `input` keeps the JSON the request's views point into.
put_request read_general(const std::string& body, std::optional<nlohmann::json>& input) {
  static const model_validator validator;  // compiling the model is the costly part
  if (!input) {
    try {
      input = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception&) {
      require(false, "a body the fast reader accepts is JSON to nlohmann");
    }
    require(input->is_object(), "a body the fast reader accepts is an object");
    require(!validator.validate("PutLogEvents", *input), "a body the fast reader accepts passes the model");
  }
  return put_request_from(*input);
}

void require_same_request(const put_request& fast, const put_request& general) {
  require(fast.group == general.group, "same log group");
  require(fast.stream == general.stream, "same log stream");
  require(fast.events.size() == general.events.size(), "same number of events");
  for (std::size_t i = 0; i < fast.events.size(); ++i) {
    require(fast.events[i].timestamp == general.events[i].timestamp, "same timestamps");
    require(fast.events[i].message_bytes == general.events[i].message.size(), "same message sizes");
    require(general.events[i].message_bytes == general.events[i].message.size(),
            "the general path's sizes are its messages'");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = cwlog::fuzz::as_text(data, size);
  std::size_t counted = 0, reference = 0;
  const bool counted_ok = json_unescaped_size(text, counted);
  require(counted_ok == json_unescaped_size_bytewise(text, reference),
          "both counters accept the same escapes");
  require(!counted_ok || counted == reference, "both counters give the same size");
  static const auto kernels = json_unescaped_size_kernels();
  for (const auto& kernel : kernels) {
    std::size_t kernel_size = 0;
    require(kernel.unescaped_size(text, kernel_size) == counted_ok, "every counter accepts the same escapes");
    require(!counted_ok || kernel_size == reference, "every counter gives the same size");
  }

  std::string body(text);
  std::optional<nlohmann::json> input;  // parsed once, when a mode accepts the body

  // Each read reuses the reader's per-thread parser: the first request's
  // views are dead once the second read starts, so each is checked in turn.
  std::vector<std::size_t> content_sizes;
  put_request fast;
  const bool content = read_put_body(body, fast, put_messages::content);
  if (content) {
    require(body == text, "the reader left the body unchanged");
    require(fast.messages == put_messages::content, "the request says what it carries");
    const put_request general = read_general(body, input);
    require_same_request(fast, general);
    for (std::size_t i = 0; i < fast.events.size(); ++i) {
      require(fast.events[i].message == general.events[i].message, "same messages");
      content_sizes.push_back(fast.events[i].message_bytes);
    }
  }

  put_request sized;
  if (read_put_body(body, sized, put_messages::sizes_only)) {
    require(body == text, "the reader left the body unchanged (sizes only)");
    require(sized.messages == put_messages::sizes_only, "the request says what it carries (sizes only)");
    require(content, "sizes-only mode accepts only what content mode accepts");
    require_same_request(sized, read_general(body, input));
    for (std::size_t i = 0; i < sized.events.size(); ++i)
      require(sized.events[i].message_bytes == content_sizes[i], "the same sizes in both modes");
  }
  return 0;
}

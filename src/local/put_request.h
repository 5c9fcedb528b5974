#pragma once
// A PutLogEvents request as the operation reads it, from either of the two
// readers of its body:
//
// - the fast one (put_body_reader.cpp): simdjson's on-demand parser over the
//   raw body, checking the service model's PutLogEvents input shape as it
//   goes. It takes the bodies clients send (the shipper's, botocore's) and
//   leaves everything else to
// - the general one: nlohmann::json, then model_validator (every operation's
//   path), then put_request_from() below.
//
// The fast reader only ever answers "valid, here it is" or "not mine": every
// error a client sees is the general path's, so both paths give the same
// status, __type and message by construction. The fuzz target
// `put_log_events_body` checks the one property this rests on: whatever the
// fast reader accepts, the general path accepts too, with the same request
// (in sizes-only mode: the same group, stream, timestamps and message sizes).
//
// The fast reader can skip unescaping the messages (put_messages::sizes_only):
// `cwlog local --discard` only checks their sizes against the batch rules,
// and unescaping the shipper's messages (JSON objects, a dozen \" each) was a
// fifth of its CPU. logs_service::put_messages_needed() decides the mode.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "local/store.h"  // event_in

namespace cwlog::detail {

// What a reader takes of each event's message.
enum class put_messages {
  content,     // the unescaped message, and its size
  sizes_only,  // its size only (event_in::message left empty): for a server
               // that neither stores the events nor extracts EMF from them
};

struct put_request {
  std::string_view group;
  std::string_view stream;
  std::vector<event_in> events;                   // in the body's order
  put_messages messages = put_messages::content;  // what the events carry
};

// Reads `body` (a PutLogEvents JSON body) into `out`. true: `out` is a
// request the service model accepts, its views valid until the next call of
// this function on the same thread (they point into a per-thread parser) or
// until `body` changes. false: the general path must read the body — it is
// malformed, breaks a model constraint, or uses what this reader leaves to
// the general path: members other than logGroupName, logStreamName,
// logEvents and sequenceToken (entity, unknown ones), nulls, repeated keys, a
// byte-order mark, or more than max_fast_put_body_bytes; with
// put_messages::sizes_only also a message with a \u escape (or an invalid
// one), since sizes are counted without unescaping. May grow `body`'s
// capacity (simdjson reads up to 64 bytes past the end); never its content.
bool read_put_body(std::string& body, put_request& out, put_messages messages);

// Bodies above this take the general path: a valid batch holds at most
// 1,048,576 bytes of messages, so only heavily escaped ones come near it,
// and each thread's parser keeps buffers sized for the largest body it read.
inline constexpr std::size_t max_fast_put_body_bytes = 4u << 20;

// The general path's reader: `input` is a PutLogEvents input the model
// validator accepted. Views point into `input`; messages are read whole.
put_request put_request_from(const nlohmann::json& input);

}  // namespace cwlog::detail

#pragma once
// The caller's copy of a record: one contiguous buffer written with memcpy on
// the caller's thread (no formatting there), read back as a record_view on
// the background thread. A record logged with a format string and deferred
// arguments (cwlog/format.h) carries the format string as its message and the
// arguments after the fields; decoding formats the message.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/deferred_arg.h>
#include <cwlog/record.h>

#include "ship/record_encode.h"

namespace cwlog::detail {

// Writes r into out (resized to encoded_size(r, args)). r.timestamp_ns is
// stored as given. destination: a fixed destination's id
// (fixed_destinations.h), 0 for a record the router places. args: r.message
// is a format string for them. emf: the message is an EMF document
// (src/metrics), sent unformatted in batches of its own.
void encode_record(const record_view& r, std::string& out, std::uint32_t destination = 0,
                   std::span<const deferred_arg> args = {}, bool emf = false);

// The timestamp of an encoded record, read and rewritten in place: the ring's
// consumer turns a caller's TSC stamp into wall time (caller_clock.h).
std::int64_t encoded_timestamp(std::string_view encoded) noexcept;
void set_encoded_timestamp(char* encoded, std::int64_t timestamp_ns) noexcept;

// The tenant of an encoded record, read without decoding the rest (the queue
// accounts a record to its tenant when it takes it from a ring).
std::optional<std::string_view> encoded_tenant(std::string_view encoded) noexcept;

// A record_view over an encoded buffer (which must outlive it).
class decoded_record {
 public:
  // False when buf is not a buffer written by encode_record. The view (and
  // its formatted message) stays valid until the next decode.
  bool decode(std::string_view buf);
  const record_view& view() const noexcept { return view_; }
  std::uint32_t destination() const noexcept { return destination_; }
  bool emf() const noexcept { return emf_; }
  // The message was formatted from deferred arguments: it lives in this
  // object, not in the buffer.
  bool formatted() const noexcept { return !args_.empty(); }

 private:
  record_view view_;
  std::uint32_t destination_ = 0;
  bool emf_ = false;
  std::vector<field_view> fields_;
  std::vector<deferred_arg> args_;
  std::string message_;  // the formatted message of a record with deferred arguments
};

}  // namespace cwlog::detail

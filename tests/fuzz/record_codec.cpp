// Fuzz target: the record codec of the shipping queue (src/ship/record_codec).
// Buffers come from encode_record only, but a decoder that trusts lengths read
// from its input is one bug away from reading past the buffer: whatever the
// bytes, decode() must stay inside them, and what it accepts must survive a
// re-encode unchanged.
#include <cstring>
#include <string>

#include "fuzz_input.h"
#include "ship/record_codec.h"

namespace {

using cwlog::field_view;
using cwlog::record_view;

bool same_value(const cwlog::field_value& a, const cwlog::field_value& b) {
  if (a.index() != b.index()) return false;
  if (const auto* d = std::get_if<double>(&a))
    return std::memcmp(d, &std::get<double>(b), sizeof *d) == 0;  // NaN
  return a == b;
}

bool same_record(const record_view& a, const record_view& b) {
  if (a.timestamp_ns != b.timestamp_ns || a.lvl != b.lvl || a.logger != b.logger || a.message != b.message ||
      a.tenant != b.tenant || a.fields.size() != b.fields.size())
    return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i)
    if (a.fields[i].key != b.fields[i].key || !same_value(a.fields[i].value, b.fields[i].value)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string buf(cwlog::fuzz::as_text(data, size));
  cwlog::detail::decoded_record first;
  if (!first.decode(buf)) return 0;
  const auto in_buf = [&](std::string_view s) {
    return s.empty() || (s.data() >= buf.data() && s.data() + s.size() <= buf.data() + buf.size());
  };
  const record_view& v = first.view();
  // A message formatted from deferred arguments lives in the decoder, the
  // rest always points into the buffer.
  cwlog::fuzz::require(in_buf(v.logger) && (first.formatted() || in_buf(v.message)) &&
                           (!v.tenant || in_buf(*v.tenant)) && in_buf(v.source.file) &&
                           in_buf(v.source.function),
                       "decoded views point into the buffer");
  std::string again;
  cwlog::detail::encode_record(v, again);
  cwlog::fuzz::require(again.size() == cwlog::detail::encoded_size(v),
                       "encoded_size() is what encode writes");
  cwlog::detail::decoded_record second;
  cwlog::fuzz::require(second.decode(again), "an encoded record decodes");
  cwlog::fuzz::require(same_record(v, second.view()), "decode(encode(r)) == r");
  return 0;
}

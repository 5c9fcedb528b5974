// Fuzz target: `cwlog ship`'s input lines (src/cli/json_line). Each line of
// the shipped file or pipe is untrusted; a JSON object becomes a record with
// fields, anything else is the message. Never throws, whatever the line.
#include <string>
#include <vector>

#include "cli/json_line.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto line = cwlog::fuzz::as_text(data, size);
  const cwlog::cli::line_record r = cwlog::cli::parse_line(line, "fuzz");
  std::vector<cwlog::field_view> storage;
  const cwlog::record_view v = cwlog::cli::view_of(r, storage);
  cwlog::fuzz::require(v.fields.size() == r.fields.size(), "the view shows every field");
  cwlog::fuzz::require(v.message.size() == r.message.size() && v.logger.size() == r.logger.size(),
                       "the view shows the record");
  return 0;
}

// Fuzz target: CloudWatch filter patterns (src/local/filter_pattern*), parsed
// from FilterLogEvents / StartLiveTail requests that reach `cwlog local`, then
// matched against log messages (also untrusted: whatever was shipped).
// Input: the pattern, a NUL byte, then the messages to match, one per line.
#include "local/filter_pattern.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 2);
  auto pattern = cwlog::detail::filter_pattern::parse(parts[0]);
  if (!pattern) {
    cwlog::fuzz::require(!pattern.error().empty(), "a rejected pattern says why");
    return 0;
  }
  cwlog::fuzz::require(pattern->text() == parts[0], "the pattern keeps its text");
  std::string_view messages = parts[1];
  while (true) {
    const auto nl = messages.find('\n');
    const bool matched = pattern->matches(messages.substr(0, nl));
    // The same answer from a copy: the parsed tree is shared and immutable.
    const cwlog::detail::filter_pattern copy = *pattern;
    cwlog::fuzz::require(copy.matches(messages.substr(0, nl)) == matched, "a copy matches the same way");
    if (nl == std::string_view::npos) break;
    messages.remove_prefix(nl + 1);
  }
  return 0;
}

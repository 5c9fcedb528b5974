// Fuzz target: the YAML config loader (cwlog::parse_config). A config file is
// written by people and, with `cwlog ship --config`, may come from anywhere;
// the loader's contract is options or config_error, never another exception.
#include <cwlog/config.h>

#include <string>

#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const cwlog::options o = cwlog::parse_config(cwlog::fuzz::as_text(data, size), "fuzz.yaml");
    (void)o;
  } catch (const cwlog::config_error& e) {
    cwlog::fuzz::require(!e.diagnostics().empty(), "a config_error carries at least one diagnostic");
    (void)std::string(e.what());
  }
  return 0;
}

// Fuzz target: the shared config and credentials files (~/.aws/config,
// ~/.aws/credentials; src/aws/profile_file.cpp), parsed by configparser's
// rules and merged into profiles. Input: the config file, a NUL byte, then the
// credentials file.
#include "aws/profile_file.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cwlog::detail;
  const auto parts = cwlog::fuzz::split_parts(cwlog::fuzz::as_text(data, size), 2);
  const auto config = parse_ini(parts[0], "config");
  const auto credentials = parse_ini(parts[1], "credentials");
  if (!config) cwlog::fuzz::require(config.error().starts_with("config"), "an error names its file");
  if (!credentials)
    cwlog::fuzz::require(credentials.error().starts_with("credentials"), "an error names its file");
  const profile_config merged =
      build_profile_config(config.value_or(ini_sections{}), credentials.value_or(ini_sections{}));
  for (const auto& [name, section] : merged.profiles) {
    cwlog::fuzz::require(merged.profile(name) == &section, "every profile is found by its name");
    for (const auto& [key, value] : section.values) (void)section.get(key);
  }
  return 0;
}

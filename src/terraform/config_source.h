#pragma once
// Reads a cwlog config for the generator: the shipper's options through the
// library's own loader (cwlog::parse_config), plus the `terraform:` section.
//
// The library loader refuses unknown top-level keys, `terraform:` included (it
// is generator-only). So the section is blanked out of the text line by line
// before the text goes to parse_config: every other line keeps its number and
// the loader's diagnostics still point at the right place in the file.
#include <string>

#include <cwlog/options.h>

#include "terraform/terraform_options.h"

namespace cwlog::detail {

struct generator_config {
  cwlog::options options;
  terraform_options terraform;
};

// Throws cwlog::config_error (from the loader) or cwlog::error.
generator_config load_generator_config(const std::string& path);
generator_config parse_generator_config(const std::string& yaml_text, const std::string& name_for_messages);

// The YAML text with the top-level `terraform:` block replaced by empty lines.
std::string without_terraform_section(const std::string& yaml_text);

}  // namespace cwlog::detail

#pragma once
// Reads a cwlog config for the generator: the shipper's options through the
// library's own loader (cwlog::parse_config, which accepts and ignores the
// generator-only `terraform:` section), plus that section.
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

}  // namespace cwlog::detail

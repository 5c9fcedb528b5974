#include "terraform/config_source.h"

#include <fstream>
#include <sstream>

#include <cwlog/config.h>
#include <cwlog/error.h>

namespace cwlog::detail {

generator_config parse_generator_config(const std::string& yaml_text, const std::string& name_for_messages) {
  generator_config c;
  c.terraform = parse_terraform_options_text(yaml_text, name_for_messages);
  c.options = cwlog::parse_config(yaml_text, name_for_messages);
  return c;
}

generator_config load_generator_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw cwlog::error(path + ": cannot read the config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_generator_config(text.str(), path);
}

}  // namespace cwlog::detail

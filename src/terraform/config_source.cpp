#include "terraform/config_source.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <cwlog/config.h>
#include <cwlog/error.h>

namespace cwlog::detail {

std::string without_terraform_section(const std::string& yaml_text) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception&) {
    return yaml_text;  // the loader reports the syntax error with its position
  }
  if (!root.IsMap() || !root["terraform"]) return yaml_text;
  // Top-level keys in file order, with the line each starts on.
  int start = -1, end = -1;
  std::vector<int> key_lines;
  for (const auto& kv : root) key_lines.push_back(kv.first.Mark().line);
  for (const auto& kv : root) {
    if (kv.first.as<std::string>() != "terraform") continue;
    start = kv.first.Mark().line;
    for (int line : key_lines) {
      if (line > start && (end < 0 || line < end)) end = line;
    }
  }
  if (start < 0) return yaml_text;
  if (root.Style() == YAML::EmitterStyle::Flow) {
    throw cwlog::error(
        "terraform: a config written as one flow mapping ({...}) cannot carry a terraform: "
        "section (allowed: block style, one top-level key per line)");
  }
  std::istringstream in(yaml_text);
  std::string out, line;
  for (int n = 0; std::getline(in, line); ++n) {
    const bool blank = n >= start && (end < 0 || n < end);
    if (!blank) out += line;
    out += '\n';
  }
  return out;
}

generator_config parse_generator_config(const std::string& yaml_text, const std::string& name_for_messages) {
  generator_config c;
  c.terraform = parse_terraform_options_text(yaml_text, name_for_messages);
  c.options = cwlog::parse_config(without_terraform_section(yaml_text), name_for_messages);
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

#include "aws/profile_file.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace cwlog::detail {
namespace {

std::string_view strip(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

// botocore's _parse_nested: one "key = value" per non-empty line.
std::expected<std::map<std::string, std::string, std::less<>>, std::string> parse_nested(
    std::string_view value) {
  std::map<std::string, std::string, std::less<>> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const auto nl = value.find('\n', pos);
    const auto line =
        strip(value.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? value.size() + 1 : nl + 1;
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      return std::unexpected("nested line \"" + std::string(line) + "\" has no '='");
    out[std::string(strip(line.substr(0, eq)))] = std::string(strip(line.substr(eq + 1)));
  }
  return out;
}

struct pending_option {
  std::string section;
  std::string key;
  std::string value;
  std::size_t indent = 0;
};

std::expected<void, std::string> finish(ini_sections& out, pending_option& opt) {
  if (opt.key.empty()) return {};
  auto& sec = out[opt.section];
  // configparser strips trailing blank continuation lines.
  while (!opt.value.empty() && std::isspace(static_cast<unsigned char>(opt.value.back())))
    opt.value.pop_back();
  if (opt.value.starts_with('\n')) {
    auto nested = parse_nested(opt.value);
    if (!nested) return std::unexpected(nested.error());
    sec.subsections[opt.key] = std::move(*nested);
    sec.values.erase(opt.key);
  } else {
    sec.values[opt.key] = opt.value;
    sec.subsections.erase(opt.key);
  }
  opt.key.clear();
  return {};
}

}  // namespace

std::optional<std::string> profile_section::get(std::string_view key) const {
  if (auto it = values.find(key); it != values.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> profile_section::get_nonempty(std::string_view key) const {
  auto v = get(key);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

std::optional<std::string> profile_section::get(std::string_view subsection, std::string_view key) const {
  auto it = subsections.find(subsection);
  if (it == subsections.end()) return std::nullopt;
  if (auto kv = it->second.find(key); kv != it->second.end()) return kv->second;
  return std::nullopt;
}

std::expected<ini_sections, std::string> parse_ini(std::string_view text, std::string_view source) {
  ini_sections out;
  std::string section;
  bool in_section = false;
  pending_option opt;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  auto fail = [&](const std::string& what) {
    return std::unexpected(std::string(source) + ":" + std::to_string(line_no) + ": " + what);
  };
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const auto line = strip(raw);
    if (line.starts_with('#') || line.starts_with(';')) continue;  // whole-line comments only
    const auto indent = indent_of(raw);
    if (line.empty()) {
      // A blank line may sit inside a multi-line value; it ends nothing by itself.
      if (!opt.key.empty()) opt.value += '\n';
      continue;
    }
    if (!opt.key.empty() && indent > opt.indent) {  // continuation of the current value
      opt.value += '\n';
      opt.value += line;
      continue;
    }
    if (auto r = finish(out, opt); !r) return fail(r.error());
    if (line.starts_with('[')) {
      const auto close = line.find(']');
      if (close == std::string_view::npos || close == 1)
        return fail("malformed section header; expected [default], [profile NAME] or [NAME]");
      section = std::string(line.substr(1, close - 1));
      in_section = true;
      out[section];  // an empty section still exists
      continue;
    }
    if (!in_section) return fail("setting before any [section] header");
    const auto delim = line.find_first_of("=:");
    if (delim == std::string_view::npos) return fail("expected \"key = value\" (or \"key: value\")");
    opt.section = section;
    opt.key = lower(strip(line.substr(0, delim)));
    opt.value = std::string(strip(line.substr(delim + 1)));
    opt.indent = indent;
    if (opt.key.empty()) return fail("empty key before '" + std::string(1, line[delim]) + "'");
  }
  if (auto r = finish(out, opt); !r) return fail(r.error());
  return out;
}

const profile_section* profile_config::profile(std::string_view name) const {
  if (auto it = profiles.find(name); it != profiles.end()) return &it->second;
  return nullptr;
}

profile_config build_profile_config(const ini_sections& config_file, const ini_sections& credentials_file) {
  profile_config cfg;
  auto split_header = [](std::string_view header) -> std::vector<std::string> {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i < header.size()) {
      while (i < header.size() && std::isspace(static_cast<unsigned char>(header[i]))) ++i;
      const auto start = i;
      while (i < header.size() && !std::isspace(static_cast<unsigned char>(header[i]))) ++i;
      if (i > start) parts.emplace_back(header.substr(start, i - start));
    }
    return parts;
  };
  for (const auto& [header, section] : config_file) {
    // botocore's build_profile_map: "[profile x]" and "[default]"; a bare "[x]"
    // in the config file is not a profile.
    const auto parts = split_header(header);
    if (parts.size() == 2 && parts[0] == "profile") {
      cfg.config_profiles[parts[1]] = section;
    } else if (parts.size() == 1 && parts[0] == "default") {
      // "[profile default]" wins over "[default]" when both exist.
      cfg.config_profiles.try_emplace("default", section);
    } else if (parts.size() == 2 && parts[0] == "sso-session") {
      cfg.sso_sessions[parts[1]] = section;
    } else if (parts.size() == 2 && parts[0] == "services") {
      cfg.services[parts[1]] = section;
    }
  }
  cfg.credential_profiles = credentials_file;
  cfg.profiles = cfg.config_profiles;
  for (const auto& [name, section] : credentials_file) {
    auto& merged = cfg.profiles[name];
    for (const auto& [k, v] : section.values) merged.values[k] = v;
    for (const auto& [k, v] : section.subsections) merged.subsections[k] = v;
  }
  return cfg;
}

std::expected<profile_config, std::string> load_profile_config(const environment& env) {
  const std::string config_path =
      env.expand_user(env.get_nonempty("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  const std::string creds_path =
      env.expand_user(env.get_nonempty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  ini_sections config_sections, cred_sections;
  if (auto text = env.read_file(config_path)) {
    auto parsed = parse_ini(*text, config_path);
    if (!parsed) return std::unexpected(parsed.error());
    config_sections = std::move(*parsed);
  }
  if (auto text = env.read_file(creds_path)) {
    auto parsed = parse_ini(*text, creds_path);
    if (!parsed) return std::unexpected(parsed.error());
    cred_sections = std::move(*parsed);
  }
  auto cfg = build_profile_config(config_sections, cred_sections);
  cfg.config_path = config_path;
  cfg.credentials_path = creds_path;
  return cfg;
}

std::string selected_profile_name(const std::string& configured, const environment& env) {
  if (!configured.empty()) return configured;
  // botocore's configprovider order: AWS_DEFAULT_PROFILE, then AWS_PROFILE.
  if (auto p = env.get_nonempty("AWS_DEFAULT_PROFILE")) return *p;
  if (auto p = env.get_nonempty("AWS_PROFILE")) return *p;
  return "default";
}

}  // namespace cwlog::detail

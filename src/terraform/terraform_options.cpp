#include "terraform/terraform_options.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

std::string at(const std::string& where, const YAML::Node& node) {
  const auto mark = node.Mark();
  if (mark.line < 0) return where;
  return where + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

[[noreturn]] void fail(const std::string& where, const YAML::Node& node, const std::string& what) {
  throw cwlog::error(at(where, node) + ": terraform: " + what);
}

void check_keys(const std::string& where, const YAML::Node& map, const std::string& section,
                const std::set<std::string>& allowed) {
  if (!map.IsMap()) fail(where, map, section + " must be a mapping");
  for (const auto& kv : map) {
    const auto key = kv.first.as<std::string>();
    if (!allowed.contains(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(where, kv.first, "unknown key \"" + key + "\" in " + section + " (allowed: " + list + ")");
    }
  }
}

std::string scalar(const std::string& where, const YAML::Node& node, const std::string& key) {
  if (!node.IsScalar()) fail(where, node, key + " must be a string");
  return node.as<std::string>();
}

bool boolean(const std::string& where, const YAML::Node& node, const std::string& key) {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
    fail(where, node, key + " must be true or false");
  return value;
}

std::vector<std::string> strings(const std::string& where, const YAML::Node& node, const std::string& key) {
  if (!node.IsSequence()) fail(where, node, key + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : node) out.push_back(scalar(where, item, key + " item"));
  return out;
}

kms_generation parse_kms(const std::string& where, const YAML::Node& node) {
  check_keys(where, node, "kms", {"create_key", "alias", "deletion_window_days"});
  kms_generation kms;
  if (node["create_key"]) kms.create_key = boolean(where, node["create_key"], "kms.create_key");
  if (node["alias"]) {
    kms.alias = scalar(where, node["alias"], "kms.alias");
    // AWS KMS CreateAlias: "alias/" + [a-zA-Z0-9/_-]+, and not "alias/aws/" (reserved for AWS).
    bool ok = kms.alias.starts_with("alias/") && kms.alias.size() > 6 && !kms.alias.starts_with("alias/aws/");
    for (char c : kms.alias.substr(std::min<std::size_t>(6, kms.alias.size()))) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-') ok = false;
    }
    if (!ok) fail(where, node["alias"], "kms.alias must be alias/<[A-Za-z0-9/_-]+>, not under alias/aws/");
  }
  if (node["deletion_window_days"]) {
    int days = 0;
    if (!YAML::convert<int>::decode(node["deletion_window_days"], days) || days < 7 || days > 30) {
      fail(where, node["deletion_window_days"], "kms.deletion_window_days must be an integer from 7 to 30");
    }
    kms.deletion_window_days = days;
  }
  return kms;
}

data_protection_generation parse_data_protection(const std::string& where, const YAML::Node& node) {
  check_keys(where, node, "data_protection", {"identifiers", "destinations"});
  data_protection_generation dp;
  if (!node["identifiers"])
    fail(where, node, "data_protection.identifiers is required (e.g. [EmailAddress])");
  dp.identifiers = strings(where, node["identifiers"], "data_protection.identifiers");
  if (dp.identifiers.empty())
    fail(where, node["identifiers"], "data_protection.identifiers must not be empty");
  for (const auto& id : dp.identifiers) {
    // Managed identifier names are words like "EmailAddress" or "DriversLicense-US".
    bool ok = !id.empty();
    for (char c : id) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') ok = false;
    }
    if (!ok)
      fail(where, node["identifiers"], "data identifier \"" + id + "\" is not a managed identifier name");
  }
  if (node["destinations"])
    dp.destinations = strings(where, node["destinations"], "data_protection.destinations");
  return dp;
}

}  // namespace

terraform_options parse_terraform_options_text(const std::string& yaml_text, const std::string& where) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw cwlog::error(where + ":" + std::to_string(e.mark.line + 1) + ":" +
                       std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  terraform_options out;
  if (!root.IsMap() || !root["terraform"]) return out;
  const YAML::Node tf = root["terraform"];
  if (tf.IsNull()) return out;
  check_keys(where, tf, "terraform",
             {"policy_name", "role_name", "skip_destroy", "tenants", "tenant_read_policies", "kms",
              "data_protection"});
  if (tf["policy_name"]) {
    out.policy_name = scalar(where, tf["policy_name"], "policy_name");
    // IAM CreatePolicy: 1-128 of [\w+=,.@-].
    bool ok = !out.policy_name.empty() && out.policy_name.size() <= 128;
    for (char c : out.policy_name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) &&
          std::string_view("_+=,.@-").find(c) == std::string_view::npos)
        ok = false;
    }
    if (!ok) fail(where, tf["policy_name"], "policy_name must be 1-128 characters of [A-Za-z0-9_+=,.@-]");
  }
  if (tf["role_name"]) out.role_name = scalar(where, tf["role_name"], "role_name");
  if (tf["skip_destroy"]) out.skip_destroy = boolean(where, tf["skip_destroy"], "skip_destroy");
  if (tf["tenants"]) out.tenants = strings(where, tf["tenants"], "tenants");
  if (tf["tenant_read_policies"]) {
    out.tenant_read_policies = boolean(where, tf["tenant_read_policies"], "tenant_read_policies");
  }
  if (tf["kms"]) out.kms = parse_kms(where, tf["kms"]);
  if (tf["data_protection"]) out.data_protection = parse_data_protection(where, tf["data_protection"]);
  return out;
}

terraform_options parse_terraform_options(const std::string& config_path) {
  std::ifstream in(config_path, std::ios::binary);
  if (!in) throw cwlog::error(config_path + ": cannot read the config file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_terraform_options_text(text.str(), config_path);
}

std::vector<std::string> read_tenants_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw cwlog::error(path + ": cannot read the tenants file");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<std::string> collect_tenants(std::vector<std::string> ids, const std::string& tenants_file) {
  if (!tenants_file.empty()) {
    auto from_file = read_tenants_file(tenants_file);
    ids.insert(ids.end(), from_file.begin(), from_file.end());
  }
  return ids;
}

}  // namespace cwlog::detail

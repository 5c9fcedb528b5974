#pragma once
// The shared config and credentials files, parsed by the AWS CLI's rules
// (botocore/configloader.py on top of Python's configparser):
//  - "key = value" or "key: value"; keys are lower-cased, values stripped;
//  - whole-line comments start with '#' or ';' (no inline comments);
//  - a line indented deeper than its key continues the value; a value that
//    starts on the next line ("s3 =\n  max_concurrent_requests = 20") is a
//    one-level nested sub-section;
//  - config file: [default] or [profile NAME], [sso-session NAME],
//    [services NAME]; credentials file: [NAME].
// Settings from the credentials file override the config file's per profile.
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "aws/environment.h"

namespace cwlog::detail {

struct profile_section {
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> subsections;

  // nullopt when absent (an empty value is returned as "").
  std::optional<std::string> get(std::string_view key) const;
  std::optional<std::string> get_nonempty(std::string_view key) const;
  // A value of a nested sub-section ("services" style: section -> key).
  std::optional<std::string> get(std::string_view subsection, std::string_view key) const;
};

using ini_sections = std::map<std::string, profile_section, std::less<>>;

// Raw sections by their header text. The error names source:line and what is
// allowed.
std::expected<ini_sections, std::string> parse_ini(std::string_view text, std::string_view source);

struct profile_config {
  using section_map = std::map<std::string, profile_section, std::less<>>;
  section_map profiles;             // merged view (credentials file wins)
  section_map config_profiles;      // from the config file only
  section_map credential_profiles;  // from the credentials file only
  section_map sso_sessions;
  section_map services;
  std::string config_path;       // as resolved (AWS_CONFIG_FILE or ~/.aws/config)
  std::string credentials_path;  // AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials

  const profile_section* profile(std::string_view name) const;
};

// Builds the profile map from parsed config and credentials files.
profile_config build_profile_config(const ini_sections& config_file, const ini_sections& credentials_file);

// Reads both files through `env` (missing files count as empty).
std::expected<profile_config, std::string> load_profile_config(const environment& env);

// AWS_DEFAULT_PROFILE, then AWS_PROFILE (botocore's order), else "default"; `configured` wins when not empty.
std::string selected_profile_name(const std::string& configured, const environment& env);

}  // namespace cwlog::detail

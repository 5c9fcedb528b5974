#include "aws/environment.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;  // POSIX; read once to take the snapshot

namespace cwlog::detail {

environment::environment(std::map<std::string, std::string, std::less<>> vars, std::string home)
    : vars_(std::move(vars)), home_(std::move(home)) {
  if (home_.empty()) {
    if (auto it = vars_.find("HOME"); it != vars_.end()) home_ = it->second;
  }
}

environment environment::from_process() {
  std::map<std::string, std::string, std::less<>> vars;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return environment(std::move(vars));
}

std::optional<std::string> environment::get(std::string_view name) const {
  if (auto it = vars_.find(name); it != vars_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> environment::get_nonempty(std::string_view name) const {
  auto v = get(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

bool environment::get_bool(std::string_view name) const {
  auto v = get(name);
  if (!v) return false;
  std::string lower = *v;
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "true";
}

std::optional<std::string> environment::read_file(const std::string& path) const {
  std::ifstream in(expand_user(path), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

std::string environment::expand_user(const std::string& path) const {
  if (path == "~") return home_;
  if (path.starts_with("~/")) return home_ + path.substr(1);
  return path;
}

environment environment::with(std::string name, std::string value) const {
  environment copy = *this;
  copy.vars_[std::move(name)] = std::move(value);
  return copy;
}

environment environment::without(std::string_view name) const {
  environment copy = *this;
  if (auto it = copy.vars_.find(name); it != copy.vars_.end()) copy.vars_.erase(it);
  return copy;
}

}  // namespace cwlog::detail

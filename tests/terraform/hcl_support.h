#pragma once
// Test helpers: parse Terraform files with HashiCorp's HCL parser (through
// tools/hcl2json.mjs and node), walk the parsed JSON, and manage temporary
// directories.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace cwlog::test {

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a command, returns (exit status, stdout+stderr).
inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// { "<path>": <HCL JSON of the file> } for the given files; throws with the
// parser's message if any file does not parse.
inline nlohmann::json parse_hcl_files(const std::vector<std::filesystem::path>& files) {
  std::string command = "node " + shell_quote(std::string(CWLOG_SOURCE_DIR) + "/tools/hcl2json.mjs");
  for (const auto& f : files) command += " " + shell_quote(f.string());
  auto [status, output] = run_command(command);
  if (status != 0) throw std::runtime_error("hcl2json failed (" + std::to_string(status) + "): " + output);
  return nlohmann::json::parse(output);
}

inline nlohmann::json parse_hcl_text(const std::string& text, const std::filesystem::path& dir) {
  const auto file = dir / "snippet.tf";
  FILE* f = std::fopen(file.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  return parse_hcl_files({file}).begin().value();
}

// HCL's JSON form keeps "$${" and "%%{" escaped; this gives the literal text.
inline std::string unescape_template(std::string s) {
  for (const char* pair : {"$${", "%%{"}) {
    for (auto at = s.find(pair); at != std::string::npos; at = s.find(pair, at + 2)) s.erase(at, 1);
  }
  return s;
}

class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("cwlog-tf-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Every "${...}" interpolation in every string of a parsed JSON value.
inline void collect_interpolations(const nlohmann::json& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    for (std::size_t at = s.find("${"); at != std::string::npos; at = s.find("${", at + 2)) {
      if (at > 0 && s[at - 1] == '$') continue;  // "$${" is a literal
      int depth = 0;
      std::size_t end = at + 2;
      bool in_string = false;
      for (; end < s.size(); ++end) {
        const char c = s[end];
        if (in_string) {
          if (c == '\\')
            ++end;
          else if (c == '"')
            in_string = false;
          continue;
        }
        if (c == '"')
          in_string = true;
        else if (c == '{')
          ++depth;
        else if (c == '}') {
          if (depth == 0) break;
          --depth;
        }
      }
      out.push_back(s.substr(at + 2, end - at - 2));
    }
  } else if (v.is_array() || v.is_object()) {
    for (const auto& item : v) collect_interpolations(item, out);
  }
}

// An expression with the literal text of its quoted strings blanked out
// (interpolations inside them kept), so references can be searched for
// without matching text such as "$${var.x}" that is only a string.
inline std::string code_of_expression(const std::string& e) {
  std::string out;
  std::vector<int> stack;  // per open interpolation: brace depth inside it
  bool in_string = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    const char c = e[i];
    if (in_string) {
      if (c == '\\') {
        out += "  ";
        ++i;
      } else if (c == '"') {
        in_string = false;
        out += c;
      } else if ((c == '$' || c == '%') && e.compare(i, 3, std::string(2, c) + "{") == 0) {
        out += "   ";
        i += 2;
      } else if (c == '$' && i + 1 < e.size() && e[i + 1] == '{') {
        out += "${";
        ++i;
        stack.push_back(0);
        in_string = false;
      } else {
        out += ' ';
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' && !stack.empty()) {
      ++stack.back();
    } else if (c == '}' && !stack.empty()) {
      if (stack.back() == 0) {
        stack.pop_back();
        out += c;
        in_string = true;  // back inside the string the interpolation was in
        continue;
      }
      --stack.back();
    }
    out += c;
  }
  return out;
}

}  // namespace cwlog::test

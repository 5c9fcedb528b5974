#pragma once
// Test helpers: parse Terraform files with HashiCorp's HCL parser (through
// tools/hcl2json.mjs and node) and walk the parsed JSON.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace cwlog::test {

// { "<path>": <HCL JSON of the file> } for the given files; throws with the
// parser's message if any file does not parse.
inline nlohmann::json parse_hcl_files(const std::vector<std::filesystem::path>& files) {
  std::vector<std::string> argv{"node", std::string(CWLOG_SOURCE_DIR) + "/tools/hcl2json.mjs"};
  for (const auto& f : files) argv.push_back(f.string());
  const auto r = run_process(argv);
  if (r.exit_code != 0) {
    throw std::runtime_error("hcl2json failed (" + std::to_string(r.exit_code) + "): " + r.err + r.out);
  }
  return nlohmann::json::parse(r.out);
}

inline nlohmann::json parse_hcl_text(const std::string& text, const temp_dir& dir) {
  return parse_hcl_files({dir.write("snippet.tf", text)}).begin().value();
}

// HCL's JSON form keeps "$${" and "%%{" escaped; this gives the literal text.
inline std::string unescape_template(std::string s) {
  for (const char* pair : {"$${", "%%{"}) {
    for (auto at = s.find(pair); at != std::string::npos; at = s.find(pair, at + 2)) s.erase(at, 1);
  }
  return s;
}

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

// AWS's SigV4 known-answer suite (see /work/shared/testdata/sigv4/README.md):
// every case found on disk runs as its own test, comparing the canonical
// request, the string to sign and the Authorization header byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "aws/sigv4.h"

namespace cwlog::detail::sigv4 {
namespace {

namespace fs = std::filesystem;

const fs::path suite_dir = fs::path(CWLOG_SHARED_DIR) / "testdata" / "sigv4";
constexpr std::string_view access_key = "AKIDEXAMPLE";
constexpr std::string_view secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view region = "us-east-1";
constexpr std::string_view service = "service";

// Two cases whose original expectations AWS later revised (README "Things to
// know"): the values here are the corrected ones that botocore and aws-c-auth produce.
struct corrected_case {
  std::string canonical_fragment;  // a line the canonical request must contain
  std::string signature;
};
const std::map<std::string, corrected_case> corrected = {
    {"get-header-value-multiline",
     {"\nmy-header1:value1 value2 value3\n",
      "cfd34249e4b1c8d6b91ef74165d41a32e5fab3306300901bb65a51a73575eefd"}},
    {"post-vanilla-query-space",
     {"\np%20aram1=val%20ue1\n", "62a5b45663941584c2f6f9457b48db6101bf226ab2426938d04e326dedce128d"}},
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  std::string text = out.str();
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // two files carry a UTF-8 BOM
  return text;
}

struct suite_case {
  std::string name;
  fs::path dir;
};

std::vector<suite_case> discover() {
  std::vector<suite_case> cases;
  if (!fs::is_directory(suite_dir)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(suite_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".req") {
      cases.push_back({entry.path().stem().string(), entry.path().parent_path()});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

// Parses a raw .req: request line (the target may contain spaces), header
// lines "Name:value" with folded continuation lines, blank line, body.
signing_input parse_request(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  std::string body;
  bool in_body = false;
  while (pos <= text.size()) {
    const auto next = std::min(text.find('\n', pos), text.size());
    std::string line = text.substr(pos, next - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (in_body) {
      body += line;
      if (next < text.size()) body += '\n';
    } else if (line.empty() && !lines.empty()) {
      in_body = true;
    } else {
      lines.push_back(line);
    }
    if (next == text.size()) break;
    pos = next + 1;
  }
  const std::string& request_line = lines.at(0);
  const auto first_space = request_line.find(' ');
  const auto last_space = request_line.rfind(' ');
  const std::string method = request_line.substr(0, first_space);
  const std::string target = request_line.substr(first_space + 1, last_space - first_space - 1);
  const auto question = target.find('?');
  std::vector<http_header> headers;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      headers.back().value += ' ' + line;  // obs-fold: the fold becomes whitespace
      continue;
    }
    const auto colon = line.find(':');
    headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  return signing_input::from_parts(method, target.substr(0, question),
                                   question == std::string::npos ? "" : target.substr(question + 1), headers,
                                   body);
}

class sigv4_suite : public ::testing::TestWithParam<suite_case> {};

TEST_P(sigv4_suite, matches_known_answers) {
  const auto& c = GetParam();
  const auto base = c.dir / c.name;
  const auto input = parse_request(read_file(base.string() + ".req"));
  const auto when = parse_amz_date("20150830T123600Z").value();
  const credentials creds{std::string(access_key), std::string(secret_key), "", std::nullopt};

  const auto names = headers_to_sign(input.headers);
  const auto creq = canonical_request(input, names);
  const auto sts = string_to_sign(creq, when, region, service);
  const auto sig = signature(signing_key(secret_key, when, region, service), sts);
  const auto authz = authorization_header(access_key, credential_scope(when, region, service), names, sig);
  EXPECT_EQ(authz, authorize(input, creds, region, service, when));

  if (auto fix = corrected.find(c.name); fix != corrected.end()) {
    EXPECT_NE(creq.find(fix->second.canonical_fragment), std::string::npos) << creq;
    EXPECT_EQ(sig, fix->second.signature);
    return;
  }
  EXPECT_EQ(creq, read_file(base.string() + ".creq"));
  EXPECT_EQ(sts, read_file(base.string() + ".sts"));
  EXPECT_EQ(authz, read_file(base.string() + ".authz"));
}

std::string case_name(const ::testing::TestParamInfo<suite_case>& info) {
  std::string name = info.param.name;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(aws, sigv4_suite, ::testing::ValuesIn(discover()), case_name);

// Guards against a suite that silently shrinks (wrong path, missed nested dirs).
TEST(sigv4_suite_files, all_31_cases_are_discovered) {
  EXPECT_EQ(discover().size(), 31u);
}

}  // namespace
}  // namespace cwlog::detail::sigv4

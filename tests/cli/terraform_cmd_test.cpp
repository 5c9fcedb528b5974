// `cwlog terraform` and `cwlog iam-policy` as the CLI runs them (the command
// files compiled into this test), on the example configs: the committed
// modules beside them must be exactly what the generator writes today.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <cwlog/config.h>
#include <cwlog/error.h>

#include "cli/commands.h"
#include "terraform/config_source.h"
#include "terraform/hcl_support.h"
#include "terraform/module_files.h"

namespace cwlog::cli {
namespace {

namespace fs = std::filesystem;

const fs::path examples = fs::path(CWLOG_SOURCE_DIR) / "examples" / "configs";

// The tenants the committed example modules are generated for (hostile ones
// included: the names in main.tf are the shipper's encoding of these ids).
const std::vector<std::string> example_tenants{"acme", "acme-corp", "Globex Inc."};

int run(const std::vector<std::string>& argv_in) {
  CLI::App app{"cwlog", "cwlog"};
  app.require_subcommand(1);
  int result = -1;
  add_terraform_command(app, result);
  add_iam_policy_command(app, result);
  std::vector<std::string> args{"cwlog"};
  args.insert(args.end(), argv_in.begin(), argv_in.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return result;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> tenant_flags() {
  std::vector<std::string> out;
  for (const auto& t : example_tenants) {
    out.push_back("--tenant");
    out.push_back(t);
  }
  return out;
}

TEST(terraform_cli, committed_example_modules_are_what_the_generator_writes) {
  std::size_t configs = 0;
  for (const auto& entry : fs::directory_iterator(examples)) {
    if (entry.path().extension() != ".yaml") continue;
    ++configs;
    const auto committed = examples / entry.path().stem() / "terraform";
    test::temp_dir dir;
    auto args = std::vector<std::string>{"terraform", "--config", entry.path().string(), "--out",
                                         (dir.path() / "m").string()};
    const auto flags = tenant_flags();
    args.insert(args.end(), flags.begin(), flags.end());
    ASSERT_EQ(run(args), exit_ok);
    if (std::getenv("CWLOG_REGENERATE_EXAMPLES")) {
      // Maintainers: CWLOG_REGENERATE_EXAMPLES=1 test_cli rewrites them.
      fs::create_directories(committed.parent_path());
      detail::write_module(
          [&] {
            std::vector<detail::generated_file> files;
            for (const auto& f : fs::directory_iterator(dir.path() / "m")) {
              files.push_back({f.path().filename().string(), read(f.path())});
            }
            return files;
          }(),
          committed);
    }
    std::set<std::string> generated_names, committed_names;
    for (const auto& f : fs::directory_iterator(dir.path() / "m"))
      generated_names.insert(f.path().filename());
    ASSERT_TRUE(fs::is_directory(committed)) << committed << " is missing";
    for (const auto& f : fs::directory_iterator(committed)) committed_names.insert(f.path().filename());
    ASSERT_FALSE(generated_names.empty()) << "`cwlog terraform` wrote no files for " << entry.path();
    EXPECT_EQ(generated_names, committed_names) << entry.path();
    for (const auto& name : generated_names) {
      EXPECT_EQ(read(dir.path() / "m" / name), read(committed / name))
          << committed / name << " differs from what `cwlog terraform` writes now";
    }
    // And every committed file parses with HashiCorp's parser.
    std::vector<fs::path> files;
    for (const auto& name : committed_names) files.push_back(committed / name);
    EXPECT_NO_THROW(test::parse_hcl_files(files));
  }
  EXPECT_GE(configs, 2u);
}

TEST(terraform_cli, iam_policy_prints_the_policy_json_alone) {
  testing::internal::CaptureStdout();
  const int rc = run({"iam-policy", "--config", (examples / "multi-tenant.yaml").string(), "--account-id",
                      "123456789012", "--region", "us-east-1"});
  const auto out = testing::internal::GetCapturedStdout();
  ASSERT_EQ(rc, exit_ok);
  const auto doc = nlohmann::json::parse(out);  // nothing but the JSON document
  EXPECT_EQ(doc["Version"], "2012-10-17");
  ASSERT_FALSE(doc["Statement"].empty()) << out;
  std::set<std::string> actions;
  for (const auto& s : doc["Statement"]) {
    ASSERT_FALSE(s["Resource"].empty()) << s;
    for (const auto& a : s["Action"]) actions.insert(a.get<std::string>());
    for (const auto& r : s["Resource"]) {
      EXPECT_TRUE(r.get<std::string>().starts_with("arn:aws:logs:us-east-1:123456789012:log-group:app-"))
          << r;
    }
  }
  EXPECT_EQ(actions,
            (std::set<std::string>{"logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource",
                                   "logs:CreateLogStream", "logs:PutLogEvents"}));
}

TEST(terraform_cli, iam_policy_region_defaults_to_the_configs) {
  testing::internal::CaptureStdout();
  const int rc = run({"iam-policy", "--config", (examples / "multi-tenant.yaml").string(), "--account-id",
                      "123456789012", "--partition", "aws-us-gov"});
  const auto out = testing::internal::GetCapturedStdout();
  ASSERT_EQ(rc, exit_ok);
  EXPECT_NE(out.find("arn:aws-us-gov:logs:eu-west-1:123456789012:log-group:app-errors:*"), std::string::npos)
      << out;
}

TEST(terraform_cli, a_bad_config_is_an_error_and_writes_nothing) {
  test::temp_dir dir;
  const auto config = dir.path() / "bad.yaml";
  std::ofstream(config) << "destinations:\n  - name: app\n    group: \"{tenant}-logs\"\n";
  const auto out = dir.path() / "out";
  EXPECT_THROW(run({"terraform", "--config", config.string(), "--out", out.string()}), cwlog::error);
  EXPECT_FALSE(fs::exists(out));
  std::ofstream(config) << "destinations:\n  - name: app\n    group: app\n    retention_days: 10\n";
  EXPECT_THROW(run({"terraform", "--config", config.string(), "--out", out.string()}), cwlog::error);
  EXPECT_FALSE(fs::exists(out));
}

// One file serves the shipper and the generator: the library's loader accepts
// (and ignores) the terraform: section, and its diagnostics keep their lines.
TEST(terraform_cli, the_terraform_section_is_read_and_accepted_by_the_loader) {
  const std::string text =
      "destinations:\n"
      "  - name: app\n"
      "    group: app-{tenant}\n"
      "terraform:\n"
      "  tenants: [acme]\n"
      "  kms:\n"
      "    create_key: true\n"
      "default_destination: app\n";
  const auto c = detail::parse_generator_config(text, "t.yaml");
  EXPECT_TRUE(c.terraform.kms.create_key);
  EXPECT_EQ(c.terraform.tenants, std::vector<std::string>{"acme"});
  EXPECT_EQ(c.options.default_destination, "app");
  EXPECT_EQ(cwlog::parse_config(text, "t.yaml").default_destination, "app");
  try {
    (void)detail::parse_generator_config(text + "min_level: loud\n", "t.yaml");
    ADD_FAILURE() << "accepted min_level: loud";
  } catch (const cwlog::config_error& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics().front().line, 9u) << e.what();
  }
  try {
    (void)detail::parse_generator_config("destinations: []\nterraform:\n  kms:\n    create_key: maybe\n",
                                         "t.yaml");
    ADD_FAILURE() << "accepted create_key: maybe";
  } catch (const cwlog::error& e) {
    EXPECT_NE(std::string(e.what()).find("t.yaml:4:17"), std::string::npos) << e.what();
  }
  EXPECT_THROW(
      (void)detail::parse_generator_config("destinations: []\nterraform:\n  colour: blue\n", "t.yaml"),
      cwlog::error);
}

}  // namespace
}  // namespace cwlog::cli

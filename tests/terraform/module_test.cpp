// The generated module, as HashiCorp's parser reads it: structure, references
// that resolve, attribute names the provider documents, determinism, and
// all-or-nothing output on bad configs.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include <cwlog/error.h>
#include <cwlog/tenant.h>

#include "terraform/hcl_support.h"
#include "terraform/module_files.h"
#include "terraform/provider_schema.h"

namespace cwlog::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

cwlog::options sample_config() {
  cwlog::options o;
  destination_options api;
  api.name = "api";
  api.group = "app-api";
  api.retention_days = 30;
  api.tags = {{"team", "payments"}};
  api.kms_key_id = key_arn;
  api.create_group = false;
  o.destinations.push_back(api);
  destination_options customer;
  customer.name = "customer";
  customer.group = "app-customer-{tenant}";
  customer.retention_days = 90;
  customer.create_group = false;
  o.destinations.push_back(customer);
  destination_options audit;
  audit.name = "audit";
  audit.group = "app-audit-{date:%Y-%m}";
  audit.retention_days = 365;
  audit.group_class = log_group_class::infrequent_access;
  audit.tags = {{"kind", "audit"}};
  audit.create_group = true;
  o.destinations.push_back(audit);
  return o;
}

terraform_options sample_tf() {
  terraform_options tf;
  tf.kms.create_key = true;
  tf.tenant_read_policies = true;
  tf.role_name = "orders-service";
  tf.skip_destroy = true;
  tf.data_protection = data_protection_generation{{"EmailAddress", "AwsSecretKey"}, {}};
  return tf;
}

const std::vector<std::string> hostile_tenants{"acme", "Acme", "acme-corp", "${var.x}", "\xC3\xBC-t\"q", ""};

struct module_files {
  std::map<std::string, std::string> text;  // file name -> text
  json parsed;                              // file name -> HCL JSON
};

module_files generate_and_parse(const cwlog::options& o, const terraform_options& tf,
                                const std::vector<std::string>& tenants, const test::temp_dir& dir) {
  const auto out = dir.path() / "module";
  generate_terraform_module(o, tf, tenants, "sample.yaml", out);
  module_files m;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(out)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream s;
    s << in.rdbuf();
    m.text[f.filename().string()] = s.str();
  }
  const auto parsed = test::parse_hcl_files(files);
  for (const auto& [path, content] : parsed.items()) m.parsed[fs::path(path).filename().string()] = content;
  return m;
}

// type -> label -> body (first block) across all files.
std::map<std::string, std::map<std::string, json>> blocks_of(const json& parsed, const std::string& kind) {
  std::map<std::string, std::map<std::string, json>> out;
  for (const auto& [file, content] : parsed.items()) {
    if (!content.contains(kind)) continue;
    for (const auto& [type, by_label] : content[kind].items()) {
      for (const auto& [label, bodies] : by_label.items()) out[type][label] = bodies[0];
    }
  }
  return out;
}

TEST(terraform_module, every_file_parses_and_has_the_expected_files) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  std::set<std::string> names;
  for (const auto& [n, t] : m.text) names.insert(n);
  EXPECT_EQ(names, (std::set<std::string>{"data_protection.tf", "iam.tf", "kms.tf", "log_groups.tf",
                                          "main.tf", "outputs.tf", "variables.tf", "versions.tf"}));
  const auto& providers = m.parsed["versions.tf"]["terraform"][0]["required_providers"][0]["aws"];
  EXPECT_EQ(providers["source"], "hashicorp/aws");
  EXPECT_EQ(providers["version"], ">= 5.31");
}

TEST(terraform_module, variables_have_descriptions_and_validations) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  const auto& vars = m.parsed["variables.tf"]["variable"];
  for (const char* name : {"region", "account_id", "tags", "retention_in_days", "tenants"}) {
    ASSERT_TRUE(vars.contains(name)) << name;
    EXPECT_FALSE(vars[name][0]["description"].get<std::string>().empty()) << name;
  }
  for (const char* name : {"region", "account_id", "retention_in_days", "tenants"}) {
    EXPECT_TRUE(vars[name][0].contains("validation")) << name;
  }
  // The tenants default lists exactly the ids given, hostile ones included.
  std::set<std::string> defaults;
  for (const auto& t : vars["tenants"][0]["default"])
    defaults.insert(test::unescape_template(t.get<std::string>()));
  EXPECT_EQ(defaults, std::set<std::string>(hostile_tenants.begin(), hostile_tenants.end()));
}

TEST(terraform_module, log_groups_match_the_config) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  const auto resources = blocks_of(m.parsed, "resource");
  const auto& groups = resources.at("aws_cloudwatch_log_group");
  ASSERT_EQ(groups.size(), 2u);  // api and customer; the date-rotated audit groups cannot be pre-created
  const auto& api = groups.at("api");
  EXPECT_EQ(api["name"], "app-api");
  EXPECT_EQ(api["retention_in_days"], "${coalesce(var.retention_in_days, 30)}");
  EXPECT_EQ(api["kms_key_id"], key_arn);  // the destination's own key wins over the created one
  EXPECT_EQ(api["log_group_class"], "STANDARD");
  EXPECT_EQ(api["skip_destroy"], true);
  EXPECT_EQ(api["tags"], "${merge(var.tags, { \"team\" = \"payments\" })}");
  const auto& customer = groups.at("customer");
  EXPECT_EQ(customer["for_each"],
            "${{ for tenant in var.tenants : tenant => local.customer_group_names[tenant] }}");
  EXPECT_EQ(customer["name"], "${each.value}");
  EXPECT_EQ(customer["kms_key_id"], "${aws_kms_key.logs.arn}");
  EXPECT_NE(m.text.at("log_groups.tf").find("is rotated by date"), std::string::npos);
}

// The names Terraform creates are the names the shipper computes: the locals
// map holds cwlog::tenant_name (what `cwlog tenant-name` prints) for each id.
TEST(terraform_module, tenant_group_names_are_the_shippers_names_for_hostile_ids) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  const auto& names = m.parsed["main.tf"]["locals"][0]["customer_group_names"];
  ASSERT_EQ(names.size(), hostile_tenants.size());
  std::set<std::string> distinct;
  for (const auto& t : hostile_tenants) {
    bool found = false;
    for (const auto& [k, v] : names.items()) {
      if (test::unescape_template(k) != t) continue;
      found = true;
      EXPECT_EQ(v.get<std::string>(), cwlog::tenant_name("app-customer-{tenant}", t)) << t;
      distinct.insert(v.get<std::string>());
    }
    EXPECT_TRUE(found) << t;
  }
  EXPECT_EQ(distinct.size(), hostile_tenants.size());  // "acme" and "Acme" stay apart
}

TEST(terraform_module, every_reference_resolves_to_a_declaration) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  std::set<std::string> declared;
  for (const auto& [file, content] : m.parsed.items()) {
    if (content.contains("variable")) {
      for (const auto& [name, _] : content["variable"].items()) declared.insert("var." + name);
    }
    if (content.contains("locals")) {
      for (const auto& block : content["locals"]) {
        for (const auto& [name, _] : block.items()) declared.insert("local." + name);
      }
    }
  }
  for (const auto& [type, by_label] : blocks_of(m.parsed, "resource")) {
    const auto& doc = test::documented_resources().at(type);
    for (const auto& [label, _] : by_label) {
      for (const auto& a : doc.arguments) declared.insert(type + "." + label + "." + a);
      for (const auto& a : doc.attributes) declared.insert(type + "." + label + "." + a);
      declared.insert(type + "." + label);
    }
  }
  for (const auto& [type, by_label] : blocks_of(m.parsed, "data")) {
    const auto& doc = test::documented_data_sources().at(type);
    for (const auto& [label, _] : by_label) {
      for (const auto& a : doc.attributes) declared.insert("data." + type + "." + label + "." + a);
    }
  }
  std::vector<std::string> expressions;
  test::collect_interpolations(m.parsed, expressions);
  ASSERT_GT(expressions.size(), 20u);
  // var.X / local.X; data.T.N.attr; aws_T.N.attr (or aws_T.N for a for_each over the instances).
  const std::regex ref(
      R"((?:^|[^A-Za-z0-9_.\]"])((?:var|local)\.[A-Za-z0-9_]+|data\.[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+|aws_[a-z0-9_]+\.[a-z0-9_]+(?:\.[a-z0-9_]+)?))");
  std::size_t checked = 0;
  for (const auto& raw : expressions) {
    const auto e = test::code_of_expression(raw);
    for (auto it = std::sregex_iterator(e.begin(), e.end(), ref); it != std::sregex_iterator(); ++it) {
      ++checked;
      EXPECT_TRUE(declared.contains((*it)[1].str()))
          << "unresolved reference " << (*it)[1] << " in ${" << e << "}";
    }
  }
  EXPECT_GT(checked, 20u);
}

TEST(terraform_module, every_attribute_is_documented_by_the_provider) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  std::size_t checked = 0;
  for (const auto& [type, by_label] : blocks_of(m.parsed, "resource")) {
    ASSERT_TRUE(test::documented_resources().contains(type)) << type;
    const auto& doc = test::documented_resources().at(type);
    for (const auto& [label, body] : by_label) {
      for (const auto& [attr, _] : body.items()) {
        ++checked;
        EXPECT_TRUE(doc.arguments.contains(attr) || test::meta_arguments.contains(attr))
            << type << "." << label << " has undocumented attribute " << attr;
      }
    }
  }
  for (const auto& [type, by_label] : blocks_of(m.parsed, "data")) {
    ASSERT_TRUE(test::documented_data_sources().contains(type)) << type;
    for (const auto& [label, body] : by_label) EXPECT_TRUE(body.empty()) << type << "." << label;
  }
  EXPECT_GT(checked, 15u);
}

TEST(terraform_module, arns_use_the_partition_never_a_literal_aws) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  ASSERT_FALSE(m.text.empty());  // every check below is per file
  for (const auto& [file, text] : m.text) {
    // The only literal ARN is the configured KMS key (an input, not built here).
    auto stripped = text;
    for (auto at = stripped.find(key_arn); at != std::string::npos; at = stripped.find(key_arn)) {
      stripped.erase(at, std::string(key_arn).size());
    }
    EXPECT_EQ(stripped.find("arn:aws:"), std::string::npos) << file;
    EXPECT_EQ(stripped.find("amazonaws.com"), std::string::npos) << file;
  }
  const auto prefix = m.parsed["main.tf"]["locals"][0]["log_group_arn_prefix"].get<std::string>();
  EXPECT_EQ(prefix,
            "arn:${data.aws_partition.current.partition}:logs:${var.region}:${var.account_id}:log-group:");
}

TEST(terraform_module, kms_key_policy_keeps_root_and_scopes_the_logs_principal) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  const auto resources = blocks_of(m.parsed, "resource");
  const auto& key = resources.at("aws_kms_key").at("logs");
  EXPECT_EQ(key["enable_key_rotation"], true);
  const auto policy = key["policy"].get<std::string>();
  // jsonencode(...) is an expression: check its text.
  EXPECT_NE(policy.find(":iam::${var.account_id}:root"), std::string::npos);
  EXPECT_NE(policy.find("\"kms:*\""), std::string::npos);
  EXPECT_NE(policy.find("logs.${var.region}.${data.aws_partition.current.dns_suffix}"), std::string::npos);
  EXPECT_NE(policy.find("ArnEquals"), std::string::npos);
  EXPECT_NE(policy.find("ArnLike"), std::string::npos);
  EXPECT_NE(policy.find("kms:EncryptionContext:aws:logs:arn"), std::string::npos);
  // Exact ARNs of the tenant groups (built from strings, not aws_cloudwatch_log_group.*.arn: no cycle).
  EXPECT_NE(policy.find("${local.log_group_arn_prefix}" +
                        cwlog::tenant_name("app-customer-{tenant}", "acme") + "\""),
            std::string::npos);
  EXPECT_NE(policy.find("${local.log_group_arn_prefix}app-audit-*\""), std::string::npos);
  EXPECT_EQ(policy.find("aws_cloudwatch_log_group"), std::string::npos);
  // "api" has its own key: it is not in this key's policy.
  EXPECT_EQ(policy.find("prefix}app-api"), std::string::npos);
  const auto& alias = resources.at("aws_kms_alias").at("logs");
  EXPECT_EQ(alias["name"], "alias/cwlog-logs");
  EXPECT_EQ(alias["target_key_id"], "${aws_kms_key.logs.key_id}");
}

TEST(terraform_module, iam_resources_and_outputs) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  const auto resources = blocks_of(m.parsed, "resource");
  const auto& shipper = resources.at("aws_iam_policy").at("shipper");
  const auto policy = shipper["policy"].get<std::string>();
  EXPECT_EQ(policy.find("\"logs:*\""), std::string::npos);
  EXPECT_EQ(policy.find("log-group:*"), std::string::npos);
  EXPECT_NE(policy.find("logs:PutLogEvents"), std::string::npos);
  EXPECT_EQ(resources.at("aws_iam_role_policy_attachment").at("shipper")["role"], "orders-service");
  EXPECT_EQ(resources.at("aws_iam_policy").at("tenant_read")["for_each"], "${local.tenant_read_policies}");
  const auto& dp = resources.at("aws_cloudwatch_log_data_protection_policy");
  EXPECT_TRUE(dp.contains("api"));
  EXPECT_TRUE(dp.contains("customer"));
  EXPECT_FALSE(dp.contains("audit"));  // created at run time: nothing to attach to
  const auto& outputs = m.parsed["outputs.tf"]["output"];
  for (const char* o : {"log_group_names", "log_group_arns", "shipper_policy_arn", "kms_key_arn",
                        "tenant_read_policy_arns"}) {
    EXPECT_TRUE(outputs.contains(o)) << o;
  }
}

TEST(terraform_module, output_is_deterministic) {
  test::temp_dir a, b;
  const auto first = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, a);
  auto reversed = hostile_tenants;
  std::reverse(reversed.begin(), reversed.end());
  const auto second = generate_and_parse(sample_config(), sample_tf(), reversed, b);
  EXPECT_EQ(first.text, second.text);
}

// terraform fmt's rules, checked on the text: two-space indentation by bracket
// depth, '=' of consecutive single-line attributes in one column, one space
// after the longest key, no trailing whitespace, one final newline.
TEST(terraform_module, text_is_laid_out_as_terraform_fmt_does) {
  test::temp_dir dir;
  const auto m = generate_and_parse(sample_config(), sample_tf(), hostile_tenants, dir);
  ASSERT_FALSE(m.text.empty());  // every check below is per file
  for (const auto& [file, text] : m.text) {
    ASSERT_TRUE(text.ends_with("\n") && !text.ends_with("\n\n")) << file;
    std::istringstream in(text);
    std::string line;
    std::vector<int> indents;  // hclwrite formatIndent: one level per line that opens brackets
    std::vector<std::pair<std::size_t, std::size_t>> run;  // (key end, '=' column)
    const auto close_run = [&] {
      if (run.empty()) return;
      std::size_t widest = 0;
      for (auto [k, eq] : run) widest = std::max(widest, k);
      for (auto [k, eq] : run) EXPECT_EQ(eq, widest + 1) << file << ": misaligned '=' near line:\n" << line;
      run.clear();
    };
    static const std::regex single_line_attr(
        R"(^( *)("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_-]*)( +)= (.*)$)");
    while (std::getline(in, line)) {
      EXPECT_FALSE(!line.empty() && line.back() == ' ') << file << ": trailing space: " << line;
      int opens = 0, closes = 0;
      bool in_string = false;
      for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_string) {
          if (c == '\\')
            ++i;
          else if (c == '"')
            in_string = false;
        } else if (c == '"') {
          in_string = true;
        } else if (c == '#') {
          break;
        } else if (c == '{' || c == '[' || c == '(') {
          ++opens;
        } else if (c == '}' || c == ']' || c == ')') {
          ++closes;
        }
      }
      const int net = opens - closes;
      std::size_t indent_depth = indents.size();
      if (net < 0) {
        int closed = -net;
        while (closed > 0 && !indents.empty()) {
          if (closed >= indents.back()) {
            closed -= indents.back();
            indents.pop_back();
          } else {
            indents.back() -= closed;
            closed = 0;
          }
        }
        indent_depth = indents.size();
      }
      if (!line.empty()) {
        const auto first = line.find_first_not_of(' ');
        EXPECT_EQ(first, indent_depth * 2) << file << ": bad indentation: " << line;
      }
      std::smatch sm;
      if (net == 0 && std::regex_match(line, sm, single_line_attr)) {
        const auto key_end = static_cast<std::size_t>(sm.position(2) + sm.length(2));
        run.emplace_back(key_end, key_end + static_cast<std::size_t>(sm.length(3)) - 1 + 1);
      } else {
        close_run();
      }
      if (net > 0) indents.push_back(net);
    }
    close_run();
    EXPECT_TRUE(indents.empty()) << file;
  }
}

void expect_refused(const cwlog::options& o, const terraform_options& tf, const std::string& needle) {
  test::temp_dir dir;
  const auto out = dir.path() / "module";
  try {
    generate_terraform_module(o, tf, {"acme"}, "bad.yaml", out);
    ADD_FAILURE() << "accepted; expected an error containing: " << needle;
  } catch (const cwlog::error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
  // No staging directory left behind either.
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(terraform_module, bad_configs_are_refused_with_no_output) {
  {
    auto o = sample_config();
    o.destinations[0].retention_days = 42;
    expect_refused(o, sample_tf(), "retention_days 42 is not a value CloudWatch Logs allows");
  }
  {
    auto o = sample_config();
    o.destinations[0].kms_key_id = "alias/my-key";
    expect_refused(o, sample_tf(), "is not a KMS key ARN");
  }
  {
    auto o = sample_config();
    o.destinations[0].kms_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    expect_refused(o, sample_tf(), "is not a KMS key ARN");
  }
  {
    auto o = sample_config();
    o.destinations[2].create_group = false;  // date-rotated and nobody creates it
    expect_refused(o, sample_tf(), "cannot pre-create");
  }
  {
    auto o = sample_config();
    o.destinations[1].group = "{tenant}-logs";  // IAM scope would be account-wide
    expect_refused(o, sample_tf(), "starts with a token");
  }
  {
    auto o = sample_config();
    o.destinations[1].group = "app-{tenant}-{date:%Y}";  // tenant groups created at run time
    o.destinations[1].create_group = true;
    auto tf = sample_tf();
    expect_refused(o, tf, "a prefix would");
  }
  {
    auto o = sample_config();
    o.destinations[0].group = "app-{bogus}";
    expect_refused(o, sample_tf(), "destination \"api\"");
  }
  {
    auto o = sample_config();
    auto dup = o.destinations[0];
    dup.name = "api2";
    dup.retention_days = 7;
    o.destinations.push_back(dup);
    expect_refused(o, sample_tf(), "different retention_days");
  }
  {
    auto tf = sample_tf();
    tf.data_protection->destinations = {"nope"};
    expect_refused(sample_config(), tf, "no destination named \"nope\"");
  }
}

TEST(terraform_module, regenerating_replaces_a_previous_generation_only) {
  test::temp_dir dir;
  const auto out = dir.path() / "module";
  generate_terraform_module(sample_config(), sample_tf(), {"acme"}, "s.yaml", out);
  EXPECT_TRUE(fs::exists(out / "kms.tf"));
  auto tf = sample_tf();
  tf.kms.create_key = false;
  generate_terraform_module(sample_config(), tf, {"acme"}, "s.yaml", out);
  EXPECT_FALSE(fs::exists(out / "kms.tf"));  // a stale file from the last run does not survive
  std::ofstream(out / "notes.txt") << "mine";
  EXPECT_THROW(generate_terraform_module(sample_config(), tf, {"acme"}, "s.yaml", out), cwlog::error);
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
}

}  // namespace
}  // namespace cwlog::detail

// The HCL writer: terraform-fmt layout, and string escaping that HashiCorp's
// own parser reads back to exactly the original text.
#include <gtest/gtest.h>

#include <cwlog/error.h>

#include "terraform/hcl_support.h"
#include "terraform/hcl_writer.h"

namespace cwlog::detail {
namespace {

TEST(hcl_writer, aligns_consecutive_single_line_attributes) {
  hcl_writer w;
  w.begin_block("resource", {"aws_cloudwatch_log_group", "api"});
  w.attribute("name", "\"app-api\"");
  w.attribute("retention_in_days", "30");
  w.attribute("tags", "var.tags");
  w.end_block();
  EXPECT_EQ(w.str(),
            "resource \"aws_cloudwatch_log_group\" \"api\" {\n"
            "  name              = \"app-api\"\n"
            "  retention_in_days = 30\n"
            "  tags              = var.tags\n"
            "}\n");
}

// hclwrite's formatCells: a line whose value opens a bracket is not part of an
// alignment run, and blank lines end a run (as in the provider's own examples).
TEST(hcl_writer, multi_line_values_and_blank_lines_end_an_alignment_run) {
  hcl_writer w;
  w.begin_block("resource", {"aws_kms_key", "logs"});
  w.attribute("description", "\"k\"");
  w.attribute("enable_key_rotation", "true");
  w.begin_attribute("policy", "jsonencode({");
  w.attribute("Version", "\"2012-10-17\"");
  w.begin_attribute("Statement", "[");
  w.begin_item("{");
  w.attribute("Sid", "\"A\"");
  w.attribute("Effect", "\"Allow\"");
  w.begin_attribute("Principal", "{");
  w.attribute("AWS", "\"x\"");
  w.close("}");
  w.attribute("Action", "\"kms:*\"");
  w.attribute("Resource", "\"*\"");
  w.close("},");
  w.close("]");
  w.close("})");
  w.blank_line();
  w.attribute("a", "1");
  w.end_block();
  EXPECT_EQ(w.str(),
            "resource \"aws_kms_key\" \"logs\" {\n"
            "  description         = \"k\"\n"
            "  enable_key_rotation = true\n"
            "  policy = jsonencode({\n"
            "    Version = \"2012-10-17\"\n"
            "    Statement = [\n"
            "      {\n"
            "        Sid    = \"A\"\n"
            "        Effect = \"Allow\"\n"
            "        Principal = {\n"
            "          AWS = \"x\"\n"
            "        }\n"
            "        Action   = \"kms:*\"\n"
            "        Resource = \"*\"\n"
            "      },\n"
            "    ]\n"
            "  })\n"
            "\n"
            "  a = 1\n"
            "}\n");
}

TEST(hcl_writer, unbalanced_brackets_are_a_bug_not_output) {
  hcl_writer w;
  w.begin_block("locals");
  EXPECT_THROW((void)w.str(), cwlog::error);
  hcl_writer v;
  EXPECT_THROW(v.close("}"), cwlog::error);
}

TEST(hcl_writer, keys_are_bare_identifiers_or_quoted) {
  EXPECT_EQ(hcl_writer::key("Sid"), "Sid");
  EXPECT_EQ(hcl_writer::key("my-key_2"), "my-key_2");
  EXPECT_EQ(hcl_writer::key("kms:EncryptionContext:aws:logs:arn"), "\"kms:EncryptionContext:aws:logs:arn\"");
  EXPECT_EQ(hcl_writer::key("2x"), "\"2x\"");
}

TEST(hcl_writer, escapes_are_ascii_only) {
  EXPECT_EQ(hcl_writer::quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(hcl_writer::quote("${x}%{y}"), "\"$${x}%%{y}\"");
  EXPECT_EQ(hcl_writer::quote("$x %y"), "\"$x %y\"");
  EXPECT_EQ(hcl_writer::quote("\xC3\xBC"), "\"\\u00FC\"");
  EXPECT_EQ(hcl_writer::quote("\xF0\x9F\x99\x82"), "\"\\U0001F642\"");
  EXPECT_EQ(hcl_writer::quote(std::string("\x01\x7f", 2)), "\"\\u0001\\u007F\"");
}

TEST(hcl_writer, invalid_utf8_is_refused) {
  EXPECT_THROW((void)hcl_writer::quote("\xC3"), cwlog::error);
  EXPECT_THROW((void)hcl_writer::quote("\xC0\xAF"), cwlog::error);      // overlong '/'
  EXPECT_THROW((void)hcl_writer::quote("\xED\xA0\x80"), cwlog::error);  // surrogate
}

// Hostile text (tenant ids end up as map keys and values): HashiCorp's parser
// must read every one back unchanged, never as an interpolation or directive.
TEST(hcl_writer, hostile_strings_round_trip_through_the_hcl_parser) {
  const std::vector<std::string> hostile{"${var.secret}",
                                         "%{ if true }x%{ endif }",
                                         "a\"b",
                                         "back\\slash",
                                         "new\nline",
                                         "tab\there",
                                         "\xC3\xBC\xE6\x97\xA5\xF0\x9F\x99\x82",
                                         std::string("nul\0byte", 8),
                                         "$${already}",
                                         "} = 1\n  x = {",
                                         "#comment",
                                         "trailing$",
                                         "trailing%",
                                         "",
                                         " ",
                                         "acme-corp"};
  hcl_writer w;
  w.begin_block("locals");
  w.begin_attribute("m", "{");
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    w.attribute(hcl_writer::quote("k" + std::to_string(i) + hostile[i]), hcl_writer::quote(hostile[i]));
  }
  w.close("}");
  w.end_block();
  test::temp_dir dir;
  const auto parsed = test::parse_hcl_text(w.str(), dir);
  const auto& m = parsed["locals"][0]["m"];
  ASSERT_EQ(m.size(), hostile.size()) << w.str();
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    // Object keys and values come back with HCL JSON's template escaping.
    bool found = false;
    for (const auto& [k, v] : m.items()) {
      if (test::unescape_template(k) == "k" + std::to_string(i) + hostile[i]) {
        found = true;
        EXPECT_EQ(test::unescape_template(v.get<std::string>()), hostile[i]) << i;
      }
    }
    EXPECT_TRUE(found) << "key " << i << " lost; text:\n" << w.str();
  }
}

}  // namespace
}  // namespace cwlog::detail

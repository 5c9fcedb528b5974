#pragma once
// A small writer for Terraform's HCL that produces what `terraform fmt` would:
// two-space indentation per open bracket line, and the `=` of consecutive
// single-line attributes aligned (hclwrite's formatCells: an attribute whose
// value opens a multi-line bracket, a blank line, a comment or a block line
// ends the run). Every string literal is escaped to ASCII, so alignment widths
// are plain byte counts and hostile tenant ids cannot inject interpolations.
#include <string>
#include <string_view>
#include <vector>

namespace cwlog::detail {

class hcl_writer {
 public:
  void comment(std::string_view text);  // "# text" (one line per '\n')
  void blank_line();

  // type "label" "label" {
  void begin_block(std::string_view type, const std::vector<std::string>& labels = {});
  void end_block();

  // key = expression (expression already rendered, single line)
  void attribute(std::string_view key, std::string_view expression);
  // key = <opener>    e.g. opener "{", "[", "jsonencode({"; closed by close(<closer>)
  void begin_attribute(std::string_view key, std::string_view opener);
  // A line inside a list: "<expression>,"
  void item(std::string_view expression);
  // A line that opens a bracket inside a list, e.g. "{"; closed by close("},")
  void begin_item(std::string_view opener);
  void close(std::string_view closer);

  // The text, with the trailing newline terrafrom fmt leaves.
  std::string str() const;

  // "..." with HCL escapes: \" \\ \n \r \t, \uXXXX for other control and all
  // non-ASCII characters, and $${ / %%{ so the text is never a template.
  // Throws cwlog::error on invalid UTF-8.
  static std::string quote(std::string_view text);
  // An object key: bare when it is an identifier, else quoted.
  static std::string key(std::string_view text);
  // `"${expr}rest"`-style template pieces: raw interpolation, no escaping of `expr`.
  static std::string interpolate(std::string_view expression) { return "${" + std::string(expression) + "}"; }
  // Escapes `text` for use inside a quoted template (no surrounding quotes).
  static std::string escape(std::string_view text);

 private:
  struct line {
    int depth = 0;
    std::string lead;      // text before " = " (or the whole line)
    std::string value;     // after " = " when aligned
    bool aligned = false;  // a complete single-line attribute
  };
  void push(std::string lead);
  std::vector<line> lines_;
  int depth_ = 0;
};

}  // namespace cwlog::detail

#pragma once
// The parsed form of a filter pattern, shared by the parser
// (filter_pattern_parser.cpp) and the matcher (filter_pattern.cpp). Internal.
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cwlog::detail {
namespace filter_ast {

// A value on the right of a comparison, or a term of an unstructured pattern.
struct value {
  enum class kind { text, number, regex };
  kind kind_ = kind::text;
  std::string text_;  // text: may hold `*` wildcards (in comparisons)
  double number_ = 0;
  std::shared_ptr<const std::regex> regex_;
};

enum class cmp { eq, ne, lt, le, gt, ge };

// One step of a JSON selector: `.name` or `[index]`.
struct step {
  std::string key_;
  std::optional<std::size_t> index_;
};

struct json_expr {
  enum class kind { all, any, compare, is_null, is_true, is_false, not_exists };
  kind kind_ = kind::all;
  std::vector<json_expr> children_;  // all / any
  std::vector<step> selector_;
  cmp op_ = cmp::eq;
  value value_;
};

struct term {
  value value_;
  bool match_all_ = false;  // `" "`: the documented "match everything" term
};

struct unstructured {
  std::vector<term> required_;  // every one must appear
  std::vector<term> any_of_;    // ?term: at least one must appear (if any given)
  std::vector<term> excluded_;  // -term: none may appear
};

// Space-delimited: `[ip, user, ..., status = 4*]` splits the message into
// fields at spaces, with "..." and [...] grouping; `...` skips any number.
struct delimited_field {
  bool ellipsis_ = false;
  std::string name_;
  std::vector<std::vector<std::pair<cmp, value>>> any_of_all_;  // (a && b) || c, flattened
};

struct delimited {
  std::vector<delimited_field> fields_;
};

struct node {
  std::variant<unstructured, json_expr, delimited> v_;
};

}  // namespace filter_ast

// Parses pattern text; null = the empty pattern (matches everything).
std::expected<std::shared_ptr<const filter_ast::node>, std::string> parse_filter_ast(std::string_view text);

}  // namespace cwlog::detail

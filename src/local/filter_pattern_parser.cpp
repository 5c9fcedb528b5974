// Recursive-descent parser for CloudWatch Logs filter patterns (grammar in
// filter_pattern.h). Errors name the 1-based character position and what the
// language allows there, like the service's InvalidParameterException text.
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "local/filter_pattern_ast.h"

namespace cwlog::detail {
namespace {

using namespace filter_ast;

// libstdc++'s default regex executor backtracks recursively, one frame per
// character: a 1 MB event overflows the stack. The service's regex subset has
// no groups and so no back-references, which lets us ask for the breadth-first
// executor, whose depth is bounded by the pattern instead of the input.
#if defined(__GLIBCXX__)
constexpr auto regex_flags = std::regex::ECMAScript | std::regex_constants::__polynomial;
#else
constexpr auto regex_flags = std::regex::ECMAScript;
#endif

// std::regex compiles a{n,m} into m copies of the atom, and libstdc++ 12
// reads the numbers of {n,m} and of \N into a long without an overflow check
// (signed overflow, undefined behaviour, for 19 digits or more). So bound the
// counts before compiling, and refuse \N: a back-reference, meaningless
// without groups, which the service's subset does not have.
constexpr long max_regex_repeat = 1000;

const char* regex_limit_error(std::string_view body) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\') {
      if (i + 1 < body.size() && digit(body[i + 1]))
        return "back-references (\\1 ...) are not supported in a filter-pattern regex";
      ++i;  // the escaped character is literal
    } else if (body[i] == '{') {
      long n = 0;
      for (std::size_t j = i + 1; j < body.size() && (digit(body[j]) || body[j] == ','); ++j) {
        n = body[j] == ',' ? 0 : n * 10 + (body[j] - '0');
        if (n > max_regex_repeat) return "a repetition count in a filter-pattern regex may be at most 1000";
      }
    }
  }
  return nullptr;
}

class parser {
 public:
  explicit parser(std::string_view text) : text_(text) {}

  std::expected<std::shared_ptr<const node>, std::string> run() {
    skip_ws();
    if (at_end()) return std::shared_ptr<const node>{};
    auto out = std::make_shared<node>();
    if (peek() == '{') {
      auto e = json_root();
      if (!e) return std::unexpected(e.error());
      out->v_ = std::move(*e);
    } else if (peek() == '[') {
      auto d = delimited_root();
      if (!d) return std::unexpected(d.error());
      out->v_ = std::move(*d);
    } else {
      auto u = unstructured_root();
      if (!u) return std::unexpected(u.error());
      out->v_ = std::move(*u);
    }
    return std::shared_ptr<const node>(std::move(out));
  }

 private:
  template <typename T = void>
  using result = std::expected<T, std::string>;

  std::string_view text_;
  std::size_t pos_ = 0;
  int depth_ = 0;  // parentheses nesting, bounded so hostile input cannot exhaust the stack
  static constexpr int max_depth = 64;
  int regex_count_ = 0;
  static constexpr int max_regexes = 2;

  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void skip_ws() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }
  bool consume(std::string_view s) {
    if (text_.substr(pos_, s.size()) != s) return false;
    pos_ += s.size();
    return true;
  }
  // Case-insensitive keyword followed by a non-identifier character.
  bool keyword(std::string_view word) {
    if (pos_ + word.size() > text_.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(text_[pos_ + i])) != word[i]) return false;
    }
    const char next = peek(word.size());
    if (std::isalnum(static_cast<unsigned char>(next)) || next == '_') return false;
    pos_ += word.size();
    return true;
  }
  std::string found() const {
    if (at_end()) return "the end of the pattern";
    return "'" + std::string(text_.substr(pos_, 12)) + "'";
  }
  std::unexpected<std::string> fail(const std::string& what) const {
    return std::unexpected("filter pattern: at character " + std::to_string(pos_ + 1) + ": " + what +
                           "; found " + found());
  }

  static std::optional<double> number(std::string_view s) {
    if (s.empty() || s == "+" || s == "-") return std::nullopt;
    const char* first = s.data();
    if (*first == '+') ++first;
    double out = 0;
    auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), out);
    if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(out)) return std::nullopt;
    return out;
  }

  // "..." with \" and \\ escapes.
  result<std::string> quoted() {
    const std::size_t start = pos_;
    ++pos_;  // opening quote
    std::string out;
    while (!at_end() && peek() != '"') {
      if (peek() == '\\' && (peek(1) == '"' || peek(1) == '\\')) ++pos_;
      out += text_[pos_++];
    }
    if (at_end()) {
      pos_ = start;
      return fail("unterminated quoted term: close it with '\"'");
    }
    ++pos_;  // closing quote
    return out;
  }

  // %regex% (the service's regex support); ECMAScript syntax here.
  result<value> regex_value() {
    const std::size_t start = pos_;
    const auto end = text_.find('%', pos_ + 1);
    if (end == std::string_view::npos) return fail("unterminated regular expression: close it with '%'");
    const std::string body(text_.substr(pos_ + 1, end - pos_ - 1));
    if (body.empty()) return fail("empty regular expression '%%'");
    // The service's regex subset (User Guide, "Supported regular expressions
    // (regex) syntax"): alphanumerics, the symbols _ # = @ / ; , - : and space,
    // the operators ^ $ ? [ ] { } | \ * + . -- no ( ), no multi-byte characters,
    // at most two regexes per pattern.
    for (std::size_t i = 0; i < body.size(); ++i) {
      const auto c = static_cast<unsigned char>(body[i]);
      if (std::isalnum(c) ||
          std::string_view("_#=@/;,-: ^$?[]{}|\\*+.").find(body[i]) != std::string_view::npos) {
        continue;
      }
      pos_ += 1 + i;
      if (c == '(' || c == ')') return fail("'(' and ')' are not supported in a filter-pattern regex");
      if (c >= 0x80) return fail("multi-byte characters are not supported in a filter-pattern regex");
      return fail(
          "this symbol is not supported in a filter-pattern regex (allowed: letters, digits, "
          "_ # = @ / ; , - : space and ^ $ ? [ ] { } | \\ * + .)");
    }
    if (++regex_count_ > max_regexes) return fail("a filter pattern may hold at most 2 regular expressions");
    if (const char* why = regex_limit_error(body)) {
      pos_ = start;
      return fail(why);
    }
    value v;
    v.kind_ = value::kind::regex;
    v.text_ = body;
    try {
      v.regex_ = std::make_shared<const std::regex>(body, regex_flags);
    } catch (const std::regex_error& e) {
      pos_ = start;
      return fail(std::string("invalid regular expression: ") + e.what());
    }
    pos_ = end + 1;
    return v;
  }

  // ------------------------------------------------------------ unstructured
  result<unstructured> unstructured_root() {
    unstructured out;
    std::size_t first_exclusion = std::string_view::npos;
    while (true) {
      skip_ws();
      if (at_end()) break;
      const char prefix = (peek() == '?' || peek() == '-') ? peek() : '\0';
      if (prefix != '\0') {
        if (prefix == '-' && first_exclusion == std::string_view::npos) first_exclusion = pos_;
        ++pos_;
        if (at_end() || std::isspace(static_cast<unsigned char>(peek()))) {
          return fail(std::string("'") + prefix + "' must be followed directly by a term");
        }
      }
      term t;
      if (peek() == '"') {
        auto q = quoted();
        if (!q) return std::unexpected(q.error());
        // `" "` is the documented pattern that matches every event.
        t.match_all_ = q->find_first_not_of(" \t") == std::string::npos;
        t.value_.text_ = std::move(*q);
      } else if (peek() == '%') {
        auto r = regex_value();
        if (!r) return std::unexpected(r.error());
        t.value_ = std::move(*r);
      } else {
        const std::size_t start = pos_;
        while (!at_end() && !std::isspace(static_cast<unsigned char>(peek()))) {
          if (std::string_view("\"{}[]()=<>!&|,%").find(peek()) != std::string_view::npos) {
            return fail(
                "invalid character in term (put terms with symbols in double quotes; a JSON pattern "
                "starts with '{', a space-delimited one with '[')");
          }
          ++pos_;
        }
        t.value_.text_ = std::string(text_.substr(start, pos_ - start));
      }
      if (prefix == '?') {
        out.any_of_.push_back(std::move(t));
      } else if (prefix == '-') {
        out.excluded_.push_back(std::move(t));
      } else {
        out.required_.push_back(std::move(t));
      }
    }
    if (!out.excluded_.empty() && out.required_.empty() && out.any_of_.empty()) {
      pos_ = first_exclusion;
      return fail("an exclusion (-term) needs at least one term to match as well, e.g. 'ERROR -Throttled'");
    }
    return out;
  }

  // -------------------------------------------------------------------- JSON
  result<json_expr> json_root() {
    ++pos_;  // '{'
    auto e = json_or();
    if (!e) return e;
    skip_ws();
    if (!consume("}")) return fail("expected '&&', '||' or '}' closing the JSON pattern");
    skip_ws();
    if (!at_end()) return fail("nothing may follow the '}' closing a JSON pattern");
    return e;
  }

  result<json_expr> json_or() {
    auto left = json_and();
    if (!left) return left;
    skip_ws();
    if (peek() != '|') return left;
    json_expr any;
    any.kind_ = json_expr::kind::any;
    any.children_.push_back(std::move(*left));
    while (true) {
      skip_ws();
      if (!consume("||")) break;
      auto next = json_and();
      if (!next) return next;
      any.children_.push_back(std::move(*next));
    }
    return any;
  }

  result<json_expr> json_and() {
    auto left = json_primary();
    if (!left) return left;
    skip_ws();
    if (peek() != '&') return left;
    json_expr all;
    all.kind_ = json_expr::kind::all;
    all.children_.push_back(std::move(*left));
    while (true) {
      skip_ws();
      if (!consume("&&")) break;
      auto next = json_primary();
      if (!next) return next;
      all.children_.push_back(std::move(*next));
    }
    return all;
  }

  result<json_expr> json_primary() {
    skip_ws();
    if (peek() == '(') {
      if (++depth_ > max_depth) return fail("parentheses nested too deeply");
      ++pos_;
      auto inner = json_or();
      if (!inner) return inner;
      skip_ws();
      if (!consume(")")) return fail("expected '&&', '||' or ')'");
      --depth_;
      return inner;
    }
    if (peek() != '$') return fail("expected a selector such as '$.field' or '('");
    json_expr e;
    auto sel = selector();
    if (!sel) return std::unexpected(sel.error());
    e.selector_ = std::move(*sel);
    skip_ws();
    if (keyword("IS")) {
      skip_ws();
      if (keyword("NULL")) {
        e.kind_ = json_expr::kind::is_null;
      } else if (keyword("TRUE")) {
        e.kind_ = json_expr::kind::is_true;
      } else if (keyword("FALSE")) {
        e.kind_ = json_expr::kind::is_false;
      } else {
        return fail("expected NULL, TRUE or FALSE after IS");
      }
      return e;
    }
    if (keyword("NOT")) {
      skip_ws();
      if (!keyword("EXISTS")) return fail("expected EXISTS after NOT");
      e.kind_ = json_expr::kind::not_exists;
      return e;
    }
    auto op = comparison();
    if (!op) return std::unexpected(op.error());
    e.kind_ = json_expr::kind::compare;
    e.op_ = *op;
    auto v = operand(*op, "&|)}");
    if (!v) return std::unexpected(v.error());
    e.value_ = std::move(*v);
    return e;
  }

  result<std::vector<step>> selector() {
    ++pos_;  // '$'
    std::vector<step> out;
    while (peek() == '.' || peek() == '[') {
      if (consume("[")) {
        const std::size_t start = pos_;
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos_;
        if (start == pos_) return fail("expected an array index (digits) after '['");
        std::size_t index = 0;
        if (std::from_chars(text_.data() + start, text_.data() + pos_, index).ec != std::errc{}) {
          pos_ = start;
          return fail("array index too large");
        }
        if (!consume("]")) return fail("expected ']' after the array index");
        out.push_back(step{{}, index});
      } else {
        ++pos_;  // '.'
        const std::size_t start = pos_;
        while (!at_end() && !std::isspace(static_cast<unsigned char>(peek())) &&
               std::string_view(".[]()=!<>&|{}\"").find(peek()) == std::string_view::npos) {
          ++pos_;
        }
        if (start == pos_) return fail("expected a field name after '.'");
        out.push_back(step{std::string(text_.substr(start, pos_ - start)), std::nullopt});
      }
    }
    if (out.empty()) return fail("a selector needs a field after '$', e.g. '$.level' or '$[0]'");
    return out;
  }

  result<cmp> comparison() {
    if (consume("!=")) return cmp::ne;
    if (consume("<=")) return cmp::le;
    if (consume(">=")) return cmp::ge;
    if (consume("=")) return cmp::eq;
    if (consume("<")) return cmp::lt;
    if (consume(">")) return cmp::gt;
    return fail("expected a comparison (=, !=, <, <=, >, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS");
  }

  // The right side of a comparison; a bare value ends at whitespace or at one
  // of `stops` (the pattern's own delimiters).
  result<value> operand(cmp op, std::string_view stops) {
    skip_ws();
    const std::size_t start = pos_;
    value v;
    if (peek() == '"') {
      auto q = quoted();
      if (!q) return std::unexpected(q.error());
      v.text_ = std::move(*q);
    } else if (peek() == '%') {
      auto r = regex_value();
      if (!r) return r;
      v = std::move(*r);
    } else {
      while (!at_end() && !std::isspace(static_cast<unsigned char>(peek())) &&
             stops.find(peek()) == std::string_view::npos) {
        ++pos_;
      }
      if (start == pos_)
        return fail("expected a value (a number, a \"string\" or a bare word, '*' wildcards allowed)");
      v.text_ = std::string(text_.substr(start, pos_ - start));
      if (auto n = number(v.text_)) {
        v.kind_ = value::kind::number;
        v.number_ = *n;
      }
    }
    if (op != cmp::eq && op != cmp::ne && v.kind_ != value::kind::number) {
      pos_ = start;
      return fail("<, <=, > and >= compare numbers only");
    }
    return v;
  }

  // --------------------------------------------------------- space-delimited
  result<delimited> delimited_root() {
    ++pos_;  // '['
    delimited out;
    bool seen_ellipsis = false;
    while (true) {
      skip_ws();
      delimited_field f;
      if (consume("...")) {
        if (seen_ellipsis) return fail("'...' may appear only once");
        seen_ellipsis = f.ellipsis_ = true;
      } else {
        auto name = field_name();
        if (!name) return std::unexpected(name.error());
        f.name_ = std::move(*name);
        skip_ws();
        if (!at_end() && peek() != ',' && peek() != ']') {
          auto conds = field_conditions(f.name_);
          if (!conds) return std::unexpected(conds.error());
          f.any_of_all_ = std::move(*conds);
        }
      }
      out.fields_.push_back(std::move(f));
      skip_ws();
      if (consume(",")) continue;
      if (consume("]")) break;
      return fail("expected ',' or ']' after a field");
    }
    skip_ws();
    if (!at_end()) return fail("nothing may follow the ']' closing a space-delimited pattern");
    return out;
  }

  result<std::string> field_name() {
    const std::size_t start = pos_;
    while (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_') ++pos_;
    if (start == pos_) return fail("expected a field name (letters, digits, '_') or '...'");
    return std::string(text_.substr(start, pos_ - start));
  }

  // `name op value` joined by && (tighter) and ||; every name is the field's own.
  result<std::vector<std::vector<std::pair<cmp, value>>>> field_conditions(const std::string& name) {
    std::vector<std::vector<std::pair<cmp, value>>> out(1);
    bool first = true;
    while (true) {
      skip_ws();
      if (!first) {
        const std::size_t at = pos_;
        auto again = field_name();
        if (!again) return std::unexpected(again.error());
        if (*again != name) {
          pos_ = at;
          return fail("a condition in field '" + name + "' must test '" + name + "'");
        }
        skip_ws();
      }
      first = false;
      auto op = comparison();
      if (!op) return std::unexpected(op.error());
      auto v = operand(*op, ",]&|");
      if (!v) return std::unexpected(v.error());
      out.back().emplace_back(*op, std::move(*v));
      skip_ws();
      if (consume("&&")) continue;
      if (consume("||")) {
        out.emplace_back();
        continue;
      }
      return out;
    }
  }
};

}  // namespace

std::expected<std::shared_ptr<const filter_ast::node>, std::string> parse_filter_ast(std::string_view text) {
  return parser(text).run();
}

}  // namespace cwlog::detail

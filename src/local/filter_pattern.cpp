// CloudWatch Logs filter patterns: parser and matcher (see filter_pattern.h).
//
// The pattern is parsed once into an immutable tree; matches() only walks it,
// so one filter_pattern can be shared by concurrent FilterLogEvents calls.
#include "local/filter_pattern.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "local/filter_pattern_ast.h"

namespace cwlog::detail {

namespace {

using namespace filter_ast;
using json = nlohmann::json;

// Only `*` is a wildcard in filter-pattern values; everything else is literal.
bool star_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double out = 0;
  const char* first = s.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), out);
  if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(out)) return std::nullopt;
  return out;
}

// std::regex reports a match it cannot finish (error_complexity/stack) by
// throwing; for a filter that means "no match", never a failed request.
bool regex_found(std::string_view text, const std::regex& re) {
  try {
    return std::regex_search(text.begin(), text.end(), re);
  } catch (const std::regex_error&) {
    return false;
  }
}

bool compare_numbers(double a, cmp op, double b) {
  switch (op) {
    case cmp::eq:
      return a == b;
    case cmp::ne:
      return a != b;
    case cmp::lt:
      return a < b;
    case cmp::le:
      return a <= b;
    case cmp::gt:
      return a > b;
    case cmp::ge:
      return a >= b;
  }
  return false;
}

// A string field against a text/regex value (= and != only; the parser refuses
// ordering operators on text).
bool compare_text(std::string_view field, cmp op, const value& v) {
  bool equal = false;
  if (v.kind_ == value::kind::regex) {
    equal = regex_found(field, *v.regex_);
  } else if (v.kind_ == value::kind::number) {
    // A bare number compared with a text field: equal when the text is that number.
    const auto n = parse_number(field);
    if (op != cmp::eq && op != cmp::ne) return n && compare_numbers(*n, op, v.number_);
    equal = n && *n == v.number_;
  } else {
    equal = star_match(v.text_, field);
  }
  return op == cmp::eq ? equal : !equal;
}

// ---------------------------------------------------------------- evaluation

const json* select(const json& doc, const std::vector<step>& path) {
  const json* cur = &doc;
  for (const auto& s : path) {
    if (s.index_) {
      if (!cur->is_array() || *s.index_ >= cur->size()) return nullptr;
      cur = &(*cur)[*s.index_];
    } else {
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(s.key_);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    }
  }
  return cur;
}

bool eval_json(const json_expr& e, const json& doc) {
  switch (e.kind_) {
    case json_expr::kind::all:
      return std::all_of(e.children_.begin(), e.children_.end(),
                         [&](const auto& c) { return eval_json(c, doc); });
    case json_expr::kind::any:
      return std::any_of(e.children_.begin(), e.children_.end(),
                         [&](const auto& c) { return eval_json(c, doc); });
    case json_expr::kind::not_exists:
      return select(doc, e.selector_) == nullptr;
    default:
      break;
  }
  const json* field = select(doc, e.selector_);
  if (field == nullptr) return false;  // every test but NOT EXISTS needs the field
  switch (e.kind_) {
    case json_expr::kind::is_null:
      return field->is_null();
    case json_expr::kind::is_true:
      return field->is_boolean() && field->get<bool>();
    case json_expr::kind::is_false:
      return field->is_boolean() && !field->get<bool>();
    default:
      break;
  }
  const value& v = e.value_;
  if (field->is_number()) {
    if (v.kind_ == value::kind::number) return compare_numbers(field->get<double>(), e.op_, v.number_);
    if (v.kind_ == value::kind::regex) return compare_text(field->dump(), e.op_, v);
    return false;  // a number never equals a string value
  }
  if (field->is_string()) {
    if (v.kind_ == value::kind::number) return false;  // "200" is not 200
    return compare_text(field->get_ref<const std::string&>(), e.op_, v);
  }
  if (field->is_boolean() && v.kind_ == value::kind::text) {
    return compare_text(field->get<bool>() ? "true" : "false", e.op_, v);
  }
  return false;  // objects, arrays and null compare with nothing
}

bool term_in(const term& t, std::string_view message) {
  if (t.match_all_) return true;
  if (t.value_.kind_ == value::kind::regex) {
    return regex_found(message, *t.value_.regex_);
  }
  return message.find(t.value_.text_) != std::string_view::npos;
}

bool eval_unstructured(const unstructured& u, std::string_view message) {
  for (const auto& t : u.required_)
    if (!term_in(t, message)) return false;
  if (!u.any_of_.empty() &&
      std::none_of(u.any_of_.begin(), u.any_of_.end(), [&](const term& t) { return term_in(t, message); })) {
    return false;
  }
  for (const auto& t : u.excluded_)
    if (term_in(t, message)) return false;
  return true;
}

// Splits a space-delimited message: fields are separated by runs of spaces;
// "quoted" and [bracketed] fields keep their spaces and lose their delimiters.
std::vector<std::string_view> split_fields(std::string_view m) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < m.size()) {
    while (i < m.size() && m[i] == ' ') ++i;
    if (i >= m.size()) break;
    const char open = m[i];
    const char close = open == '"' ? '"' : open == '[' ? ']' : '\0';
    if (close != '\0') {
      const auto end = m.find(close, i + 1);
      if (end != std::string_view::npos) {
        out.push_back(m.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
    }
    const auto end = std::min(m.find(' ', i), m.size());
    out.push_back(m.substr(i, end - i));
    i = end;
  }
  return out;
}

bool field_matches(const delimited_field& f, std::string_view text) {
  if (f.any_of_all_.empty()) return true;
  return std::any_of(f.any_of_all_.begin(), f.any_of_all_.end(), [&](const auto& conj) {
    return std::all_of(conj.begin(), conj.end(), [&](const auto& c) {
      if (c.second.kind_ == value::kind::number && c.first != cmp::eq && c.first != cmp::ne) {
        const auto n = parse_number(text);
        return n && compare_numbers(*n, c.first, c.second.number_);
      }
      return compare_text(text, c.first, c.second);
    });
  });
}

// Fields before `...` align from the left, fields after it from the right; a
// pattern without `...` needs exactly as many message fields as it names.
bool eval_delimited(const delimited& d, std::string_view message) {
  const auto fields = split_fields(message);
  const auto& pf = d.fields_;
  const auto dots = std::find_if(pf.begin(), pf.end(), [](const auto& f) { return f.ellipsis_; });
  if (dots == pf.end()) {
    if (fields.size() != pf.size()) return false;
    for (std::size_t i = 0; i < pf.size(); ++i)
      if (!field_matches(pf[i], fields[i])) return false;
    return true;
  }
  const auto head = static_cast<std::size_t>(dots - pf.begin());
  const auto tail = pf.size() - head - 1;
  if (fields.size() < head + tail) return false;
  for (std::size_t i = 0; i < head; ++i)
    if (!field_matches(pf[i], fields[i])) return false;
  for (std::size_t i = 0; i < tail; ++i)
    if (!field_matches(pf[head + 1 + i], fields[fields.size() - tail + i])) return false;
  return true;
}

}  // namespace

filter_pattern::filter_pattern() = default;
filter_pattern::filter_pattern(const filter_pattern&) = default;
filter_pattern::filter_pattern(filter_pattern&&) noexcept = default;
filter_pattern& filter_pattern::operator=(const filter_pattern&) = default;
filter_pattern& filter_pattern::operator=(filter_pattern&&) noexcept = default;
filter_pattern::~filter_pattern() = default;

std::expected<filter_pattern, std::string> filter_pattern::parse(std::string_view text) {
  auto root = parse_filter_ast(text);
  if (!root) return std::unexpected(root.error());
  filter_pattern out;
  out.text_ = std::string(text);
  out.root_ = std::move(*root);
  return out;
}

bool filter_pattern::matches(std::string_view message) const {
  if (!root_) return true;
  if (const auto* u = std::get_if<unstructured>(&root_->v_)) return eval_unstructured(*u, message);
  if (const auto* d = std::get_if<delimited>(&root_->v_)) return eval_delimited(*d, message);
  const json doc = json::parse(message, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !(doc.is_object() || doc.is_array())) return false;
  return eval_json(std::get<json_expr>(root_->v_), doc);
}

}  // namespace cwlog::detail

#pragma once
// CloudWatch Logs filter patterns, as FilterLogEvents, metric filters and
// subscription filters evaluate them. cwlog local uses this to answer
// FilterLogEvents / StartLiveTail the way the service does.
//
// Syntax (AWS CloudWatch Logs User Guide, "Filter pattern syntax for metric
// filters, subscription filters, filter log events, and Live Tail"):
//   unstructured   ERROR                 every term must appear (case-sensitive)
//                  "exact phrase"        quoted terms may hold spaces and symbols
//                  ?ERROR ?WARN          any of the ?terms appears
//                  ERROR -Throttled      terms that must not appear (needs a plain term)
//   JSON           { $.level = "ERROR" }, { $.latency > 100 }, { $.a.b[0] != "x*" }
//                  =  !=  (strings, with * wildcards; numbers)  <  <=  >  >=  (numbers)
//                  IS TRUE | IS FALSE | IS NULL | NOT EXISTS
//                  && and || (&& binds tighter), parentheses
//   space-delimited [ip, user, ..., status = 4*, size > 100]
//   regex          %ERROR [0-9]{3}% as a term or a value: the service's subset
//                  (no parentheses, no multi-byte characters, at most two per pattern)
// A message that is not a JSON object never matches a JSON pattern.
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cwlog::detail {

namespace filter_ast {
struct node;  // defined in filter_pattern.cpp
}

class filter_pattern {
 public:
  // An empty pattern: matches every message.
  filter_pattern();
  filter_pattern(const filter_pattern&);
  filter_pattern(filter_pattern&&) noexcept;
  filter_pattern& operator=(const filter_pattern&);
  filter_pattern& operator=(filter_pattern&&) noexcept;
  ~filter_pattern();

  // Parses CloudWatch Logs filter-pattern syntax; the error text says where
  // (character offset) and what is allowed there.
  static std::expected<filter_pattern, std::string> parse(std::string_view text);

  // True when `message` satisfies the pattern; an empty pattern matches everything.
  bool matches(std::string_view message) const;

  // The text the pattern was parsed from.
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<const filter_ast::node> root_;  // null = match everything; immutable, so shared
};

}  // namespace cwlog::detail

#pragma once
// Group and stream name templates: literal text with tokens in braces.
//
//   {tenant}            the record's tenant (a record without one cannot use
//                       this template: router skips the destination)
//   {component}         the logger name up to its first '.' ("api.http" -> "api")
//   {logger}            the full logger name
//   {level}             "trace" ... "critical"
//   {field.NAME}        the value of the record's field NAME (missing: skipped)
//   {host} {pid}        from render_context (the process, not the record)
//   {date:FMT}          the record's own timestamp in UTC, FMT made of %Y %m %d
//                       %H %j and the characters - _ . / #
//
// Every value token is encoded with encode_name_value (tenant_encoding.h), so
// a rendered name is a function of the values that is injective as long as
// two value tokens are never separated by encoded characters only. parse()
// enforces that rule (a "separator" from - . / # or a fixed-width date between
// them), checks literal characters, the "aws/" prefix of groups, and that the
// longest possible rendering fits in 512 characters.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <cwlog/record.h>

namespace cwlog::detail {

enum class template_kind { group, stream };

enum class token_kind { literal, tenant, component, logger, level, field, host, pid, date };

// What the process contributes to names.
struct render_context {
  std::string host;
  std::int64_t pid = 0;
};

class name_template {
 public:
  struct segment {
    token_kind kind = token_kind::literal;
    std::string text;  // literal: the text; field: NAME; date: FMT
  };

  // Throws cwlog::error ("<kind> template \"...\": what (allowed: ...)").
  static name_template parse(std::string_view text, template_kind kind);

  const std::string& text() const noexcept { return text_; }
  template_kind kind() const noexcept { return kind_; }
  const std::vector<segment>& segments() const noexcept { return segments_; }

  // No tokens at all: renders the same name for every record.
  bool is_static() const noexcept;
  // Uses {tenant} and nothing record- or time-dependent besides it (host/pid
  // allowed only for streams' sake: they are fixed per process).
  bool is_tenant_only() const noexcept;
  bool is_date_rotated() const noexcept { return uses(token_kind::date); }
  bool uses(token_kind kind) const noexcept;
  // Field names used by {field.NAME} tokens.
  std::vector<std::string> field_names() const;
  // The literal text before the first token (the whole text if static).
  std::string literal_prefix() const;
  // Upper bound of a rendered name's length (<= 512, checked by parse()).
  std::size_t max_rendered_length() const noexcept { return max_length_; }

  // Appends the name for a record to out. Returns false (out unspecified) if
  // the record lacks a value the template needs (tenant, field) or the result
  // is not a valid name.
  bool render_to(std::string& out, const cwlog::record_view& rec, const render_context& ctx) const;
  // Same; nullopt instead of false.
  std::optional<std::string> render(const cwlog::record_view& rec, const render_context& ctx) const;

 private:
  std::string text_;
  template_kind kind_ = template_kind::group;
  std::vector<segment> segments_;
  std::size_t max_length_ = 0;
};

const char* to_string(token_kind kind) noexcept;

}  // namespace cwlog::detail

#include "ship/format_plain.h"

#include <charconv>

#include "common/json_string.h"
#include "common/time_format.h"
#include "common/utf8.h"
#include "ship/format_json.h"

namespace cwlog::detail {
namespace {

void append_text(std::string& out, std::string_view s) {
  append_utf8_repaired(out, s);
}

}  // namespace

plain_formatter::plain_formatter(std::string_view pattern) : parts_(parse_plain_pattern(pattern)) {
  // Repaired once here, so that every message this formats is valid UTF-8
  // (the placeholders' values are repaired as they are appended).
  for (auto& p : parts_) {
    if (p.kind != pattern_part_kind::literal || is_valid_utf8(p.text)) continue;
    std::string repaired;
    append_utf8_repaired(repaired, p.text);
    p.text = std::move(repaired);
  }
}

void plain_formatter::format(const record_view& r, std::string& out) const {
  for (const auto& p : parts_) {
    switch (p.kind) {
      case pattern_part_kind::literal:
        out += p.text;
        break;
      case pattern_part_kind::time:
        append_iso8601_utc(out, r.timestamp_ns, 6);
        break;
      case pattern_part_kind::level:
        out += to_string(r.lvl);
        break;
      case pattern_part_kind::logger:
        append_text(out, r.logger);
        break;
      case pattern_part_kind::message:
        append_text(out, r.message);
        break;
      case pattern_part_kind::tenant:
        if (r.tenant) append_text(out, *r.tenant);
        break;
      case pattern_part_kind::file:
        append_text(out, r.source.file);
        break;
      case pattern_part_kind::line:
        if (!r.source.file.empty()) append_number(out, r.source.line);
        break;
      case pattern_part_kind::function:
        append_text(out, r.source.function);
        break;
      case pattern_part_kind::source:
        if (!r.source.file.empty()) {
          append_text(out, r.source.file);
          out += ':';
          append_number(out, r.source.line);
        }
        break;
      case pattern_part_kind::fields: {
        bool first = true;
        for (const auto& f : r.fields) {
          if (!first) out += ' ';
          first = false;
          append_text(out, f.key);
          out += '=';
          if (const auto* s = std::get_if<std::string_view>(&f.value)) {
            if (s->find_first_of(" \"\n\t") != std::string_view::npos)
              append_json_string(out, *s);
            else
              append_text(out, *s);
          } else if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
            append_number(out, *i);
          } else if (const auto* d = std::get_if<double>(&f.value)) {
            append_number(out, *d);
          } else if (const auto* u = std::get_if<std::uint64_t>(&f.value)) {
            append_number(out, *u);
          } else {
            out += std::get<bool>(f.value) ? "true" : "false";
          }
        }
        break;
      }
    }
  }
}

}  // namespace cwlog::detail

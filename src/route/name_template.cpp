#include "route/name_template.h"

#include <chrono>
#include <cstdio>
#include <string>

#include <cwlog/error.h>

#include "route/rules.h"
#include "route/tenant_encoding.h"

namespace cwlog::detail {
namespace {

const char* kind_name(template_kind kind) noexcept {
  return kind == template_kind::group ? "group" : "stream";
}

[[noreturn]] void fail(std::string_view text, template_kind kind, const std::string& what) {
  throw cwlog::error(std::string(kind_name(kind)) + " template \"" + std::string(text) + "\": " + what);
}

constexpr std::string_view token_list =
    "{tenant} {component} {logger} {level} {field.NAME} {host} {pid} {date:FMT}";
constexpr std::string_view date_separators = "-_./#";

bool is_literal_char(char c, template_kind kind) noexcept {
  if (c == '{' || c == '}') return false;
  if (kind == template_kind::group) return is_group_name_char(c);
  // Streams allow anything but ':' and '*'; we keep literals to printable
  // ASCII so names survive consoles, shells and JSON without surprises.
  return c >= 0x20 && c <= 0x7e && is_stream_name_char(c);
}

std::size_t date_spec_width(char spec) noexcept {
  switch (spec) {
    case 'Y':
      return 4;
    case 'm':
    case 'd':
    case 'H':
      return 2;
    case 'j':
      return 3;
    default:
      return 0;
  }
}

// Width of a rendered {date:FMT}; 0 if FMT is not allowed.
std::size_t date_width(std::string_view fmt) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] == '%') {
      if (i + 1 >= fmt.size()) return 0;
      const std::size_t w = date_spec_width(fmt[++i]);
      if (w == 0) return 0;
      width += w;
    } else if (date_separators.find(fmt[i]) != std::string_view::npos) {
      ++width;
    } else {
      return 0;
    }
  }
  return width;
}

// Upper bound of an encoded value per token (pid: int64 in decimal, a '-'
// escaped; level: "critical").
std::size_t max_value_length(token_kind kind) noexcept {
  switch (kind) {
    case token_kind::pid:
      return 22;
    case token_kind::level:
      return 8;
    default:
      return max_encoded_value_length;
  }
}

bool is_value_token(token_kind kind) noexcept {
  return kind != token_kind::literal && kind != token_kind::date;
}

// Could some rendering start with `need`? Value tokens render one or more
// characters of [a-z0-9_]; dates render digits and their separators.
bool can_start_with(const std::vector<name_template::segment>& segs, std::size_t seg, std::size_t off,
                    std::string_view need) {
  if (need.empty()) return true;
  if (seg >= segs.size()) return false;
  const auto& s = segs[seg];
  if (s.kind == token_kind::literal) {
    if (off >= s.text.size()) return can_start_with(segs, seg + 1, 0, need);
    const char c = s.text[off];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return lower == need.front() && can_start_with(segs, seg, off + 1, need.substr(1));
  }
  if (s.kind == token_kind::date) {
    std::string digits_or_seps;
    for (std::size_t i = 0; i < s.text.size(); ++i) {
      if (s.text[i] == '%') {
        digits_or_seps.append(date_spec_width(s.text[++i]), '0');
      } else {
        digits_or_seps += s.text[i];
      }
    }
    for (std::size_t i = 0; i < digits_or_seps.size() && !need.empty(); ++i) {
      const char c = digits_or_seps[i];
      if (c == '0' ? !(need.front() >= '0' && need.front() <= '9') : c != need.front()) return false;
      need.remove_prefix(1);
    }
    return can_start_with(segs, seg + 1, 0, need);
  }
  for (std::size_t k = 1; k <= need.size(); ++k) {
    if (!is_encoded_char(need[k - 1])) return false;
    if (k == need.size() || can_start_with(segs, seg + 1, 0, need.substr(k))) return true;
  }
  return false;
}

name_template::segment parse_token(std::string_view text, template_kind kind, std::string_view body) {
  using seg = name_template::segment;
  if (body == "tenant") return seg{token_kind::tenant, {}};
  if (body == "component") return seg{token_kind::component, {}};
  if (body == "logger") return seg{token_kind::logger, {}};
  if (body == "level") return seg{token_kind::level, {}};
  if (body == "host") return seg{token_kind::host, {}};
  if (body == "pid") return seg{token_kind::pid, {}};
  if (body.starts_with("field.")) {
    const auto name = body.substr(6);
    if (name.empty()) fail(text, kind, "{field.} needs a field name (allowed: {field.NAME})");
    return seg{token_kind::field, std::string(name)};
  }
  if (body.starts_with("date:")) {
    const auto fmt = body.substr(5);
    if (fmt.empty() || date_width(fmt) == 0) {
      fail(text, kind,
           "bad date format \"" + std::string(fmt) +
               "\" (allowed: %Y %m %d %H %j and the characters - _ . / #, e.g. {date:%Y-%m})");
    }
    return seg{token_kind::date, std::string(fmt)};
  }
  fail(text, kind, "unknown token {" + std::string(body) + "} (allowed: " + std::string(token_list) + ")");
}

void append_padded(std::string& out, long long value, int width) {
  char buf[24];
  const int n = std::snprintf(buf, sizeof buf, "%0*lld", width, value);
  out.append(buf, static_cast<std::size_t>(n));
}

bool append_date(std::string& out, std::string_view fmt, std::int64_t timestamp_ns) {
  using namespace std::chrono;
  // Floor (not truncate) so instants before 1970 land in the right period.
  const auto ns = nanoseconds{timestamp_ns};
  const auto secs = floor<seconds>(sys_time<nanoseconds>{ns});
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) return false;
  const auto hour = duration_cast<hours>(secs - day).count();
  const auto yday = (day - sys_days{ymd.year() / January / 1}).count() + 1;
  for (std::size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    switch (fmt[++i]) {
      case 'Y':
        append_padded(out, y, 4);
        break;
      case 'm':
        append_padded(out, static_cast<unsigned>(ymd.month()), 2);
        break;
      case 'd':
        append_padded(out, static_cast<unsigned>(ymd.day()), 2);
        break;
      case 'H':
        append_padded(out, hour, 2);
        break;
      case 'j':
        append_padded(out, yday, 3);
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

const char* to_string(token_kind kind) noexcept {
  switch (kind) {
    case token_kind::literal:
      return "literal";
    case token_kind::tenant:
      return "tenant";
    case token_kind::component:
      return "component";
    case token_kind::logger:
      return "logger";
    case token_kind::level:
      return "level";
    case token_kind::field:
      return "field";
    case token_kind::host:
      return "host";
    case token_kind::pid:
      return "pid";
    case token_kind::date:
      return "date";
  }
  return "unknown";
}

name_template name_template::parse(std::string_view text, template_kind kind) {
  name_template t;
  t.text_ = std::string(text);
  t.kind_ = kind;
  if (text.empty()) fail(text, kind, "empty (allowed: 1-512 characters, literals and tokens)");
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{') {
      const auto close = text.find('}', i + 1);
      if (close == std::string_view::npos)
        fail(text, kind, "'{' at offset " + std::to_string(i) + " is never closed");
      t.segments_.push_back(parse_token(text, kind, text.substr(i + 1, close - i - 1)));
      i = close + 1;
      continue;
    }
    if (!is_literal_char(c, kind)) {
      char shown[8];
      std::snprintf(shown, sizeof shown, (c >= 0x20 && c <= 0x7e) ? "'%c'" : "0x%02x",
                    static_cast<unsigned char>(c));
      fail(text, kind,
           std::string("character ") + shown + " at offset " + std::to_string(i) +
               (kind == template_kind::group ? " (allowed in group names: A-Z a-z 0-9 . - _ / #)"
                                             : " (allowed in stream names: printable ASCII except : * { })"));
    }
    if (t.segments_.empty() || t.segments_.back().kind != token_kind::literal) {
      t.segments_.push_back(segment{token_kind::literal, {}});
    }
    t.segments_.back().text += c;
    ++i;
  }

  // Separator rule: between two value tokens there must be a character an
  // encoded value never contains, so each value can be cut back out of the
  // name (this is what makes (tenant, component) -> name injective).
  const segment* open_value = nullptr;
  bool separated = true;
  for (const auto& s : t.segments_) {
    if (!is_value_token(s.kind)) {
      // In a date format, "%Y" renders digits: only its literal characters
      // can separate.
      const bool is_date = s.kind == token_kind::date;
      for (std::size_t k = 0; k < s.text.size(); ++k) {
        if (is_date && s.text[k] == '%') {
          ++k;
          continue;
        }
        // Letters are folded: "X" must not separate where names might be
        // compared case-insensitively ("aXxb" vs "axXb").
        const char c = s.text[k];
        const char folded = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (!is_encoded_char(folded)) separated = true;
      }
      continue;
    }
    if (open_value != nullptr && !separated) {
      fail(text, kind,
           "{" + std::string(to_string(open_value->kind)) + "} and {" + to_string(s.kind) +
               "} are not separated, so two different value pairs could give the same name (allowed: put one "
               "of - . / # between them)");
    }
    open_value = &s;
    separated = false;
  }

  std::size_t max_len = 0;
  for (const auto& s : t.segments_) {
    if (s.kind == token_kind::literal)
      max_len += s.text.size();
    else if (s.kind == token_kind::date)
      max_len += date_width(s.text);
    else
      max_len += max_value_length(s.kind);
  }
  if (max_len > max_name_length) {
    fail(text, kind,
         "can render up to " + std::to_string(max_len) +
             " characters (allowed: at most 512; each value token " + "takes up to " +
             std::to_string(max_encoded_value_length) + ")");
  }
  t.max_length_ = max_len;
  if (kind == template_kind::group && can_start_with(t.segments_, 0, 0, reserved_group_prefix)) {
    fail(text, kind,
         "names could start with \"aws/\", which AWS reserves (allowed: start with a literal such as "
         "\"app-\")");
  }
  return t;
}

bool name_template::is_static() const noexcept {
  for (const auto& s : segments_) {
    if (s.kind != token_kind::literal) return false;
  }
  return true;
}

bool name_template::is_tenant_only() const noexcept {
  bool tenant = false;
  for (const auto& s : segments_) {
    if (s.kind == token_kind::tenant)
      tenant = true;
    else if (s.kind != token_kind::literal && s.kind != token_kind::host && s.kind != token_kind::pid)
      return false;
  }
  return tenant;
}

bool name_template::uses(token_kind kind) const noexcept {
  for (const auto& s : segments_) {
    if (s.kind == kind) return true;
  }
  return false;
}

std::vector<std::string> name_template::field_names() const {
  std::vector<std::string> names;
  for (const auto& s : segments_) {
    if (s.kind == token_kind::field) names.push_back(s.text);
  }
  return names;
}

std::string name_template::literal_prefix() const {
  return !segments_.empty() && segments_.front().kind == token_kind::literal ? segments_.front().text
                                                                             : std::string{};
}

bool name_template::render_to(std::string& out, const cwlog::record_view& rec,
                              const render_context& ctx) const {
  const std::size_t start = out.size();
  for (const auto& s : segments_) {
    switch (s.kind) {
      case token_kind::literal:
        out += s.text;
        break;
      case token_kind::tenant:
        if (!rec.tenant) return false;
        append_encoded_name_value(out, *rec.tenant);
        break;
      case token_kind::component:
        append_encoded_name_value(out, rec.logger.substr(0, rec.logger.find('.')));
        break;
      case token_kind::logger:
        append_encoded_name_value(out, rec.logger);
        break;
      case token_kind::level:
        append_encoded_name_value(out, cwlog::to_string(rec.lvl));
        break;
      case token_kind::field: {
        const auto* f = find_field(rec, s.text);
        if (f == nullptr) return false;
        append_encoded_name_value(out, field_text(f->value));
        break;
      }
      case token_kind::host:
        append_encoded_name_value(out, ctx.host);
        break;
      case token_kind::pid:
        append_encoded_name_value(out, std::to_string(ctx.pid));
        break;
      case token_kind::date:
        if (!append_date(out, s.text, rec.timestamp_ns)) return false;
        break;
    }
  }
  const std::string_view name = std::string_view(out).substr(start);
  return kind_ == template_kind::group ? is_valid_group_name(name) : is_valid_stream_name(name);
}

std::optional<std::string> name_template::render(const cwlog::record_view& rec,
                                                 const render_context& ctx) const {
  std::string out;
  if (!render_to(out, rec, ctx)) return std::nullopt;
  return out;
}

}  // namespace cwlog::detail

#include "terraform/hcl_writer.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include <cwlog/error.h>

namespace cwlog::detail {
namespace {

// Decodes one UTF-8 code point at text[i]; returns its length or 0 when invalid.
std::size_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0Fu;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07u;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  // Reject overlong forms, surrogates and values past U+10FFFF.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  const auto first = static_cast<unsigned char>(text[0]);
  if (!std::isalpha(first) && first != '_') return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string hcl_writer::escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = decode_utf8(text, i, cp);
    if (len == 0)
      throw cwlog::error("terraform: a name or value is not valid UTF-8 and cannot be written to HCL");
    const char c = text[i];
    char buf[16];
    if (cp == '"') {
      out += "\\\"";
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') {
      out += c;  // "$${" and "%%{" are the literal "${" and "%{"
      out += c;
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
    } else if (cp >= 0x80 && cp <= 0xFFFF) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
      out += buf;
    } else if (cp > 0xFFFF) {
      std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(cp));
      out += buf;
    } else {
      out += c;
    }
    i += len;
  }
  return out;
}

std::string hcl_writer::quote(std::string_view text) {
  return "\"" + escape(text) + "\"";
}

std::string hcl_writer::key(std::string_view text) {
  return is_identifier(text) ? std::string(text) : quote(text);
}

void hcl_writer::push(std::string lead) {
  lines_.push_back(line{depth_, std::move(lead), {}, false});
}

void hcl_writer::comment(std::string_view text) {
  std::size_t start = 0;
  while (true) {
    const auto end = text.find('\n', start);
    const auto part =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    push(part.empty() ? "#" : "# " + std::string(part));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

void hcl_writer::blank_line() {
  lines_.push_back(line{0, {}, {}, false});
}

void hcl_writer::begin_block(std::string_view type, const std::vector<std::string>& labels) {
  std::string text(type);
  for (const auto& label : labels) text += " " + quote(label);
  push(text + " {");
  ++depth_;
}

void hcl_writer::end_block() {
  close("}");
}

void hcl_writer::attribute(std::string_view key_text, std::string_view expression) {
  lines_.push_back(line{depth_, std::string(key_text), std::string(expression), true});
}

void hcl_writer::begin_attribute(std::string_view key_text, std::string_view opener) {
  push(std::string(key_text) + " = " + std::string(opener));
  ++depth_;
}

void hcl_writer::item(std::string_view expression) {
  push(std::string(expression) + ",");
}

void hcl_writer::begin_item(std::string_view opener) {
  push(std::string(opener));
  ++depth_;
}

void hcl_writer::close(std::string_view closer) {
  if (depth_ == 0) throw cwlog::error("hcl_writer: close() without an open bracket");
  --depth_;
  // An empty block is written "name {}" on one line, as in the provider docs.
  if (closer == "}" && !lines_.empty() && !lines_.back().aligned && lines_.back().depth == depth_ &&
      lines_.back().lead.ends_with(" {") && lines_.back().lead.find(" = ") == std::string::npos) {
    lines_.back().lead += "}";
    return;
  }
  push(std::string(closer));
}

std::string hcl_writer::str() const {
  if (depth_ != 0) throw cwlog::error("hcl_writer: unclosed bracket or block");
  // Width of the key column for each run of consecutive aligned lines.
  std::vector<std::size_t> width(lines_.size(), 0);
  for (std::size_t i = 0; i < lines_.size();) {
    if (!lines_[i].aligned) {
      ++i;
      continue;
    }
    std::size_t j = i, widest = 0;
    while (j < lines_.size() && lines_[j].aligned && lines_[j].depth == lines_[i].depth) {
      widest = std::max(widest, lines_[j].lead.size());
      ++j;
    }
    for (std::size_t k = i; k < j; ++k) width[k] = widest;
    i = j;
  }
  std::string out;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const auto& l = lines_[i];
    if (l.lead.empty() && !l.aligned) {
      out += '\n';
      continue;
    }
    out.append(static_cast<std::size_t>(l.depth) * 2, ' ');
    out += l.lead;
    if (l.aligned) {
      out.append(width[i] - l.lead.size(), ' ');
      out += " = ";
      out += l.value;
    }
    out += '\n';
  }
  return out;
}

}  // namespace cwlog::detail

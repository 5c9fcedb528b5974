#include "http/transport.h"

#include <algorithm>

namespace cwlog::detail {

bool header_name_equals(std::string_view a, std::string_view b) noexcept {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view find_header(const std::vector<http_header>& headers, std::string_view name) noexcept {
  for (const auto& h : headers)
    if (header_name_equals(h.name, name)) return h.value;
  return {};
}

bool has_header(const std::vector<http_header>& headers, std::string_view name) noexcept {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const http_header& h) { return header_name_equals(h.name, name); });
}

std::size_t body_size(const http_request& request) noexcept {
  std::size_t n = request.body.size();
  for (const auto piece : request.body_pieces) n += piece.size();
  return n;
}

std::string whole_body(const http_request& request) {
  std::string out;
  out.reserve(body_size(request));
  out += request.body;
  for (const auto piece : request.body_pieces) out += piece;
  return out;
}

std::string_view http_response::header(std::string_view name) const {
  return find_header(headers, name);
}

}  // namespace cwlog::detail

#include "http/transport.h"

#include <algorithm>

namespace cwlog::detail {

std::string_view http_response::header(std::string_view name) const {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  for (const auto& h : headers) {
    if (h.name.size() == name.size() && std::equal(h.name.begin(), h.name.end(), name.begin(),
                                                   [&](char a, char b) { return lower(a) == lower(b); })) {
      return h.value;
    }
  }
  return {};
}

}  // namespace cwlog::detail

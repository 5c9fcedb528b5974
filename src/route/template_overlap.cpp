#include "route/template_overlap.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "route/tenant_encoding.h"

namespace cwlog::detail {
namespace {

// One position-consuming element of a template.
struct atom {
  enum kind_t : std::uint8_t { literal, digit, value } kind;
  char ch;  // literal only, lower-cased
};

char fold(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::vector<atom> atoms_of(const name_template& t) {
  std::vector<atom> out;
  for (const auto& s : t.segments()) {
    if (s.kind == token_kind::literal) {
      for (const char c : s.text) out.push_back({atom::literal, fold(c)});
    } else if (s.kind == token_kind::date) {
      for (std::size_t i = 0; i < s.text.size(); ++i) {
        if (s.text[i] != '%') {
          out.push_back({atom::literal, s.text[i]});
          continue;
        }
        const char spec = s.text[++i];
        const int width = spec == 'Y' ? 4 : spec == 'j' ? 3 : 2;
        for (int k = 0; k < width; ++k) out.push_back({atom::digit, 0});
      }
    } else {
      out.push_back({atom::value, 0});
    }
  }
  return out;
}

// A state is "before atom k" (2k) or "inside value atom k, one char read"
// (2k+1). Inside a value atom one may also move on (epsilon to 2k+2).
using state = std::uint32_t;

// The states reachable from s without reading (epsilon closure).
void close(state s, std::vector<state>& out) {
  out.push_back(s);
  while (s % 2 == 1) {  // inside value atom k: may leave it
    s = s + 1;          // before atom k+1
    out.push_back(s);
  }
}

void step(const std::vector<atom>& a, state s, char c, std::vector<state>& out) {
  const std::size_t k = s / 2;
  if (s % 2 == 1) {
    if (is_encoded_char(c)) out.push_back(s);  // stay inside the value
    return;
  }
  if (k >= a.size()) return;
  switch (a[k].kind) {
    case atom::literal:
      if (a[k].ch == c) out.push_back(static_cast<state>(2 * (k + 1)));
      break;
    case atom::digit:
      if (c >= '0' && c <= '9') out.push_back(static_cast<state>(2 * (k + 1)));
      break;
    case atom::value:
      if (is_encoded_char(c)) out.push_back(static_cast<state>(2 * k + 1));
      break;
  }
}

bool accepting(const std::vector<atom>& a, state s) {
  return s == 2 * a.size() || (s % 2 == 1 && s / 2 + 1 == a.size());
}

// The literal characters a template's names all start (or end) with, folded.
std::string fixed_end(const std::vector<atom>& a, bool from_back) {
  std::string out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[from_back ? a.size() - 1 - i : i];
    if (x.kind != atom::literal) break;
    out += x.ch;
  }
  return out;
}

bool compatible(std::string_view x, std::string_view y) {
  const auto n = std::min(x.size(), y.size());
  return x.substr(0, n) == y.substr(0, n);
}

}  // namespace

std::optional<std::string> find_common_name(const name_template& ta, const name_template& tb) {
  const auto a = atoms_of(ta);
  const auto b = atoms_of(tb);
  // Cheap refusals first, so configs with many destinations stay fast to
  // load: names that must start (or end) differently never meet.
  if (!compatible(fixed_end(a, false), fixed_end(b, false)) ||
      !compatible(fixed_end(a, true), fixed_end(b, true))) {
    return std::nullopt;
  }
  // Every character either side could produce (literals are folded already).
  std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_";
  for (const auto* atoms : {&a, &b}) {
    for (const auto& x : *atoms) {
      if (x.kind == atom::literal && alphabet.find(x.ch) == std::string::npos) alphabet += x.ch;
    }
  }
  using pair_key = std::uint64_t;
  auto key = [](state x, state y) { return (static_cast<pair_key>(x) << 32) | y; };
  struct visit {
    pair_key parent;
    char via;
  };
  std::unordered_map<pair_key, visit> seen;
  std::deque<pair_key> queue;
  std::vector<state> ca, cb;
  close(0, ca);
  close(0, cb);
  for (const auto x : ca) {
    for (const auto y : cb) {
      if (seen.emplace(key(x, y), visit{key(x, y), 0}).second) queue.push_back(key(x, y));
    }
  }
  std::vector<state> na, nb, closed_a, closed_b;
  while (!queue.empty()) {
    const pair_key cur = queue.front();
    queue.pop_front();
    const auto x = static_cast<state>(cur >> 32);
    const auto y = static_cast<state>(cur & 0xffffffffu);
    if (accepting(a, x) && accepting(b, y)) {
      std::string name;
      for (pair_key k = cur; seen.at(k).via != 0; k = seen.at(k).parent) name += seen.at(k).via;
      std::reverse(name.begin(), name.end());
      if (!name.empty()) return name;
    }
    for (const char c : alphabet) {
      na.clear();
      nb.clear();
      step(a, x, c, na);
      if (na.empty()) continue;
      step(b, y, c, nb);
      if (nb.empty()) continue;
      closed_a.clear();
      closed_b.clear();
      for (const auto s : na) close(s, closed_a);
      for (const auto s : nb) close(s, closed_b);
      for (const auto nx : closed_a) {
        for (const auto ny : closed_b) {
          if (seen.emplace(key(nx, ny), visit{cur, c}).second) queue.push_back(key(nx, ny));
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace cwlog::detail

namespace cwlog::detail {

std::vector<isolation_problem> find_isolation_problems(const std::vector<destination_templates>& ds) {
  std::vector<isolation_problem> out;
  for (std::size_t i = 0; i < ds.size(); ++i) {
    for (std::size_t j = i + 1; j < ds.size(); ++j) {
      const auto& a = ds[i];
      const auto& b = ds[j];
      const std::string pair = "destinations \"" + a.name + "\" and \"" + b.name + "\"";
      const bool same_group = a.group->text() == b.group->text();
      // The same template is the same function of the tenant: no mixing.
      const bool group_tenant = a.group->uses(token_kind::tenant) || b.group->uses(token_kind::tenant);
      if (!same_group && group_tenant) {
        if (const auto name = find_common_name(*a.group, *b.group)) {
          out.push_back(
              {i, j,
               pair + ": group templates \"" + a.group->text() + "\" and \"" + b.group->text() +
                   "\" can both produce \"" + *name +
                   "\", so a tenant's group could receive other records (allowed: templates that cannot "
                   "produce the same name, e.g. shared groups outside the per-tenant prefix such as "
                   "app-errors next to app-customer-{tenant})"});
          continue;
        }
      }
      const bool stream_tenant = a.stream->uses(token_kind::tenant) || b.stream->uses(token_kind::tenant);
      if (stream_tenant && a.stream->text() != b.stream->text() &&
          (same_group || find_common_name(*a.group, *b.group))) {
        if (const auto name = find_common_name(*a.stream, *b.stream)) {
          out.push_back(
              {i, j,
               pair + ": they can share a group and their stream templates \"" + a.stream->text() +
                   "\" and \"" + b.stream->text() + "\" can both produce \"" + *name +
                   "\", so a tenant's stream could receive other records (allowed: stream templates "
                   "that cannot produce the same name)"});
        }
      }
    }
  }
  return out;
}

}  // namespace cwlog::detail

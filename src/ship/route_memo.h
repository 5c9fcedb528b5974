#pragma once
// Routes reused within one slice of the dispatcher's pass. When the router
// reads nothing of a record but its logger name, level and tenant
// (router::routes_by_logger_level_tenant: no rule tests a field, no template
// uses a field or the date), records alike in those three go where the
// first of them went: the same destinations, the same staged targets. The
// rules, the names' rendering and checks, and the match against the staged
// targets were ≈ 15 % of the dispatcher's time with a handful of loggers.
// Staged targets live for a slice, so the memo is cleared with them.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cwlog/record.h>

#include "route/router.h"

namespace cwlog::detail {

class route_memo {
 public:
  struct route {
    route_outcome outcome = route_outcome::no_destination;
    // (destination index, staged target index) per copy, in the router's order.
    std::vector<std::pair<std::size_t, std::size_t>> targets;
  };

  // At most this many routes a slice: a few loggers and tenants cover most
  // records, and a miss costs a comparison each.
  static constexpr std::size_t capacity = 16;

  // The remembered route of records like r, or null. Once the memo is full
  // and most lookups miss (many tenants or loggers in one slice), it stops
  // looking for the rest of the slice: a miss costs a comparison per route.
  const route* find(const record_view& r, bool emf) noexcept {
    if (size_ == capacity && lookups_ >= 64 && hits_ < lookups_ / 4) return nullptr;
    ++lookups_;
    for (std::size_t i = 0; i < size_; ++i) {
      const entry& e = entries_[i];
      if (e.lvl == r.lvl && e.emf == emf && e.has_tenant == r.tenant.has_value() && e.logger == r.logger &&
          (!r.tenant || e.tenant == *r.tenant)) {
        ++hits_;
        return &e.value;
      }
    }
    return nullptr;
  }

  // Remembers the route of records like r (nothing once full).
  void remember(const record_view& r, bool emf, const route& value) {
    if (size_ == capacity) return;
    if (size_ == entries_.size()) entries_.emplace_back();
    entry& e = entries_[size_++];  // reused: its strings keep their capacity
    e.logger.assign(r.logger);
    e.has_tenant = r.tenant.has_value();
    e.tenant.assign(r.tenant ? *r.tenant : std::string_view{});
    e.lvl = r.lvl;
    e.emf = emf;
    e.value.outcome = value.outcome;
    e.value.targets.assign(value.targets.begin(), value.targets.end());
  }

  void clear() noexcept { size_ = lookups_ = hits_ = 0; }

 private:
  struct entry {
    std::string logger;
    std::string tenant;
    bool has_tenant = false;
    level lvl = level::info;
    bool emf = false;
    route value;
  };
  std::vector<entry> entries_;
  std::size_t size_ = 0;
  std::size_t lookups_ = 0;  // this slice's
  std::size_t hits_ = 0;
};

}  // namespace cwlog::detail

#pragma once
// Context carried by records without being passed at each call:
//   - a logger's bound fields (logger::bind, logger.h), and
//   - a context_scope: fields for every record logged on this thread while it
//     lives, whatever logs it (cwlog::logger, shipper::log, the spdlog sink),
//     like spdlog's MDC or loguru's contextualize().
// On a key present more than once, the call's field wins over the logger's
// bound field, which wins over the scope's.
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include <cwlog/export.h>
#include <cwlog/record.h>

namespace cwlog {
namespace detail {

// Fields that own their keys and string values; views are rebuilt whenever
// the strings may have moved, so view() always points into this object.
class owned_fields {
 public:
  owned_fields() = default;
  owned_fields(const owned_fields& other) { assign(other); }
  owned_fields& operator=(const owned_fields& other) {
    if (this != &other) assign(other);
    return *this;
  }
  // A moved vector keeps its elements (and their strings) where they were.
  owned_fields(owned_fields&&) noexcept = default;
  owned_fields& operator=(owned_fields&&) noexcept = default;

  // Adds each field, replacing an earlier one with the same key.
  void set(std::span<const field_view> fields) {
    for (const auto& f : fields) {
      entry e{std::string(f.key), {}, f.value};
      if (const auto* s = std::get_if<std::string_view>(&f.value)) e.text = std::string(*s);
      bool replaced = false;
      for (auto& old : entries_) {
        if (old.key == e.key) {
          old = std::move(e);
          replaced = true;
          break;
        }
      }
      if (!replaced) entries_.push_back(std::move(e));
    }
    rebuild();
  }
  std::span<const field_view> view() const noexcept { return views_; }

 private:
  struct entry {
    std::string key;
    std::string text;   // a string value's bytes
    field_value value;  // a string value's view is re-pointed at text
  };
  void assign(const owned_fields& other) {
    entries_ = other.entries_;
    rebuild();
  }
  void rebuild() {
    views_.clear();
    views_.reserve(entries_.size());
    for (const auto& e : entries_) {
      field_view v;
      v.key = e.key;
      v.value =
          std::holds_alternative<std::string_view>(e.value) ? field_value(std::string_view(e.text)) : e.value;
      views_.push_back(v);
    }
  }
  std::vector<entry> entries_;
  std::vector<field_view> views_;
};

}  // namespace detail

// Adds fields to every record logged on the creating thread while it lives.
// Scopes nest (an inner scope sees the outer one's fields, and may replace
// them by key); the destructor restores the outer scope. The fields are
// copied at construction, so the values may be temporaries. A scope belongs
// to its thread, so it can be neither copied nor moved.
//   cwlog::context_scope ctx({{"request_id", id}, {"agent", name}});
class CWLOG_API context_scope {
 public:
  explicit context_scope(std::initializer_list<field_view> fields);
  ~context_scope();
  context_scope(const context_scope&) = delete;
  context_scope& operator=(const context_scope&) = delete;
  context_scope(context_scope&&) = delete;
  context_scope& operator=(context_scope&&) = delete;

  // This scope's fields, the outer scopes' included.
  std::span<const field_view> fields() const noexcept { return fields_.view(); }

 private:
  detail::owned_fields fields_;
  const context_scope* previous_;
};

// The fields of the calling thread's innermost context_scope (empty when none).
// Valid while that scope lives.
CWLOG_API std::span<const field_view> current_context() noexcept;

}  // namespace cwlog

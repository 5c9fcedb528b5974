#pragma once
// The shipper's table of fixed destinations (cwlog/destination.h): (group,
// stream) pairs named by the caller, validated once when opened, then looked
// up by id on the dispatcher thread for every record logged to them. Entries
// live as long as the shipper (a handle may be kept anywhere); the batching
// state per (group, stream) still expires with idle_destination_ttl like a
// routed destination's.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <cwlog/options.h>

#include "ship/format_plain.h"

namespace cwlog::detail {

struct fixed_destination {
  cwlog::destination_options opts;         // group and stream are the literal names
  std::unique_ptr<plain_formatter> plain;  // null: JSON
};

// Throws cwlog::error naming the problem and what is allowed.
void check_fixed_names(const std::string& group, const std::string& stream);

class fixed_destination_table {
 public:
  // Validates (names, retention, KMS key, tags, class, pattern) and returns the
  // destination's id (>= 1); the same id for a (group, stream) opened before.
  // Throws cwlog::error when invalid or when the group was opened with other
  // group options. Thread-safe.
  std::uint32_t open(const cwlog::destination_options& d);
  // Null for an id this table did not issue. Thread-safe; the pointer stays
  // valid for the table's lifetime.
  const fixed_destination* find(std::uint32_t id) const;

 private:
  mutable std::mutex mu_;
  std::deque<fixed_destination> entries_;          // id - 1; never erased, so pointers stay valid
  std::map<std::string, std::uint32_t> by_name_;   // group '\n' stream -> id
  std::map<std::string, std::uint32_t> by_group_;  // group -> the id whose group options apply
};

}  // namespace cwlog::detail

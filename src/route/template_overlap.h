#pragma once
// Can two different templates produce the same name? The encoding makes each
// template injective on its own (docs/tenant-names.md); this closes the gap
// between templates, where `app-customer-{tenant}` and `app-customer-{field.c}`
// (or a static `app-customer-errors`) could put one tenant's records, or
// anybody's, into another tenant's group. The router refuses such options.
//
// A template is read as a regular language: literals are themselves, a value
// token is [a-z0-9_]+ (a superset of what the encoding produces, so the check
// errs on the side of refusing), a date is digits and its separators. Letters
// are compared case-insensitively, in case some tool compares names that way.
// Two languages intersect iff a breadth-first search over pairs of positions
// reaches both ends; the path found is an example name for the message.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "route/name_template.h"

namespace cwlog::detail {

// A name both templates can render, or nullopt if there is none.
std::optional<std::string> find_common_name(const name_template& a, const name_template& b);

struct destination_templates {
  std::string name;
  const name_template* group;
  const name_template* stream;
};

struct isolation_problem {
  std::size_t first;   // index of the earlier destination
  std::size_t second;  // index of the later one (where config files report it)
  std::string message;
};

// Pairs of destinations whose templates could put one tenant's records, or
// anybody else's, into another tenant's group or stream.
std::vector<isolation_problem> find_isolation_problems(const std::vector<destination_templates>& ds);

}  // namespace cwlog::detail

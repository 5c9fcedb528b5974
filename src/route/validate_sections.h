#pragma once
// The parts of validate() (validate_options.h), one per area of the options;
// private to validate_options.cpp and validate_routing.cpp.
#include <string>
#include <utility>
#include <vector>

#include <cwlog/options.h>

#include "route/validate_options.h"

namespace cwlog::detail {

struct problem_list {
  std::vector<options_problem> list;
  void add(field_path at, std::string message, bool at_key = false) {
    list.push_back({std::move(at), std::move(message), at_key});
  }
};

void validate_destinations(const std::vector<cwlog::destination_options>& ds, problem_list& out);
// Rules and the default destination (which refer to destinations by name).
void validate_routes(const cwlog::options& opts, problem_list& out);
// The metrics section (config_metrics.cpp): destination references, intervals.
void validate_metrics(const cwlog::options& opts, problem_list& out);

}  // namespace cwlog::detail

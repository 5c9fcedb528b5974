#pragma once
// The sections of the YAML config (docs/config.md), each read into its part of
// cwlog::options with position-aware diagnostics. config_load.cpp ties them
// together.
#include <yaml-cpp/yaml.h>

#include <cwlog/options.h>

#include "route/yaml_reader.h"

namespace cwlog::detail {

void read_aws(yaml_reader& r, const YAML::Node& n, cwlog::aws_options& out);
void read_shipping(yaml_reader& r, const YAML::Node& n, cwlog::shipping_options& out);
void read_destinations(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::destination_options>& out);
// Needs the destinations to check references.
void read_routes(yaml_reader& r, const YAML::Node& n,
                 const std::vector<cwlog::destination_options>& destinations,
                 std::vector<cwlog::route_rule>& out);
// Reports `name` at `at` if it is not one of the destinations.
void check_destination_reference(yaml_reader& r, const YAML::Node& at, const std::string& name,
                                 const std::vector<cwlog::destination_options>& destinations);

}  // namespace cwlog::detail

#pragma once
// The sections of the YAML config (docs/config.md), each read into its part of
// cwlog::options with position-aware diagnostics for keys and types.
// config_load.cpp ties them together and runs validate() on the result.
#include <yaml-cpp/yaml.h>

#include <cwlog/options.h>

#include "route/yaml_reader.h"

namespace cwlog::detail {

void read_aws(yaml_reader& r, const YAML::Node& n, cwlog::aws_options& out);
void read_shipping(yaml_reader& r, const YAML::Node& n, cwlog::shipping_options& out);
void read_destinations(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::destination_options>& out);
void read_routes(yaml_reader& r, const YAML::Node& n, std::vector<cwlog::route_rule>& out);
void read_metrics(yaml_reader& r, const YAML::Node& n, cwlog::metrics_options& out);  // config_metrics.cpp

}  // namespace cwlog::detail

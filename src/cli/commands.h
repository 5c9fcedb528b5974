#pragma once
// Each subcommand lives in its own file and registers itself on the app.
// Exit codes (documented in README.md, "CLI reference"):
#include <CLI/CLI.hpp>

namespace cwlog::cli {

enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1,      // the command ran and failed (service error, I/O error)
  exit_usage = 2,        // bad arguments or an invalid config file
  exit_partial = 3,      // ship: some records could not be delivered (counted, reported)
  exit_unreachable = 4,  // the endpoint could not be reached / credentials not found
};

// Each add_*_command adds a subcommand whose callback sets `result`.
void add_version_command(CLI::App& app, int& result);
void add_config_command(CLI::App& app, int& result);       // cwlog config check FILE
void add_tenant_name_command(CLI::App& app, int& result);  // cwlog tenant-name [--config F] ID...
void add_terraform_command(CLI::App& app, int& result);    // cwlog terraform --config F --out DIR
void add_iam_policy_command(CLI::App& app, int& result);   // cwlog iam-policy --config F --account-id A
void add_local_command(CLI::App& app, int& result);
void add_ship_command(CLI::App& app, int& result);    // cwlog ship [--config F] [--group G] [FILE...|-]
void add_tail_command(CLI::App& app, int& result);    // cwlog tail GROUP [--follow] [--since 10m]
void add_groups_command(CLI::App& app, int& result);  // cwlog groups [PREFIX]
void add_streams_command(CLI::App& app,
                         int& result);  // cwlog streams GROUP       // cwlog local [--port N] [--db F] ...

}  // namespace cwlog::cli

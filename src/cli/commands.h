#pragma once
// Each subcommand lives in its own file and registers itself on the app.
// Exit codes (documented in README.md, "CLI reference"):
#include <CLI/CLI.hpp>

namespace cwlog::cli {

enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1,        // the command ran and failed (service error, I/O error)
  exit_usage = 2,          // bad arguments or an invalid config file
  exit_partial = 3,        // ship: some records could not be delivered (counted, reported)
  exit_unreachable = 4,    // the endpoint could not be reached / credentials not found
};

// Each add_*_command adds a subcommand whose callback sets `result`.
void add_version_command(CLI::App& app, int& result);

}  // namespace cwlog::cli

// cwlog — ship logs to CloudWatch Logs, inspect them, and generate the
// infrastructure they need. One file per subcommand; see commands.h.
#include <cstdio>
#include <exception>

#include <cwlog/error.h>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"cwlog: logs of distributed services into AWS CloudWatch Logs", "cwlog"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  int result = cwlog::cli::exit_ok;
  cwlog::cli::add_ship_command(app, result);
  cwlog::cli::add_tail_command(app, result);
  cwlog::cli::add_groups_command(app, result);
  cwlog::cli::add_streams_command(app, result);
  cwlog::cli::add_version_command(app, result);
  cwlog::cli::add_config_command(app, result);
  cwlog::cli::add_tenant_name_command(app, result);
  cwlog::cli::add_terraform_command(app, result);
  cwlog::cli::add_iam_policy_command(app, result);
  cwlog::cli::add_local_command(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : cwlog::cli::exit_usage;
  } catch (const cwlog::error& e) {
    std::fprintf(stderr, "cwlog: %s\n", e.what());
    return cwlog::cli::exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cwlog: %s\n", e.what());
    return cwlog::cli::exit_failure;
  }
  return result;
}

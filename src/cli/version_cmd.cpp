#include <cstdio>

#include <cwlog/version.h>

#include "commands.h"

namespace cwlog::cli {
void add_version_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("version", "Print the version of cwlog");
  cmd->callback([&result] {
    std::printf("cwlog %s\n", cwlog::version());
    result = exit_ok;
  });
}
}  // namespace cwlog::cli

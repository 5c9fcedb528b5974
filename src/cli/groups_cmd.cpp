// cwlog groups [PREFIX] — the log groups, one per line, with retention, size and class.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "session.h"

namespace cwlog::cli {
namespace {

struct groups_args {
  aws_flags aws;
  std::string prefix;
  bool names_only = false;
};

int run_groups(const groups_args& args) {
  auto client = make_logs_client(args.aws.load_options().aws);
  detail::describe_log_groups_request request;
  request.log_group_name_prefix = args.prefix;
  do {
    auto page = client->describe_log_groups(request);
    if (!page) {
      std::fprintf(stderr, "cwlog groups: %s\n", detail::error_summary(page.error()).c_str());
      return exit_code_for(page.error());
    }
    for (const auto& group : page->log_groups) {
      if (args.names_only) {
        std::printf("%s\n", group.log_group_name.c_str());
        continue;
      }
      const std::string retention =
          group.retention_in_days ? std::to_string(*group.retention_in_days) + "d" : "never-expire";
      std::printf("%-60s %14s %12lld bytes  %s\n", group.log_group_name.c_str(), retention.c_str(),
                  static_cast<long long>(group.stored_bytes.value_or(0)),
                  group.log_group_class.empty() ? "STANDARD" : group.log_group_class.c_str());
    }
    request.next_token = page->next_token;
  } while (!request.next_token.empty());
  return exit_ok;
}

}  // namespace

void add_groups_command(CLI::App& app, int& result) {
  auto args = std::make_shared<groups_args>();
  auto* cmd = app.add_subcommand("groups", "List log groups (optionally those starting with PREFIX)");
  cmd->add_option("prefix", args->prefix, "Log group name prefix");
  cmd->add_flag("--names-only", args->names_only, "Print only the names");
  args->aws.add_to(*cmd);
  cmd->callback([args, &result] { result = run_groups(*args); });
}

}  // namespace cwlog::cli

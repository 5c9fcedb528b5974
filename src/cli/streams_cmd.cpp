// cwlog streams GROUP — the group's streams, most recently written first.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "format_time.h"
#include "session.h"

namespace cwlog::cli {
namespace {

struct streams_args {
  aws_flags aws;
  std::string group;
  std::string prefix;
};

int run_streams(const streams_args& args) {
  auto client = make_logs_client(args.aws.load_options().aws);
  detail::describe_log_streams_request request;
  request.log_group_name = args.group;
  request.log_stream_name_prefix = args.prefix;
  if (args.prefix.empty()) {  // the service refuses orderBy=LastEventTime together with a prefix
    request.order_by = "LastEventTime";
    request.descending = true;
  }
  do {
    auto page = client->describe_log_streams(request);
    if (!page) {
      std::fprintf(stderr, "cwlog streams: %s\n", detail::error_summary(page.error()).c_str());
      return exit_code_for(page.error());
    }
    for (const auto& stream : page->log_streams) {
      const std::string last =
          stream.last_event_timestamp ? format_utc_millis(*stream.last_event_timestamp) : "-";
      std::printf("%-60s last event %s\n", stream.log_stream_name.c_str(), last.c_str());
    }
    request.next_token = page->next_token;
  } while (!request.next_token.empty());
  return exit_ok;
}

}  // namespace

void add_streams_command(CLI::App& app, int& result) {
  auto args = std::make_shared<streams_args>();
  auto* cmd = app.add_subcommand("streams", "List the log streams of GROUP");
  cmd->add_option("group", args->group, "Log group name")->required();
  cmd->add_option("--prefix", args->prefix, "Log stream name prefix");
  args->aws.add_to(*cmd);
  cmd->callback([args, &result] { result = run_streams(*args); });
}

}  // namespace cwlog::cli

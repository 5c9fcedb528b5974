// cwlog tail GROUP [--follow] [--since 10m] [--filter PATTERN] [--format short|detailed|json]
// Like `aws logs tail`: the group's events across streams, oldest first;
// level-coloured when stdout is a terminal.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "format_time.h"
#include "level_colour.h"
#include "session.h"

namespace cwlog::cli {
namespace {

std::atomic<bool> tail_interrupted{false};

struct tail_args {
  aws_flags aws;
  std::string group;
  bool follow = false;
  std::string since = "10m";
  std::string filter;
  std::string format = "detailed";
  std::string stream_prefix;
  int poll_seconds = 1;
};

void print_event(const detail::filtered_log_event& event, const std::string& format, bool colour) {
  if (format == "json") {
    const nlohmann::json line{{"timestamp", format_utc_millis(event.timestamp)},
                              {"logStreamName", event.log_stream_name},
                              {"message", event.message}};
    std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return;
  }
  const auto [begin, end] = colour ? level_colour(event.message) : colour_codes{};
  if (format == "short") {
    std::printf("%s %s%s%s\n", format_utc_millis(event.timestamp).c_str(), begin, event.message.c_str(), end);
  } else {
    std::printf("%s %s %s%s%s\n", format_utc_millis(event.timestamp).c_str(), event.log_stream_name.c_str(),
                begin, event.message.c_str(), end);
  }
}

int run_tail(const tail_args& args) {
  if (args.format != "short" && args.format != "detailed" && args.format != "json") {
    std::fprintf(stderr, "cwlog tail: --format must be short, detailed or json, not '%s'\n",
                 args.format.c_str());
    return exit_usage;
  }
  const auto since = parse_duration(args.since);
  if (!since) {
    std::fprintf(stderr,
                 "cwlog tail: --since must be a number and a unit s, m, h, d or w (e.g. 10m), not '%s'\n",
                 args.since.c_str());
    return exit_usage;
  }
  auto client = make_logs_client(args.aws.load_options().aws);
  const bool colour = isatty(STDOUT_FILENO) != 0;
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };

  std::int64_t start = now_ms() - since->count();
  std::set<std::string> seen_at_start;  // event ids already printed with timestamp == start
  tail_interrupted = false;
  auto previous = std::signal(SIGINT, [](int) { tail_interrupted = true; });
  int status = exit_ok;
  while (!tail_interrupted) {
    detail::filter_log_events_request request;
    request.log_group_name = args.group;
    request.start_time = start;
    request.filter_pattern = args.filter;
    std::int64_t newest = start;
    std::set<std::string> at_newest;
    do {
      auto page = client->filter_log_events(request);
      if (!page) {
        std::fprintf(stderr, "cwlog tail: %s\n", detail::error_summary(page.error()).c_str());
        status = exit_code_for(page.error());
        break;
      }
      for (const auto& event : page->events) {
        if (event.timestamp == start && seen_at_start.contains(event.event_id)) continue;
        if (!args.stream_prefix.empty() && !event.log_stream_name.starts_with(args.stream_prefix)) continue;
        print_event(event, args.format, colour);
        if (event.timestamp > newest) {
          newest = event.timestamp;
          at_newest.clear();
        }
        if (event.timestamp == newest) at_newest.insert(event.event_id);
      }
      request.next_token = page->next_token;
    } while (!request.next_token.empty() && !tail_interrupted);
    std::fflush(stdout);
    if (status != exit_ok || !args.follow) break;
    // Next round starts at the newest timestamp seen; events already printed
    // at exactly that millisecond are skipped by id.
    if (newest != start)
      seen_at_start = std::move(at_newest);
    else
      seen_at_start.merge(at_newest);
    start = newest;
    for (int i = 0; i < args.poll_seconds * 10 && !tail_interrupted; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::signal(SIGINT, previous);
  return status;
}

}  // namespace

void add_tail_command(CLI::App& app, int& result) {
  auto args = std::make_shared<tail_args>();
  auto* cmd = app.add_subcommand("tail", "Print the events of a log group, like `aws logs tail`");
  cmd->add_option("group", args->group, "Log group name")->required();
  cmd->add_flag("-f,--follow", args->follow, "Keep polling for new events until interrupted");
  cmd->add_option("--since", args->since, "How far back to start: 30s, 10m, 2h, 1d, 1w (default 10m)");
  cmd->add_option("--filter", args->filter, "CloudWatch Logs filter pattern, e.g. '{ $.level = \"error\" }'");
  cmd->add_option("--format", args->format, "short, detailed (default) or json");
  cmd->add_option("--stream-prefix", args->stream_prefix, "Only streams whose name starts with this");
  cmd->add_option("--poll-interval", args->poll_seconds, "Seconds between polls with --follow (default 1)")
      ->check(CLI::Range(1, 3600));
  args->aws.add_to(*cmd);
  cmd->callback([args, &result] { result = run_tail(*args); });
}

}  // namespace cwlog::cli

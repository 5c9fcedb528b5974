// cwlog ship [--config F] [--group G --stream S] [FILE...|-]
// Reads lines from stdin, or follows files like `tail -F`, and ships them
// through the library (routing, batching, retries). A followed file's position
// is saved only after flush() confirmed delivery of the lines before it, so a
// restart loses no line and repeats at most what was in flight. Reading is
// paced by delivery (read_pacer.h): no line read is dropped for lack of room.
#include <poll.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <cwlog/error.h>
#include <cwlog/shipper.h>

#include "commands.h"
#include "file_follower.h"
#include "json_line.h"
#include "read_pacer.h"
#include "session.h"

namespace cwlog::cli {
namespace {

std::atomic<bool> ship_stop{false};

struct ship_args {
  aws_flags aws;
  std::string group;
  std::string stream;
  std::vector<std::string> inputs;
  std::string logger = "ship";
  std::string state_dir;
  bool once = false;  // read files to their end and exit instead of following
  bool quiet = false;
  double checkpoint_seconds = 2.0;
};

std::string default_state_dir() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return std::string(xdg) + "/cwlog/ship";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/state/cwlog/ship";
  return ".cwlog-ship";
}

// One state file per followed path, named after the absolute path.
std::string state_file_for(const std::string& dir, const std::string& path) {
  std::string name = std::filesystem::absolute(path).lexically_normal().string();
  for (char& c : name) {
    if (c == '/') c = '%';
  }
  return dir + "/" + name + ".pos";
}

cwlog::options ship_options(const ship_args& args) {
  cwlog::options opts = args.aws.load_options();
  if (!args.group.empty()) {
    // --group/--stream: everything to one destination, whatever the config routes.
    cwlog::destination_options dest;
    dest.name = "cli";
    dest.group = args.group;
    if (!args.stream.empty()) dest.stream = args.stream;
    dest.format = formatter_kind::plain;
    dest.pattern = "{message}";
    opts.destinations = {dest};
    opts.routes.clear();
    opts.default_destination = "cli";
  } else if (args.aws.config_path.empty()) {
    throw cwlog::error("cwlog ship needs --config FILE or --group GROUP (with an optional --stream STREAM)");
  }
  return opts;
}

class progress_line {
 public:
  explicit progress_line(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  void update(std::uint64_t lines, std::uint64_t bytes, const delivery_counters& c, bool final = false) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\rread %llu lines, delivered %llu, dropped %llu, %.2f MB/s%s",
                 static_cast<unsigned long long>(lines), static_cast<unsigned long long>(c.delivered),
                 static_cast<unsigned long long>(c.dropped_total()),
                 seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0, final ? "\n" : "   ");
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
};

struct ship_totals {
  std::uint64_t lines = 0;
  std::uint64_t bytes = 0;
};

unsigned long long ull(std::uint64_t n) {
  return static_cast<unsigned long long>(n);
}

void print_drops(const char* indent, const std::array<std::uint64_t, drop_reason_count>& dropped) {
  for (std::size_t i = 0; i < drop_reason_count; ++i) {
    if (dropped[i] == 0) continue;
    const auto reason = to_string(static_cast<drop_reason>(i));
    std::fprintf(stderr, "%sdropped (%.*s): %llu\n", indent, static_cast<int>(reason.size()), reason.data(),
                 ull(dropped[i]));
  }
}

// Lines, then copies (one per destination a line was routed to) and what
// became of them, in total and per configured destination.
void print_summary(const ship_totals& totals, const delivery_counters& c) {
  std::fprintf(stderr,
               "cwlog ship: %llu lines read, %llu copies: %llu delivered, %llu rejected, %llu dropped, "
               "%llu possible duplicates\n",
               ull(totals.lines), ull(c.copies), ull(c.delivered), ull(c.rejected), ull(c.dropped_total()),
               ull(c.duplicated));
  print_drops("  ", c.dropped);
  if (c.spool.replayed > 0)
    std::fprintf(stderr, "  replayed from the spool (left by a shipper that died): %llu records\n",
                 ull(c.spool.replayed));
  if (c.spool.left > 0)
    std::fprintf(stderr, "  left in the spool for the next shipper: %llu records\n", ull(c.spool.left));
  if (c.spool.damaged > 0)
    std::fprintf(stderr, "  damaged spool data skipped: %llu places, %llu bytes\n", ull(c.spool.damaged),
                 ull(c.spool.skipped_bytes));
  if (c.per_destination.size() < 2) return;
  for (const auto& d : c.per_destination) {
    std::fprintf(stderr, "  %s: %llu copies, %llu delivered, %llu rejected, %llu dropped\n", d.name.c_str(),
                 ull(d.copies), ull(d.delivered), ull(d.rejected), ull(d.dropped_total()));
    print_drops("    ", d.dropped);
  }
}

// What ships one line: the shipper, and the pacer that waits for its room.
struct line_sink {
  cwlog::shipper& shipper;
  read_pacer pacer;
  explicit line_sink(cwlog::shipper& s)
      : shipper(s),
        pacer(
            [&s] {
              const delivery_counters c = s.counters();
              return read_pacer::occupancy{c.queue_bytes, c.queue_capacity};
            },
            [] { return ship_stop.load(); }) {}
};

void ship_line(line_sink& sink, const ship_args& args, std::string_view line, ship_totals& totals) {
  std::vector<field_view> fields;
  const line_record r = parse_line(line, args.logger);
  if (r.message.empty()) return;  // blank lines carry nothing (CloudWatch refuses empty messages)
  sink.pacer.wait_for_room(line.size());
  sink.shipper.log(view_of(r, fields));
  ++totals.lines;
  totals.bytes += line.size();
}

void read_stdin(line_sink& sink, const ship_args& args, ship_totals& totals, progress_line& progress) {
  std::string pending;
  char buffer[64 * 1024];
  while (!ship_stop) {
    pollfd pfd{STDIN_FILENO, POLLIN, 0};
    if (::poll(&pfd, 1, 200) <= 0) {
      progress.update(totals.lines, totals.bytes, sink.shipper.counters());
      continue;
    }
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ship_line(sink, args, line, totals);
    }
    pending.erase(0, start);
    progress.update(totals.lines, totals.bytes, sink.shipper.counters());
  }
  if (!pending.empty()) ship_line(sink, args, pending, totals);
}

void follow_files(line_sink& sink, const ship_args& args, ship_totals& totals, progress_line& progress) {
  const std::string dir = args.state_dir.empty() ? default_state_dir() : args.state_dir;
  std::filesystem::create_directories(dir);
  std::vector<std::unique_ptr<file_follower>> followers;
  std::vector<std::string> state_files;
  for (const auto& path : args.inputs) {
    state_files.push_back(state_file_for(dir, path));
    followers.push_back(std::make_unique<file_follower>(path, load_position(state_files.back())));
  }
  const auto on_line = [&](std::string_view line) { ship_line(sink, args, line, totals); };
  // Saves positions whose lines flush() confirmed as delivered.
  const auto checkpoint = [&] {
    std::vector<file_position> positions;
    for (const auto& f : followers) positions.push_back(f->position());
    if (!sink.shipper.flush(std::chrono::seconds(30)).complete) return;
    for (std::size_t i = 0; i < followers.size(); ++i) save_position(state_files[i], positions[i]);
  };
  auto last_checkpoint = std::chrono::steady_clock::now();
  while (!ship_stop) {
    std::size_t lines = 0;
    for (auto& f : followers) lines += args.once ? f->drain(on_line) : f->poll(on_line);
    progress.update(totals.lines, totals.bytes, sink.shipper.counters());
    if (args.once) break;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_checkpoint >= std::chrono::duration<double>(args.checkpoint_seconds)) {
      checkpoint();
      last_checkpoint = now;
    }
    if (lines == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  checkpoint();
}

int run_ship(const ship_args& args) {
  const cwlog::options opts = ship_options(args);
  auto shipper = std::make_unique<cwlog::shipper>(opts, [](const diagnostic& d) {
    std::fprintf(stderr, "\ncwlog ship: %.*s\n", static_cast<int>(d.message.size()), d.message.data());
  });
  ship_stop = false;
  auto on_signal = [](int) { ship_stop = true; };
  auto previous_int = std::signal(SIGINT, on_signal);
  auto previous_term = std::signal(SIGTERM, on_signal);

  progress_line progress(!args.quiet && isatty(STDERR_FILENO) != 0);
  ship_totals totals;
  const bool from_stdin = args.inputs.empty() || (args.inputs.size() == 1 && args.inputs[0] == "-");
  line_sink sink(*shipper);
  if (from_stdin)
    read_stdin(sink, args, totals, progress);
  else
    follow_files(sink, args, totals, progress);

  const shutdown_result done = shipper->shutdown();
  const delivery_counters c = shipper->counters();
  progress.update(totals.lines, totals.bytes, c, true);
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (!args.quiet) print_summary(totals, c);
  // Every copy (a line routed to two destinations makes two) must have been
  // delivered for a clean exit.
  const bool all_delivered =
      done.complete && c.dropped_total() == 0 && c.rejected == 0 && c.delivered == c.copies;
  return all_delivered ? exit_ok : exit_partial;
}

}  // namespace

void add_ship_command(CLI::App& app, int& result) {
  auto args = std::make_shared<ship_args>();
  auto* cmd = app.add_subcommand("ship", "Ship lines from stdin or followed files to CloudWatch Logs");
  cmd->add_option("inputs", args->inputs, "Files to follow (like tail -F), or - for stdin (default)");
  cmd->add_option("--group", args->group,
                  "Send everything to this log group (instead of the config's routes)");
  cmd->add_option("--stream", args->stream, "Log stream with --group (default {host}-{pid})");
  cmd->add_option("--logger", args->logger, "Logger name for lines that name none (default ship)");
  cmd->add_option("--state-dir", args->state_dir,
                  "Where followed files' positions are kept (default $XDG_STATE_HOME/cwlog/ship)");
  cmd->add_flag("--once", args->once, "Read the files to their end and exit instead of following them");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  args->aws.add_to(*cmd);
  cmd->callback([args, &result] { result = run_ship(*args); });
}

}  // namespace cwlog::cli

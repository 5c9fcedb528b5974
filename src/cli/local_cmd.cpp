// cwlog local: run the CloudWatch Logs-compatible server (src/local) until
// SIGINT or SIGTERM. Scripts read the port from the first stdout line; the
// second is the web console's address with its access token.
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include <cwlog/config.h>
#include <cwlog/error.h>

#include "commands.h"
#include "local/local_server.h"

namespace cwlog::cli {
namespace {

struct local_args {
  detail::local_server_options options;
  std::vector<std::string> access_keys;  // ID:SECRET
  std::vector<std::string> faults;
  std::string config;  // the console charts each destination template's groups side by side
  bool no_auth = false;
};

int run_local(local_args& args) {
  auto& o = args.options;
  o.require_auth = !args.no_auth;
  for (const auto& pair : args.access_keys) {
    const auto colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size())
      throw cwlog::error("--access-key: expected ID:SECRET (both non-empty)");
    o.access_keys.emplace_back(pair.substr(0, colon), pair.substr(colon + 1));
  }
  if (!args.config.empty())
    for (const auto& d : cwlog::load_config(args.config).destinations)
      o.console_templates.push_back({d.name, d.group});
  detail::local_server server(o);
  for (const auto& spec : args.faults) server.faults().add(spec);

  // Block the stop signals before any server thread exists (threads inherit the
  // mask), then wait for one of them here: no async-signal-unsafe handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const int port = server.start();
  std::printf("cwlog local listening on %s\n", server.endpoint().c_str());
  std::printf("cwlog local console: %s\n", server.console_url().c_str());
  std::fflush(stdout);
  (void)port;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  const auto s = server.stats();
  std::fprintf(stderr, "cwlog local: stopped (%s); %llu requests, %llu events stored, %llu rejected\n",
               sig == SIGINT ? "SIGINT" : "SIGTERM", static_cast<unsigned long long>(s.requests),
               static_cast<unsigned long long>(s.events_stored),
               static_cast<unsigned long long>(s.events_rejected));
  return exit_ok;
}

}  // namespace

void add_local_command(CLI::App& app, int& result) {
  auto args = std::make_shared<local_args>();
  auto* cmd = app.add_subcommand("local",
                                 "Run a CloudWatch Logs-compatible server on loopback (for tests and demos)");
  cmd->footer(
      std::string("Default access key (non-secret test keys): ") + detail::local_default_access_key_id +
      " / " + detail::local_default_secret_access_key +
      "\nFault specs: throttle|unavailable|error500|latency|reset-before|reset-after-commit"
      "[:rate=R|next=N][,ms=MS][,op=Operation], e.g. throttle:rate=0.1, error500:next=3, latency:ms=200");
  auto& o = args->options;
  cmd->add_option("--port", o.port, "TCP port; 0 = ephemeral (the chosen port is printed)")
      ->capture_default_str();
  cmd->add_option("--host", o.host, "Address to listen on (loopback only unless --allow-non-loopback)")
      ->capture_default_str();
  cmd->add_flag("--allow-non-loopback", o.allow_non_loopback, "Allow --host to be a non-loopback address");
  auto* db = cmd->add_option("--db", o.db_path, "SQLite file holding the state (survives restarts)");
  cmd->add_flag("--memory", o.memory, "Keep the state in memory only")->excludes(db);
  cmd->add_flag("--discard", o.discard, "Validate, verify and count events but store none (benchmarks)");
  cmd->add_flag("--no-auth", args->no_auth, "Accept requests without SigV4 verification");
  cmd->add_option("--access-key", args->access_keys,
                  "Accepted key pair ID:SECRET (repeatable; replaces the default)");
  cmd->add_option("--region", o.region, "Region in ARNs and SigV4 scopes")->capture_default_str();
  cmd->add_option("--account-id", o.account_id, "Account id in ARNs")->capture_default_str();
  cmd->add_option("--audit", o.audit_path, "Append one JSON line per request to FILE");
  cmd->add_option("--policy", o.policy_path, "Enforce this IAM identity policy (JSON file) on every request");
  cmd->add_option("--fault", args->faults, "Inject a fault (repeatable), see below");
  cmd->add_option("--fault-seed", o.fault_seed, "Seed for rate-based faults (reproducible runs)");
  cmd->add_flag("--admin", o.admin,
                "Enable POST/GET /_cwlog/faults and GET /_cwlog/stats (with the console's token)");
  cmd->add_option("--config", args->config,
                  "A cwlog config: the console charts the groups of each destination template side by side")
      ->check(CLI::ExistingFile);
  cmd->add_option("--threads", o.threads, "HTTP worker threads")->capture_default_str();
  cmd->callback([args, &result] { result = run_local(*args); });
}

}  // namespace cwlog::cli

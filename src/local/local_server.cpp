#include "local/local_server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <cwlog/error.h>

#include "local/audit.h"
#include "local/auth.h"
#include "local/console_api.h"
#include "local/console_front.h"
#include "local/http_front.h"
#include "local/policy.h"
#include "local/service.h"
#include "local/store.h"

namespace cwlog::detail {

struct local_server::impl {
  explicit impl(std::optional<std::uint64_t> seed) : faults(seed ? *seed : std::random_device{}()) {}
  local_server_options options;
  std::shared_ptr<clock_source> clock;
  fault_injector faults;
  std::unique_ptr<store> db;
  std::unique_ptr<logs_service> service;
  std::unique_ptr<request_authenticator> auth;
  std::unique_ptr<audit_log> audit;
  std::unique_ptr<identity_policy> policy;
  std::unique_ptr<http_front> front;
  request_ring requests;
  std::string console_token;
  std::unique_ptr<console_api> console;
  std::unique_ptr<console_front> console_http;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;
  // The listen thread's state (see start()): stop() asked, the thread ended,
  // and how often it had to listen again after httplib's loop gave up.
  std::atomic<bool> stopping{false};
  std::atomic<bool> listen_ended{false};
  std::atomic<unsigned> relistens{0};

  local_server_stats stats() const {
    local_server_stats s;
    if (front) {
      s.requests = front->counters().requests;
      s.errors = front->counters().errors;
      s.faults_injected = front->counters().faults_injected;
    }
    if (service) {
      s.events_accepted = service->counters().events_accepted;
      s.events_rejected = service->counters().events_rejected;
      s.events_stored = service->counters().events_stored;
      s.put_batches = service->counters().put_batches;
      s.put_bodies_general = service->counters().put_bodies_general;
    }
    s.relistens = relistens;
    return s;
  }
};

namespace {

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw cwlog::error(std::string("cwlog local: ") + what + " '" + path + "' cannot be read");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

local_server::local_server(local_server_options options) : impl_(std::make_unique<impl>(options.fault_seed)) {
  impl_->options = std::move(options);
  impl_->clock = impl_->options.clock ? impl_->options.clock : std::make_shared<system_clock_source>();
  if (impl_->options.access_keys.empty())
    impl_->options.access_keys.emplace_back(local_default_access_key_id, local_default_secret_access_key);
}

local_server::~local_server() {
  stop();
}

int local_server::start() {
  auto& m = *impl_;
  if (m.db) throw cwlog::error("cwlog local: start() called twice (construct a new local_server to restart)");
  const auto& o = m.options;
  if (!o.allow_non_loopback && !loopback(o.host))
    throw cwlog::error("cwlog local: --host '" + o.host +
                       "' is not a loopback address; allowed: 127.0.0.1, ::1, localhost (or pass "
                       "--allow-non-loopback)");
  if (o.port < 0 || o.port > 65535)
    throw cwlog::error("cwlog local: --port " + std::to_string(o.port) + " is outside 0..65535");
  if (o.memory && !o.db_path.empty())
    throw cwlog::error("cwlog local: --memory and --db are mutually exclusive");

  m.db = std::make_unique<store>(o.memory || o.db_path.empty() ? ":memory:" : o.db_path);
  m.service =
      std::make_unique<logs_service>(*m.db, *m.clock, service_config{o.region, o.account_id, o.discard});
  if (o.require_auth)
    m.auth = std::make_unique<request_authenticator>(
        o.access_keys, *m.clock, std::chrono::duration_cast<std::chrono::seconds>(o.max_clock_skew));
  if (!o.audit_path.empty()) m.audit = std::make_unique<audit_log>(o.audit_path);
  if (!o.policy_path.empty()) {
    auto p = identity_policy::parse(read_file(o.policy_path, "--policy"));
    if (!p) throw cwlog::error("cwlog local: --policy '" + o.policy_path + "': " + p.error());
    m.policy = std::make_unique<identity_policy>(std::move(*p));
  }

  front_parts parts;
  parts.service = m.service.get();
  parts.faults = &m.faults;
  parts.auth = m.auth.get();
  parts.audit = m.audit.get();
  parts.requests = &m.requests;
  parts.policy = m.policy.get();
  parts.clock = m.clock.get();
  parts.region = o.region;
  parts.account_id = o.account_id;
  parts.admin = o.admin;
  auto stats_json = [this] {
    const auto s = impl_->stats();
    return nlohmann::json{{"requests", s.requests},
                          {"errors", s.errors},
                          {"eventsAccepted", s.events_accepted},
                          {"eventsRejected", s.events_rejected},
                          {"eventsStored", s.events_stored},
                          {"putBatches", s.put_batches},
                          {"putBodiesGeneralPath", s.put_bodies_general},
                          {"faultsInjected", s.faults_injected}};
  };
  parts.stats_json = stats_json;
  m.front = std::make_unique<http_front>(std::move(parts));

  m.server = std::make_unique<httplib::Server>();
  const int threads = std::max(1, o.threads);
  m.server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  m.server->set_payload_max_length(64u << 20);
  // Responses are small and written in pieces: without TCP_NODELAY, Nagle and
  // the client's delayed ACK add ~40 ms to a request (accepted sockets inherit it).
  m.server->set_tcp_nodelay(true);
  m.front->install(*m.server);

  if (o.port == 0) {
    m.port = m.server->bind_to_any_port(o.host);
  } else {
    m.port = m.server->bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (m.port <= 0) {
    m.server.reset();
    throw cwlog::error("cwlog local: cannot listen on " + o.host + ":" + std::to_string(o.port));
  }
  // The console's cookie is named after the port, so it is installed once bound.
  m.console_token = o.console_token.empty() ? console_front::new_token() : o.console_token;
  m.console = std::make_unique<console_api>(console_sources{m.db.get(), &m.requests, m.clock.get(), o.region,
                                                            o.account_id, o.console_templates, stats_json,
                                                            &m.service->emf_metrics()});
  m.console_http = std::make_unique<console_front>(*m.console, m.console_token, m.port);
  m.console_http->install(*m.server);
  m.stopping = false;
  m.listen_ended = false;
  m.thread = std::thread([&m] {
    // Writing to a connection reset on purpose (fault injection) or by a client
    // must not raise SIGPIPE: block it here; httplib's worker threads, created
    // by this thread, inherit the mask. The embedding process is left alone.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    // httplib (0.11) ends its accept loop and closes the listening socket on
    // any accept() error but EMFILE and EINTR -- ECONNABORTED from a client
    // that gave up while queued, say. A server that stops listening while its
    // process lives looks like a hang to every client: listen again on the
    // same port.
    while (!m.server->listen_after_bind() && !m.stopping) {
      std::fprintf(stderr, "cwlog local: accepting connections failed; listening again on port %d\n", m.port);
      // The port was ours a moment ago; a few tries cover a slow close.
      bool bound = false;
      for (int attempt = 0; attempt < 100 && !bound && !m.stopping; ++attempt) {
        bound = m.server->bind_to_port(m.options.host, m.port);
        if (!bound) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!bound) {
        if (!m.stopping) std::fprintf(stderr, "cwlog local: cannot listen on port %d again\n", m.port);
        break;
      }
      // Counted once the socket listens again (bind_to_port listens), so a
      // client that waits for the count finds the port open.
      ++m.relistens;
    }
    m.listen_ended = true;
  });
  // httplib's stop() does nothing until the listen loop has marked itself
  // running, so a stop() right after start() would leave join() waiting for
  // ever: return only once it runs -- or fail if the thread gave up first.
  while (!m.server->is_running()) {
    if (m.listen_ended) {
      m.thread.join();
      m.server.reset();
      throw cwlog::error("cwlog local: cannot listen on " + o.host + ":" + std::to_string(m.port));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return m.port;
}

void local_server::stop() {
  if (!impl_ || !impl_->server) return;
  impl_->stopping = true;
  // Until the listen thread ends: stop() only acts on a running loop, and the
  // thread may be between two (listening again, above).
  while (!impl_->listen_ended) {
    impl_->server->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
  // The store stays open (stats and state stay readable); the destructor closes it.
}

int local_server::port() const {
  return impl_->port;
}

std::string local_server::endpoint() const {
  const auto& h = impl_->options.host;
  const std::string host = h.find(':') != std::string::npos ? "[" + h + "]" : h;
  return "http://" + host + ":" + std::to_string(impl_->port);
}

const std::string& local_server::console_token() const {
  return impl_->console_token;
}

std::string local_server::console_url() const {
  return endpoint() + "/?token=" + impl_->console_token;
}

fault_injector& local_server::faults() {
  return impl_->faults;
}

local_server_stats local_server::stats() const {
  return impl_->stats();
}

const local_server_options& local_server::options() const {
  return impl_->options;
}

}  // namespace cwlog::detail

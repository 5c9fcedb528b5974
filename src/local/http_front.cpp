#include "local/http_front.h"

#include <cstdio>
#include <optional>
#include <random>
#include <thread>

#include <cwlog/error.h>

#include "local/connection_reset.h"
#include "local/put_request.h"
#include "rules/emf.h"

namespace cwlog::detail {
namespace {

constexpr std::string_view target_prefix = "Logs_20140328.";
constexpr const char* json_type = "application/x-amz-json-1.1";

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const auto a = rng(), b = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

void send_error(httplib::Response& res, const service_error& e) {
  nlohmann::json body = {{"__type", e.type}};
  if (!e.message.empty()) body["message"] = e.message;
  res.status = e.status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), json_type);
}

service_error injected(fault_kind kind) {
  switch (kind) {
    case fault_kind::throttle:
      return {400, "ThrottlingException", "Rate exceeded"};
    case fault_kind::unavailable:
      return {503, "ServiceUnavailableException", "The service is unavailable. Please try again later."};
    default:
      return {500, "InternalFailure",
              "The request processing has failed because of an unknown error, exception or failure."};
  }
}

std::string fault_label(const fault_decision& d) {
  std::string out;
  if (d.latency.count() > 0) out = "latency " + std::to_string(d.latency.count()) + "ms";
  auto add = [&out](std::string_view what) {
    if (!out.empty()) out += ", ";
    out += what;
  };
  if (d.failure) add(to_string(*d.failure));
  if (d.reset_after_commit) add(to_string(fault_kind::reset_after_commit));
  return out;
}

std::vector<http_header> headers_of(const httplib::Request& req) {
  std::vector<http_header> out;
  out.reserve(req.headers.size());
  for (const auto& [k, v] : req.headers) out.push_back({k, v});
  return out;
}

}  // namespace

void http_front::install(httplib::Server& server) {
  server.Post("/", [this](const httplib::Request& req, httplib::Response& res,
                          const httplib::ContentReader& reader) { handle_api(req, res, reader); });
  if (parts_.admin) {
    server.Post("/_cwlog/faults",
                [this](const httplib::Request& req, httplib::Response& res) { handle_faults(req, res); });
    server.Get("/_cwlog/faults",
               [this](const httplib::Request& req, httplib::Response& res) { handle_faults(req, res); });
    server.Get("/_cwlog/stats", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(parts_.stats_json().dump(), "application/json");
    });
  }
}

void http_front::handle_faults(const httplib::Request& req, httplib::Response& res) {
  // POST {"add": ["throttle:next=3", ...], "clear": true}; GET lists the rules.
  if (req.method == "POST") {
    try {
      const auto body = nlohmann::json::parse(req.body.empty() ? "{}" : req.body);
      if (body.value("clear", false)) parts_.faults->clear();
      if (body.contains("add"))
        for (const auto& spec : body["add"]) parts_.faults->add(spec.get<std::string>());
    } catch (const std::exception& e) {
      res.status = 400;
      res.set_content(nlohmann::json{{"error", e.what()}}.dump(), "application/json");
      return;
    }
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : parts_.faults->rules()) {
    nlohmann::json j = {{"kind", to_string(r.kind)}, {"rate", r.rate}};
    if (r.next) j["next"] = *r.next;
    if (r.latency.count()) j["ms"] = r.latency.count();
    if (!r.operation.empty()) j["op"] = r.operation;
    rules.push_back(j);
  }
  res.set_content(nlohmann::json{{"rules", rules}}.dump(), "application/json");
}

void http_front::record(const audit_entry& audit, std::string fault,
                        std::chrono::steady_clock::time_point started) {
  if (parts_.audit) parts_.audit->write(audit);
  if (!parts_.requests) return;
  request_record r;
  r.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(audit.time.time_since_epoch()).count();
  r.request_id = audit.request_id;
  r.operation = audit.operation;
  r.resource_arn = audit.resource_arn;
  r.access_key_id = audit.access_key_id;
  r.status = audit.status;
  r.outcome = audit.outcome;
  r.fault = std::move(fault);
  r.latency_ms = std::chrono::duration<double, std::milli>(parts_.clock->steady_now() - started).count();
  r.remote = audit.remote;
  parts_.requests->add(std::move(r));
}

void http_front::handle_api(const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
  ++counters_.requests;
  const auto started = parts_.clock->steady_now();
  audit_entry audit;
  audit.time = parts_.clock->now();
  audit.request_id = new_request_id();
  audit.remote = req.remote_addr + ":" + std::to_string(req.remote_port);
  audit.access_key_id = access_key_of(req.get_header_value("Authorization"));
  res.set_header("x-amzn-RequestId", audit.request_id);

  const std::string target = req.get_header_value("X-Amz-Target");
  if (target.starts_with(target_prefix)) audit.operation = target.substr(target_prefix.size());

  // Which injected faults took effect: none before SigV4 passed.
  fault_decision applied;
  auto finish = [&](const std::optional<service_error>& err) {
    if (err) {
      ++counters_.errors;
      send_error(res, *err);
      audit.status = err->status;
      audit.outcome = err->type;
    } else {
      audit.status = 200;
      audit.outcome = "ok";
    }
    record(audit, fault_label(applied), started);
  };

  const auto decision = parts_.faults->decide(audit.operation);
  if (decision.failure && *decision.failure == fault_kind::reset_before) {
    // Only the request line and headers have been read: the body stays unread.
    ++counters_.faults_injected;
    reset_connection(req);
    audit.outcome = "reset-before";
    record(audit, std::string(to_string(fault_kind::reset_before)), started);
    return;
  }

  // httplib undoes Content-Encoding: gzip while reading. The padding is for
  // simdjson, which reads up to 64 bytes past the end (read_put_body()).
  std::string body;
  if (auto length = req.get_header_value<std::uint64_t>("Content-Length"); length > 0 && length < (64u << 20))
    body.reserve(static_cast<std::size_t>(length) + 64);
  reader([&body](const char* data, std::size_t size) {
    body.append(data, size);
    return true;
  });
  // PutLogEvents bodies are read by the fast reader when it takes them (for
  // the messages' sizes only when the service will not read their content);
  // any other body, or one it leaves, by nlohmann::json and then the model.
  const bool emf = req.get_header_value(std::string(emf_format_header)) == emf_format_value;
  std::optional<put_request> put;
  nlohmann::json input = nlohmann::json::object();
  bool parsed = true;
  if (target.starts_with(target_prefix) && audit.operation == "PutLogEvents") {
    put.emplace();
    if (!read_put_body(body, *put, parts_.service->put_messages_needed(emf))) put.reset();
  }
  if (!put) {
    try {
      if (!body.empty()) input = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception&) {
      parsed = false;
    }
  }
  if (put) {
    const nlohmann::json names = {{"logGroupName", put->group}, {"logStreamName", put->stream}};
    audit.resource_arn = resource_arn_for(audit.operation, names, "aws", parts_.region, parts_.account_id);
  } else if (parsed && input.is_object()) {
    try {
      audit.resource_arn = resource_arn_for(audit.operation, input, "aws", parts_.region, parts_.account_id);
    } catch (const std::exception&) {
      // Members of the wrong JSON type: validation reports them below.
    }
  }

  if (parts_.auth) {
    received_request rr{req.method, req.target, headers_of(req), body,
                        req.get_header_value("Content-Encoding") == "gzip"};
    auto who = parts_.auth->verify(rr);
    if (!who) return finish(who.error());
    audit.access_key_id = *who;
  }

  applied.latency = decision.latency;
  if (decision.latency.count() > 0) {
    ++counters_.faults_injected;
    std::this_thread::sleep_for(decision.latency);
  }
  if (decision.failure) {
    ++counters_.faults_injected;
    applied.failure = decision.failure;
    return finish(injected(*decision.failure));
  }

  if (!target.starts_with(target_prefix)) return finish(service_error{400, "UnknownOperationException", ""});
  if (!parsed) return finish(service_error{400, "SerializationException", "Request body is not valid JSON."});

  if (parts_.policy && (put || input.is_object())) {
    const std::string action = "logs:" + audit.operation;
    const auto verdict = parts_.policy->evaluate(action, audit.resource_arn);
    if (verdict != policy_decision::allow) {
      const std::string user = "arn:aws:iam::" + parts_.account_id + ":user/cwlog-local";
      return finish(
          service_error{400, "AccessDeniedException",
                        "User: " + user + " is not authorized to perform: " + action +
                            " on resource: " + audit.resource_arn +
                            (verdict == policy_decision::explicit_deny
                                 ? " with an explicit deny in an identity-based policy"
                                 : " because no identity-based policy allows the " + action + " action")});
    }
  }

  op_result result;
  try {
    result =
        put ? parts_.service->put_log_events(*put, emf) : parts_.service->call(audit.operation, input, emf);
  } catch (const std::exception& e) {
    // A store failure (disk full, corrupt file) is the server's fault, not the client's.
    result = std::unexpected(service_error{500, "InternalFailure", e.what()});
  }

  if (decision.reset_after_commit) {
    // The operation has committed; the client must not learn it.
    ++counters_.faults_injected;
    reset_connection(req);
    audit.status = 0;
    audit.outcome = result ? "reset-after-commit" : "reset-after-commit:" + result.error().type;
    applied.reset_after_commit = true;
    record(audit, fault_label(applied), started);
    return;
  }
  if (!result) return finish(result.error());
  if (!result->is_null())
    res.set_content(result->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), json_type);
  else
    res.set_content("", json_type);
  res.status = 200;
  finish(std::nullopt);
}

}  // namespace cwlog::detail

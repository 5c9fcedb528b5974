#include "aws/standins/standins.h"

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "common/time_format.h"

namespace cwlog::test {
namespace {

std::string iso(const detail::credentials& c) {
  return detail::format_iso8601_utc(*c.expiration);
}

std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    const auto eq = pair.find('=');
    out[form_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : form_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

std::string credentials_json(const detail::credentials& c, const char* token_field) {
  nlohmann::json j = {{"Code", "Success"},
                      {"Type", "AWS-HMAC"},
                      {"AccessKeyId", c.access_key_id},
                      {"SecretAccessKey", c.secret_access_key},
                      {token_field, c.session_token},
                      {"Expiration", iso(c)},
                      {"LastUpdated", detail::format_iso8601_utc(std::chrono::system_clock::now())}};
  return j.dump();
}

void sts_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  res.status = status;
  res.set_content(
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" +
          code + "</Code><Message>" + message +
          "</Message></Error><RequestId>c0ffee00-0000-4000-8000-000000000001</RequestId>"
          "</ErrorResponse>",
      "text/xml");
}

}  // namespace

imds_standin::imds_standin(std::string role) : standin_base("IMDS"), role_(std::move(role)) {
  auto& http = server_.http();
  http.Put("/latest/api/token", [this](const httplib::Request& req, httplib::Response& res) {
    ++token_requests_;
    if (apply_fault(res)) return;
    if (!req.has_header("x-aws-ec2-metadata-token-ttl-seconds")) {
      res.status = 400;
      return;
    }
    res.set_content("imds-token-" + std::to_string(++token_serial_), "text/plain");
  });
  auto token_ok = [this](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("x-aws-ec2-metadata-token")) {
      ++v1_requests_;  // an IMDSv1 request: refused, as on an instance that requires v2
      res.status = 401;
      return false;
    }
    const auto token = req.get_header_value("x-aws-ec2-metadata-token");
    if (reject_tokens_ || !token.starts_with("imds-token-")) {
      res.status = 401;
      return false;
    }
    return true;
  };
  http.Get("/latest/meta-data/iam/security-credentials/",
           [this, token_ok](const httplib::Request& req, httplib::Response& res) {
             if (!token_ok(req, res) || apply_fault(res)) return;
             res.set_content(role_, "text/plain");
           });
  http.Get(R"(/latest/meta-data/iam/security-credentials/([^/]+))",
           [this, token_ok](const httplib::Request& req, httplib::Response& res) {
             if (!token_ok(req, res) || apply_fault(res)) return;
             if (req.matches[1] != role_) {
               res.status = 404;
               return;
             }
             if (malformed()) {
               res.set_content("{\"Code\": \"Success\", \"AccessKeyId\": ", "text/plain");
               return;
             }
             res.set_content(credentials_json(current(), "Token"), "text/plain");
           });
  http.Get("/latest/meta-data/placement/availability-zone/",
           [this, token_ok](const httplib::Request& req, httplib::Response& res) {
             if (!token_ok(req, res) || apply_fault(res)) return;
             std::lock_guard lock(mutex_);
             res.set_content(zone_, "text/plain");
           });
  start_server();
}

container_standin::container_standin(std::string auth_token)
    : standin_base("ECS"), auth_token_(std::move(auth_token)) {
  server_.http().Get("/v2/credentials/test", [this](const httplib::Request& req, httplib::Response& res) {
    if (!auth_token_.empty() && req.get_header_value("Authorization") != auth_token_) {
      ++requests_;
      res.status = 401;  // what the EKS Pod Identity agent answers to a wrong token
      res.set_content("{\"message\":\"invalid token\"}", "application/json");
      return;
    }
    if (apply_fault(res)) return;
    if (malformed()) {
      res.set_content("<html>not json</html>", "application/json");
      return;
    }
    res.set_content(credentials_json(current(), "Token"), "application/json");
  });
  start_server();
}

sts_standin::sts_standin(std::string source_access_key_id, std::string source_secret,
                         std::string web_identity_token)
    : standin_base("STS"),
      source_key_(std::move(source_access_key_id)),
      source_secret_(std::move(source_secret)),
      web_token_(std::move(web_identity_token)) {
  server_.http().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
    sts_call call;
    call.params = parse_form(req.body);
    call.action = call.params["Action"];
    if (req.has_header("Authorization")) {
      std::vector<detail::http_header> headers;
      for (const auto& [k, v] : req.headers) headers.push_back({k, v});
      auto input = detail::sigv4::signing_input::from_parts("POST", "/", "", headers, req.body);
      auto auth = detail::sigv4::parse_authorization(req.get_header_value("Authorization"));
      auto when = detail::sigv4::parse_amz_date(req.get_header_value("X-Amz-Date"));
      if (auth && when) {
        call.signed_by = auth->access_key_id;
        call.signature_valid =
            auth->access_key_id == source_key_ && auth->service == "sts" &&
            detail::sigv4::verify_signature(input, source_secret_, *auth, *when).has_value();
      }
    }
    {
      std::lock_guard lock(mutex_);
      calls_.push_back(call);
    }
    switch (fault_.load()) {
      case fault::not_found:
        ++requests_;
        res.status = 404;
        return;
      case fault::unauthorized:
        ++requests_;
        return sts_error(res, 403, "AccessDenied", "User is not authorized to perform: sts:AssumeRole");
      case fault::server_error:
        ++requests_;
        return sts_error(res, 500, "InternalFailure", "stand-in failure");
      default:
        if (apply_fault(res)) return;
    }
    std::string result;
    if (call.action == "AssumeRole") {
      if (!call.signature_valid)
        return sts_error(res, 403, "SignatureDoesNotMatch", "signature does not verify");
      result = "AssumeRole";
    } else if (call.action == "AssumeRoleWithWebIdentity") {
      if (call.params["WebIdentityToken"] != web_token_)
        return sts_error(res, 400, "InvalidIdentityToken", "The web identity token is not valid");
      result = "AssumeRoleWithWebIdentity";
    } else {
      return sts_error(res, 400, "InvalidAction", "unsupported action");
    }
    if (malformed()) {
      res.set_content("<" + result + "Response><" + result + "Result><Credentials><AccessKeyId>", "text/xml");
      return;
    }
    const auto c = current();
    const std::string session = call.params["RoleSessionName"];
    res.set_content("<" + result + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + result +
                        "Result><AssumedRoleUser><AssumedRoleId>AROATESTROLE:" + session +
                        "</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/test/" + session +
                        "</Arn></AssumedRoleUser><Credentials><AccessKeyId>" + c.access_key_id +
                        "</AccessKeyId><SecretAccessKey>" + c.secret_access_key +
                        "</SecretAccessKey><SessionToken>" + c.session_token + "</SessionToken><Expiration>" +
                        iso(c) + "</Expiration></Credentials></" + result +
                        "Result><ResponseMetadata><RequestId>c0ffee00-0000-4000-8000-000000000002</RequestId>"
                        "</ResponseMetadata></" +
                        result + "Response>",
                    "text/xml");
  });
  start_server();
}

sso_standin::sso_standin(std::string bearer_token) : standin_base("SSO"), bearer_(std::move(bearer_token)) {
  server_.http().Get("/federation/credentials", [this](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("x-amz-sso_bearer_token") != bearer_) {
      ++requests_;
      res.status = 401;
      res.set_content("{\"message\":\"Session token not found or invalid\"}", "application/json");
      return;
    }
    if (apply_fault(res)) return;
    if (req.get_param_value("role_name").empty() || req.get_param_value("account_id").empty()) {
      res.status = 400;
      return;
    }
    if (malformed()) {
      res.set_content("{\"roleCredentials\": 42}", "application/json");
      return;
    }
    const auto c = current();
    nlohmann::json j = {{"roleCredentials",
                         {{"accessKeyId", c.access_key_id},
                          {"secretAccessKey", c.secret_access_key},
                          {"sessionToken", c.session_token},
                          {"expiration", std::chrono::duration_cast<std::chrono::milliseconds>(
                                             c.expiration->time_since_epoch())
                                             .count()}}}};
    res.set_content(j.dump(), "application/json");
  });
  start_server();
}

}  // namespace cwlog::test

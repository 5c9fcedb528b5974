#include "aws/sts_client.h"

#include <pugixml.hpp>

#include "aws/sigv4.h"
#include "common/time_format.h"

namespace cwlog::detail {
namespace {

constexpr const char* sts_api_version = "2011-06-15";

void add_param(std::string& body, std::string_view name, std::string_view value) {
  if (!body.empty()) body += '&';
  body += name;
  body += '=';
  body += sigv4::uri_encode(value);  // as botocore's query serializer writes it
}

std::string child_text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

}  // namespace

std::string to_string(const sts_error& e) {
  std::string s = "sts: " + e.code;
  if (e.status != 0) s += " (HTTP " + std::to_string(e.status) + ")";
  if (!e.message.empty()) s += ": " + e.message;
  return s;
}

sts_client::sts_client(std::string endpoint, std::string signing_region,
                       std::shared_ptr<http_transport> transport, std::shared_ptr<clock_source> clock,
                       std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)),
      signing_region_(std::move(signing_region)),
      transport_(std::move(transport)),
      clock_(std::move(clock)),
      timeout_(timeout) {
  while (endpoint_.ends_with('/')) endpoint_.pop_back();
}

std::expected<credentials, sts_error> parse_sts_credentials(int status, const std::string& body,
                                                            const char* result_element) {
  pugi::xml_document doc;
  const bool parsed = static_cast<bool>(doc.load_buffer(body.data(), body.size()));
  if (status != 200) {
    sts_error e{status, "HTTP " + std::to_string(status), {}};
    if (parsed) {
      // <ErrorResponse><Error><Code>..; also tolerate a bare <Error> root.
      pugi::xml_node err = doc.child("ErrorResponse").child("Error");
      if (!err) err = doc.child("Error");
      if (err) {
        e.code = child_text(err, "Code");
        e.message = child_text(err, "Message");
      }
    }
    return std::unexpected(e);
  }
  if (!parsed) return std::unexpected(sts_error{status, "malformed", "the response is not XML"});
  const std::string response_name =
      std::string(result_element).substr(0, std::string(result_element).size() - 6) +
      "Response";  // "AssumeRoleResult" -> "AssumeRoleResponse"
  pugi::xml_node creds = doc.child(response_name.c_str()).child(result_element).child("Credentials");
  if (!creds)
    return std::unexpected(
        sts_error{status, "malformed", "no " + response_name + "/" + result_element + "/Credentials"});
  credentials c{child_text(creds, "AccessKeyId"), child_text(creds, "SecretAccessKey"),
                child_text(creds, "SessionToken"), std::nullopt};
  if (c.access_key_id.empty() || c.secret_access_key.empty() || c.session_token.empty())
    return std::unexpected(
        sts_error{status, "malformed", "Credentials lack AccessKeyId, SecretAccessKey or SessionToken"});
  c.expiration = parse_iso8601(child_text(creds, "Expiration"));
  if (!c.expiration)
    return std::unexpected(sts_error{status, "malformed", "Credentials/Expiration is not ISO 8601"});
  return c;
}

// The query-protocol POST both calls start with: action, API version and role.
http_request sts_client::role_request(std::string_view action, const std::string& role_arn,
                                      const std::string& session_name) const {
  http_request req;
  req.method = "POST";
  req.url = endpoint_ + "/";
  req.timeout = timeout_;
  req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"});
  add_param(req.body, "Action", action);
  add_param(req.body, "Version", sts_api_version);
  add_param(req.body, "RoleArn", role_arn);
  add_param(req.body, "RoleSessionName", session_name);
  return req;
}

std::expected<credentials, sts_error> sts_client::call(http_request request, const char* result_element) {
  auto res = transport_->send(request);
  if (!res) return std::unexpected(sts_error{0, "transport", res.error().message + " (" + endpoint_ + ")"});
  return parse_sts_credentials(res->status, res->body, result_element);
}

std::expected<credentials, sts_error> sts_client::assume_role(const assume_role_request& r,
                                                              const credentials& source) {
  http_request req = role_request("AssumeRole", r.role_arn, r.role_session_name);
  if (!r.external_id.empty()) add_param(req.body, "ExternalId", r.external_id);
  if (r.duration_seconds) add_param(req.body, "DurationSeconds", std::to_string(*r.duration_seconds));
  sigv4::sign(req, source, signing_region_, "sts", clock_->now());
  return call(std::move(req), "AssumeRoleResult");
}

std::expected<credentials, sts_error> sts_client::assume_role_with_web_identity(
    const web_identity_request& r) {
  http_request req = role_request("AssumeRoleWithWebIdentity", r.role_arn, r.role_session_name);
  add_param(req.body, "WebIdentityToken", r.web_identity_token);
  return call(std::move(req), "AssumeRoleWithWebIdentityResult");
}

}  // namespace cwlog::detail

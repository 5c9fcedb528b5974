// EC2 instance metadata (IMDSv2 only) — botocore's InstanceMetadataFetcher
// with ec2_metadata_v1_disabled, which is the only mode we have:
//   PUT  /latest/api/token  (X-aws-ec2-metadata-token-ttl-seconds: 21600)
//   GET  /latest/meta-data/iam/security-credentials/        -> role name
//   GET  /latest/meta-data/iam/security-credentials/<role>  -> JSON
// both GETs with X-aws-ec2-metadata-token. If the token cannot be had we stop:
// falling back to IMDSv1 would defeat the point of requiring v2.
// Endpoint: AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint,
// else IPv6 mode (…_ENDPOINT_MODE=IPv6) http://[fd00:ec2::254], else
// http://169.254.169.254. AWS_EC2_METADATA_DISABLED=true turns it off.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "aws/providers.h"

namespace cwlog::detail {

namespace {

constexpr const char* token_ttl_seconds = "21600";

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class imds_client {
 public:
  explicit imds_client(const provider_context& ctx)
      : env_(ctx.env), transport_(ctx.transport), timeout_(ctx.metadata_timeout), base_(imds_base_url(ctx)) {}

  bool disabled() const { return env_.get_bool("AWS_EC2_METADATA_DISABLED"); }
  const std::string& base() const { return base_; }

  // The body of GET <path>, or why not.
  std::expected<std::string, std::string> get(const std::string& path) {
    if (token_.empty()) {
      http_request put;
      put.method = "PUT";
      put.url = base_ + "/latest/api/token";
      put.timeout = timeout_;
      put.headers.push_back({"x-aws-ec2-metadata-token-ttl-seconds", token_ttl_seconds});
      auto res = transport_->send(put);
      if (!res || res->status != 200 || res->body.empty())
        return std::unexpected("IMDSv2 token: " + describe_http_failure(res, put.url));
      token_ = res->body;
    }
    http_request req;
    req.method = "GET";
    req.url = base_ + path;
    req.timeout = timeout_;
    req.headers.push_back({"x-aws-ec2-metadata-token", token_});
    auto res = transport_->send(req);
    if (!res || res->status != 200) {
      if (res && res->status == 401) token_.clear();  // expired or wrong token: fetch a new one next time
      return std::unexpected(describe_http_failure(res, req.url));
    }
    return res->body;
  }

 private:
  environment env_;
  std::shared_ptr<http_transport> transport_;
  std::chrono::milliseconds timeout_;
  std::string base_;
  std::string token_;  // never logged
};

class imds_provider final : public chain_provider {
 public:
  explicit imds_provider(const provider_context& ctx) : client_(ctx) {}
  std::string name() const override { return "imds"; }

  provider_result load() override {
    if (client_.disabled()) return not_configured("AWS_EC2_METADATA_DISABLED is true");
    static const std::string creds_path = "/latest/meta-data/iam/security-credentials/";
    auto role = client_.get(creds_path);
    if (!role) return not_configured("no instance role at " + client_.base() + ": " + role.error());
    std::string role_name = role->substr(0, role->find('\n'));
    while (!role_name.empty() && std::isspace(static_cast<unsigned char>(role_name.back())))
      role_name.pop_back();
    if (role_name.empty()) return not_configured("the instance has no IAM role");
    auto doc = client_.get(creds_path + role_name);
    // botocore returns "no credentials" (not an error) when IMDS fails.
    if (!doc) return not_configured("instance role credentials: " + doc.error());
    auto parsed = nlohmann::json::parse(*doc, nullptr, false);
    if (parsed.is_object() && parsed.contains("Code") && parsed["Code"] != "Success")
      return not_configured("IMDS answered Code " + parsed["Code"].dump());
    auto creds = parse_credentials_json(*doc, "Token", "IMDS role " + role_name);
    if (!creds) return not_configured(creds.error().message);
    return creds;
  }

 private:
  imds_client client_;
};

}  // namespace

std::string imds_base_url(const provider_context& ctx) {
  const auto* p = ctx.profile();
  std::string base;
  if (auto ep = ctx.env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    base = *ep;
  } else if (auto pep = p ? p->get_nonempty("ec2_metadata_service_endpoint") : std::nullopt) {
    base = *pep;
  } else {
    auto mode = ctx.env.get_nonempty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
    if (!mode && p) mode = p->get_nonempty("ec2_metadata_service_endpoint_mode");
    base = (mode && lower(*mode) == "ipv6") ? "http://[fd00:ec2::254]" : "http://169.254.169.254";
  }
  while (base.ends_with('/')) base.pop_back();
  return base;
}

std::unique_ptr<chain_provider> make_imds_provider(const provider_context& ctx) {
  return std::make_unique<imds_provider>(ctx);
}

std::expected<std::string, std::string> imds_region(const provider_context& ctx) {
  imds_client client(ctx);
  if (client.disabled()) return std::unexpected("AWS_EC2_METADATA_DISABLED is true");
  auto az = client.get("/latest/meta-data/placement/availability-zone/");
  if (!az) return std::unexpected(az.error());
  // botocore's InstanceMetadataRegionFetcher: the zone minus its letter.
  std::string zone = *az;
  while (!zone.empty() && std::isspace(static_cast<unsigned char>(zone.back()))) zone.pop_back();
  if (zone.size() < 2) return std::unexpected("IMDS returned an empty availability zone");
  zone.pop_back();
  return zone;
}

}  // namespace cwlog::detail

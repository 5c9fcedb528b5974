// Container credentials (ECS task roles and EKS Pod Identity) — botocore's
// ContainerProvider and ContainerMetadataFetcher:
//  - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET http://169.254.170.2<uri>;
//  - else AWS_CONTAINER_CREDENTIALS_FULL_URI: any https URL, or an http URL
//    whose host is loopback (127.0.0.0/8, ::1, localhost) or one of the
//    documented ECS/EKS addresses 169.254.170.2, 169.254.170.23, fd00:ec2::23;
//  - Authorization: the contents of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
//    (re-read at every fetch: EKS rotates it), else
//    AWS_CONTAINER_AUTHORIZATION_TOKEN; a token with CR/LF is refused.
#include <arpa/inet.h>

#include <algorithm>

#include "aws/providers.h"

namespace cwlog::detail {
namespace {

constexpr const char* ecs_address = "169.254.170.2";

struct url_parts {
  std::string scheme;
  std::string host;  // without [] for IPv6
};

std::optional<url_parts> split_url(const std::string& url) {
  const auto sep = url.find("://");
  if (sep == std::string::npos) return std::nullopt;
  url_parts p;
  p.scheme = url.substr(0, sep);
  std::ranges::transform(p.scheme, p.scheme.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    p.host = rest.substr(1, close - 1);
  } else {
    p.host = rest.substr(0, rest.find(':'));
  }
  if (p.host.empty()) return std::nullopt;
  return p;
}

bool is_loopback(const std::string& host) {
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

bool is_allowed_container_host(const std::string& host) {
  if (is_loopback(host)) return true;
  static constexpr std::string_view allowed[] = {"169.254.170.2", "169.254.170.23", "fd00:ec2::23",
                                                 "localhost"};
  return std::ranges::find(allowed, host) != std::end(allowed);
}

class container_provider final : public chain_provider {
 public:
  explicit container_provider(const provider_context& ctx)
      : env_(ctx.env), transport_(ctx.transport), timeout_(ctx.metadata_timeout) {}
  std::string name() const override { return "container"; }

  provider_result load() override {
    auto target = container_credentials_url(env_);
    if (!target) return std::unexpected(target.error());
    const std::string& url = *target;
    http_request req;
    req.method = "GET";
    req.url = url;
    req.timeout = timeout_;
    req.headers.push_back({"Accept", "application/json"});
    std::optional<std::string> token;
    if (auto file = env_.get_nonempty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      token = env_.read_file(*file);
      if (!token) return provider_failed("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + *file);
    } else if (auto value = env_.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
      token = *value;
    }
    if (token) {
      if (token->find_first_of("\r\n") != std::string::npos)
        return provider_failed("the container authorization token contains a line break");
      req.headers.push_back({"Authorization", *token});
    }
    // botocore tries 3 times; once the endpoint answered, an error is final.
    http_result res;
    for (int attempt = 0; attempt < 2; ++attempt) {
      res = transport_->send(req);
      if (res && res->status < 500) break;
    }
    if (!res || res->status != 200)
      return provider_failed("container endpoint: " + describe_http_failure(res, url));
    return parse_credentials_json(res->body, "Token", "container endpoint " + url);
  }

 private:
  environment env_;
  std::shared_ptr<http_transport> transport_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::expected<std::string, provider_error> container_credentials_url(const environment& env) {
  if (auto rel = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
    return std::string("http://") + ecs_address + *rel;
  auto full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (!full)
    return std::unexpected(provider_error{
        false,
        "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"});
  auto parts = split_url(*full);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https"))
    return std::unexpected(provider_error{true, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL"});
  if (parts->scheme == "http" && !is_allowed_container_host(parts->host))
    return std::unexpected(
        provider_error{true, "AWS_CONTAINER_CREDENTIALS_FULL_URI host \"" + parts->host +
                                 "\" is not allowed over http: use https, a loopback address, or one of "
                                 "169.254.170.2, 169.254.170.23, fd00:ec2::23"});
  return *full;
}

std::unique_ptr<chain_provider> make_container_provider(const provider_context& ctx) {
  return std::make_unique<container_provider>(ctx);
}

}  // namespace cwlog::detail

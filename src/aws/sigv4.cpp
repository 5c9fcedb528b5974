#include "aws/sigv4.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include <cwlog/error.h>

#include "aws/crypto.h"
#include "common/time_format.h"
#include "http/gzip.h"

namespace cwlog::detail::sigv4 {
namespace {

using namespace std::chrono;

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// AWS's UriEncode: every byte but the unreserved ones as %XX (upper-case hex).
void uri_encode(std::string_view in, bool keep_slash, std::string& out) {
  static constexpr char digits[] = "0123456789ABCDEF";
  for (unsigned char c : in) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 0x0f]);
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes valid %XX only; anything else (a lone '%', '+') stays literal, so a
// query that was never encoded (the test suite's raw request lines) and one
// that was both canonicalise the same way.
std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Trim and collapse every whitespace run to one space (botocore: ' '.join(v.split())).
void append_canonical_value(std::string_view value, std::string& out) {
  bool pending_space = false;
  bool any = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = any;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    any = true;
    out.push_back(c);
  }
}

struct url_parts {
  std::string scheme;
  std::string authority;
  std::string path;
  std::string query;
};

std::optional<url_parts> split_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  url_parts parts;
  parts.scheme = to_lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto authority_end = rest.find_first_of("/?");
  parts.authority = std::string(rest.substr(0, authority_end));
  if (const auto at = parts.authority.rfind('@'); at != std::string::npos) parts.authority.erase(0, at + 1);
  if (parts.authority.empty()) return std::nullopt;
  if (authority_end == std::string_view::npos) return parts;
  rest = rest.substr(authority_end);
  const auto question = rest.find('?');
  parts.path = std::string(rest.substr(0, question));
  if (question != std::string_view::npos) parts.query = std::string(rest.substr(question + 1));
  return parts;
}

// Host header value: the authority without the scheme's default port (what
// SDKs sign and what libcurl would send).
std::string host_header(const url_parts& parts) {
  std::string host = parts.authority;
  const std::string_view default_port = parts.scheme == "https"  ? ":443"
                                        : parts.scheme == "http" ? ":80"
                                                                 : "";
  if (!default_port.empty() && host.size() > default_port.size() && host.ends_with(default_port) &&
      host.back() != ']') {
    host.resize(host.size() - default_port.size());
  }
  return host;
}

void erase_header(std::vector<http_header>& headers, std::string_view name) {
  std::erase_if(headers, [&](const http_header& h) { return header_name_equals(h.name, name); });
}

}  // namespace

std::string uri_encode(std::string_view in, bool keep_slash) {
  std::string out;
  out.reserve(in.size());
  uri_encode(in, keep_slash, out);
  return out;
}

// --- inputs ------------------------------------------------------------------

signing_input signing_input::from_request(const http_request& request) {
  signing_input input;
  input.method = request.method;
  if (auto parts = split_url(request.url)) {
    input.raw_path = std::move(parts->path);
    input.raw_query = std::move(parts->query);
  }
  input.headers = request.headers;
  input.payload_hash = sha256_hex(request.body, request.body_pieces);
  return input;
}

signing_input signing_input::from_parts(std::string method, std::string raw_path, std::string raw_query,
                                        std::vector<http_header> headers, std::string_view body) {
  signing_input input;
  input.method = std::move(method);
  input.raw_path = std::move(raw_path);
  input.raw_query = std::move(raw_query);
  input.headers = std::move(headers);
  input.payload_hash = sha256_hex(body);
  return input;
}

// --- time --------------------------------------------------------------------

std::string amz_date(time_point when) {
  // ISO 8601 basic format: "20150830T123600Z".
  std::string text = format_iso8601_utc(when);
  std::erase_if(text, [](char c) { return c == '-' || c == ':'; });
  return text;
}

std::string amz_day(time_point when) {
  return amz_date(when).substr(0, 8);
}

std::optional<time_point> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const auto number = [text](std::size_t pos, std::size_t len) { return parse_fixed_digits(text, pos, len); };
  const int y = number(0, 4), mo = number(4, 2), d = number(6, 2);
  const int h = number(9, 2), mi = number(11, 2), s = number(13, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return to_system_time(sys_days{ymd} + hours{h} + minutes{mi} + seconds{s});
}

// --- stages ------------------------------------------------------------------

std::string canonical_uri(std::string_view raw_path) {
  // Remove dot segments and empty segments (collapses "//").
  std::vector<std::string_view> segments;
  bool trailing_slash = false;
  std::size_t pos = 0;
  while (pos <= raw_path.size()) {
    const auto next = std::min(raw_path.find('/', pos), raw_path.size());
    const std::string_view segment = raw_path.substr(pos, next - pos);
    const bool last = next == raw_path.size();
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = true;
    } else if (segment == "." || segment.empty()) {
      trailing_slash = true;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    if (last) break;
    pos = next + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('/');
    uri_encode(segments[i], false, out);
  }
  if (trailing_slash && !segments.empty()) out.push_back('/');
  return out;
}

std::string canonical_query(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t pos = 0;
  while (pos <= raw_query.size() && !raw_query.empty()) {
    const auto next = std::min(raw_query.find('&', pos), raw_query.size());
    const std::string_view item = raw_query.substr(pos, next - pos);
    if (!item.empty()) {
      const auto eq = item.find('=');
      std::string key, value;
      uri_encode(percent_decode(item.substr(0, eq)), false, key);
      if (eq != std::string_view::npos) uri_encode(percent_decode(item.substr(eq + 1)), false, value);
      pairs.emplace_back(std::move(key), std::move(value));
    }
    pos = next + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += key;
    out.push_back('=');
    out += value;
  }
  return out;
}

std::vector<std::string> headers_to_sign(const std::vector<http_header>& headers) {
  std::vector<std::string> names;
  for (const auto& header : headers) {
    std::string name = to_lower(header.name);
    if (name == "authorization" || name == "user-agent" || name == "expect" || name == "x-amzn-trace-id") {
      continue;
    }
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string signed_headers_list(const std::vector<std::string>& signed_headers) {
  std::string out;
  for (const auto& name : signed_headers) {
    if (!out.empty()) out.push_back(';');
    out += name;
  }
  return out;
}

std::string canonical_request(const signing_input& input, const std::vector<std::string>& signed_headers) {
  std::string out;
  out.reserve(256);
  out += input.method;
  out.push_back('\n');
  out += canonical_uri(input.raw_path);
  out.push_back('\n');
  out += canonical_query(input.raw_query);
  out.push_back('\n');
  for (const auto& name : signed_headers) {
    out += name;
    out.push_back(':');
    bool first = true;
    for (const auto& header : input.headers) {
      if (!header_name_equals(header.name, name)) continue;
      if (!first) out.push_back(',');
      first = false;
      append_canonical_value(header.value, out);
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  out += signed_headers_list(signed_headers);
  out.push_back('\n');
  out += input.payload_hash;
  return out;
}

std::string credential_scope(time_point when, std::string_view region, std::string_view service) {
  std::string out = amz_day(when);
  out.push_back('/');
  out += region;
  out.push_back('/');
  out += service;
  out += "/aws4_request";
  return out;
}

std::string string_to_sign(std::string_view canonical_request, time_point when, std::string_view region,
                           std::string_view service) {
  std::string out(algorithm);
  out.push_back('\n');
  out += amz_date(when);
  out.push_back('\n');
  out += credential_scope(when, region, service);
  out.push_back('\n');
  out += sha256_hex(canonical_request);
  return out;
}

std::string signing_key(std::string_view secret_access_key, time_point when, std::string_view region,
                        std::string_view service) {
  std::string secret = "AWS4";
  secret += secret_access_key;
  const std::string k_date = hmac_sha256(secret, amz_day(when));
  // Wipe the copy of the secret rather than leave it in freed memory.
  std::fill(secret.begin(), secret.end(), '\0');
  const std::string k_region = hmac_sha256(k_date, region);
  const std::string k_service = hmac_sha256(k_region, service);
  return hmac_sha256(k_service, "aws4_request");
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
  return hex_encode(hmac_sha256(signing_key, string_to_sign));
}

std::string authorization_header(std::string_view access_key_id, std::string_view credential_scope,
                                 const std::vector<std::string>& signed_headers, std::string_view signature) {
  std::string out(algorithm);
  out += " Credential=";
  out += access_key_id;
  out.push_back('/');
  out += credential_scope;
  out += ", SignedHeaders=";
  out += signed_headers_list(signed_headers);
  out += ", Signature=";
  out += signature;
  return out;
}

std::string authorize(const signing_input& input, const credentials& creds, std::string_view region,
                      std::string_view service, time_point when) {
  const auto names = headers_to_sign(input.headers);
  const auto sts = string_to_sign(canonical_request(input, names), when, region, service);
  const auto sig = signature(signing_key(creds.secret_access_key, when, region, service), sts);
  return authorization_header(creds.access_key_id, credential_scope(when, region, service), names, sig);
}

void sign(http_request& request, const credentials& creds, std::string_view region, std::string_view service,
          time_point when) {
  const auto parts = split_url(request.url);
  if (!parts) {
    throw error("sigv4::sign: URL '" + request.url + "' is not scheme://host[:port][/path][?query]");
  }
  if (request.gzip_body) {
    if (!request.body_pieces.empty()) {
      request.body = whole_body(request);
      request.body_pieces.clear();
    }
    request.body = gzip_compress(request.body);
    erase_header(request.headers, "Content-Encoding");
    request.headers.push_back({"Content-Encoding", "gzip"});
    request.gzip_body = false;
  }
  erase_header(request.headers, "Authorization");
  erase_header(request.headers, "X-Amz-Date");
  erase_header(request.headers, "X-Amz-Security-Token");
  if (!has_header(request.headers, "Host")) request.headers.push_back({"Host", host_header(*parts)});
  request.headers.push_back({"X-Amz-Date", amz_date(when)});
  if (!creds.session_token.empty()) request.headers.push_back({"X-Amz-Security-Token", creds.session_token});
  const auto value = authorize(signing_input::from_request(request), creds, region, service, when);
  request.headers.push_back({"Authorization", value});
}

}  // namespace cwlog::detail::sigv4

// SigV4 beyond the known-answer suite: sign() on real requests (Host, date,
// session token, gzip), the signing time as a parameter, and the server-side
// verification round trip that `cwlog local` relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include <cwlog/error.h>

#include "aws/crypto.h"
#include "aws/sigv4.h"
#include "http/gzip.h"

namespace cwlog::detail::sigv4 {
namespace {

using namespace std::chrono_literals;

const credentials long_term{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt};
const credentials session{"ASIAEXAMPLE",
                          "c2VjcmV0LXNlY3JldC1zZWNyZXQ=", "FwoGZXIvYXdzEXAMPLETOKEN//+=", std::nullopt};

time_point at(std::string_view amz) {
  return parse_amz_date(amz).value();
}

std::string_view header(const http_request& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return {};
}

std::size_t count_header(const http_request& r, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(r.headers.begin(), r.headers.end(),
                                                [&](const http_header& h) { return h.name == name; }));
}

http_request logs_request() {
  http_request r;
  r.method = "POST";
  r.url = "https://logs.us-east-1.amazonaws.com/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"},
               {"X-Amz-Target", "Logs_20140328.PutLogEvents"}};
  r.body = R"({"logGroupName":"g","logStreamName":"s","logEvents":[{"timestamp":1,"message":"hi"}]})";
  return r;
}

// What a server sees: the request as received.
signing_input server_view(const http_request& r) {
  return signing_input::from_request(r);
}

TEST(crypto, sha256_and_hmac_known_answers) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string_view pieces[] = {"b", "", "c"};
  EXPECT_EQ(sha256_hex("a", pieces), sha256_hex("abc"));
  EXPECT_EQ(sha256_hex("abc", {}), sha256_hex("abc"));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(sigv4_time, amz_date_round_trip_and_rejects_garbage) {
  const auto t = at("20240229T235959Z");
  EXPECT_EQ(amz_date(t), "20240229T235959Z");
  EXPECT_EQ(amz_day(t), "20240229");
  EXPECT_FALSE(parse_amz_date("20230229T000000Z"));  // not a leap year
  EXPECT_FALSE(parse_amz_date("20240101T240000Z"));
  EXPECT_FALSE(parse_amz_date("2024-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_amz_date(""));
}

TEST(sigv4_canonical, uri_normalises_and_double_encodes) {
  EXPECT_EQ(canonical_uri(""), "/");
  EXPECT_EQ(canonical_uri("/a/./b/../c"), "/a/c");
  EXPECT_EQ(canonical_uri("//a//b//"), "/a/b/");
  EXPECT_EQ(canonical_uri("/a/b/.."), "/a/");
  // Already-encoded paths are encoded a second time (every service but S3).
  EXPECT_EQ(canonical_uri("/a%20b"), "/a%2520b");
  EXPECT_EQ(canonical_uri("/a b"), "/a%20b");
}

TEST(sigv4_canonical, query_sorted_and_encoded_once) {
  EXPECT_EQ(canonical_query(""), "");
  EXPECT_EQ(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(canonical_query("a=%41%2f"), "a=A%2F");
  EXPECT_EQ(canonical_query("flag"), "flag=");
  EXPECT_EQ(canonical_query("a=b+c"), "a=b%2Bc");
}

TEST(sigv4_sign, adds_host_date_and_authorization) {
  auto r = logs_request();
  sign(r, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_EQ(header(r, "Host"), "logs.us-east-1.amazonaws.com");
  EXPECT_EQ(header(r, "X-Amz-Date"), "20260101T120000Z");
  EXPECT_EQ(count_header(r, "X-Amz-Security-Token"), 0u);
  const auto auth = parse_authorization(header(r, "Authorization"));
  ASSERT_TRUE(auth) << auth.error();
  EXPECT_EQ(auth->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(auth->date, "20260101");
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->service, "logs");
  EXPECT_EQ(auth->signed_headers,
            (std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-target"}));
}

TEST(sigv4_sign, host_keeps_non_default_port_only) {
  http_request a;
  a.url = "http://127.0.0.1:4566/";
  sign(a, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_EQ(header(a, "Host"), "127.0.0.1:4566");
  http_request b;
  b.url = "https://logs.eu-west-1.amazonaws.com:443";
  sign(b, long_term, "eu-west-1", "logs", at("20260101T120000Z"));
  EXPECT_EQ(header(b, "Host"), "logs.eu-west-1.amazonaws.com");
}

TEST(sigv4_sign, session_token_is_added_and_signed) {
  auto r = logs_request();
  sign(r, session, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_EQ(header(r, "X-Amz-Security-Token"), session.session_token);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  EXPECT_NE(std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "x-amz-security-token"),
            auth.signed_headers.end());
  EXPECT_TRUE(verify_signature(server_view(r), session.secret_access_key, auth, at("20260101T120000Z")));
  // A swapped token breaks the signature: the token is covered.
  for (auto& h : r.headers) {
    if (h.name == "X-Amz-Security-Token") h.value = "other-token";
  }
  EXPECT_FALSE(verify_signature(server_view(r), session.secret_access_key, auth, at("20260101T120000Z")));
}

TEST(sigv4_sign, signing_time_is_the_parameter) {
  auto a = logs_request();
  auto b = logs_request();
  sign(a, long_term, "us-east-1", "logs", at("20150830T123600Z"));
  sign(b, long_term, "us-east-1", "logs", at("20150830T123601Z"));
  EXPECT_EQ(header(a, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(header(b, "X-Amz-Date"), "20150830T123601Z");
  EXPECT_NE(header(a, "Authorization"), header(b, "Authorization"));
  // Same inputs and time: the same signature (nothing else leaks in).
  auto c = logs_request();
  sign(c, long_term, "us-east-1", "logs", at("20150830T123600Z"));
  EXPECT_EQ(header(a, "Authorization"), header(c, "Authorization"));
}

TEST(sigv4_sign, resigning_replaces_previous_signature_headers) {
  auto r = logs_request();
  sign(r, session, "us-east-1", "logs", at("20260101T120000Z"));
  sign(r, session, "us-east-1", "logs", at("20260101T120500Z"));
  EXPECT_EQ(count_header(r, "Authorization"), 1u);
  EXPECT_EQ(count_header(r, "X-Amz-Date"), 1u);
  EXPECT_EQ(count_header(r, "X-Amz-Security-Token"), 1u);
  EXPECT_EQ(count_header(r, "Host"), 1u);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  EXPECT_TRUE(verify_signature(server_view(r), session.secret_access_key, auth, at("20260101T120500Z")));
}

TEST(sigv4_sign, gzip_body_is_compressed_before_signing) {
  auto r = logs_request();
  const std::string original = r.body;
  r.gzip_body = true;
  sign(r, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_FALSE(r.gzip_body);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(gzip_decompress(r.body).value(), original);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  EXPECT_TRUE(verify_signature(server_view(r), long_term.secret_access_key, auth, at("20260101T120000Z")));
}

// A body partly in pieces is signed as the bytes it sends: the signature of
// the joined body, which is what a server hashes.
TEST(sigv4_sign, body_pieces_are_signed_as_the_bytes_they_make) {
  auto joined = logs_request();
  auto r = logs_request();
  const std::string whole = r.body;
  r.body = whole.substr(0, 20);
  const std::string_view rest(whole);
  r.body_pieces = {rest.substr(20, 30), rest.substr(50, 0), rest.substr(50)};
  sign(joined, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  sign(r, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_EQ(header(r, "Authorization"), header(joined, "Authorization"));
  const auto received = signing_input::from_parts("POST", "/", "", r.headers, whole);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  EXPECT_TRUE(verify_signature(received, long_term.secret_access_key, auth, at("20260101T120000Z")));

  auto packed = logs_request();
  packed.body = whole.substr(0, 20);
  packed.body_pieces = {rest.substr(20)};
  packed.gzip_body = true;
  sign(packed, long_term, "us-east-1", "logs", at("20260101T120000Z"));
  EXPECT_TRUE(packed.body_pieces.empty());
  EXPECT_EQ(gzip_decompress(packed.body).value(), whole);
}

TEST(sigv4_sign, rejects_url_without_host) {
  http_request r;
  r.url = "/just/a/path";
  EXPECT_THROW(sign(r, long_term, "us-east-1", "logs", at("20260101T120000Z")), cwlog::error);
}

TEST(sigv4_verify, round_trip_and_tampering) {
  const auto when = at("20260101T120000Z");
  auto r = logs_request();
  sign(r, long_term, "us-east-1", "logs", when);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  const auto ok = verify_signature(server_view(r), long_term.secret_access_key, auth, when);
  EXPECT_TRUE(ok) << ok.error();
  EXPECT_EQ(expected_signature(server_view(r), long_term.secret_access_key, auth, when), auth.signature);

  auto tampered = r;
  tampered.body += " ";
  EXPECT_FALSE(verify_signature(server_view(tampered), long_term.secret_access_key, auth, when));
  EXPECT_FALSE(verify_signature(server_view(r), "not-the-secret", auth, when));
  // Another time on the same day: the scope matches, the signature does not.
  EXPECT_FALSE(verify_signature(server_view(r), long_term.secret_access_key, auth, when + 1s));
  // Another day: rejected on the scope date before any signature work.
  const auto next_day = verify_signature(server_view(r), long_term.secret_access_key, auth, when + 24h);
  ASSERT_FALSE(next_day);
  EXPECT_NE(next_day.error().find("date"), std::string::npos);

  auto missing = r;
  std::erase_if(missing.headers, [](const http_header& h) { return h.name == "X-Amz-Target"; });
  const auto missing_result = verify_signature(server_view(missing), long_term.secret_access_key, auth, when);
  ASSERT_FALSE(missing_result);
  EXPECT_NE(missing_result.error().find("x-amz-target"), std::string::npos);
  // The error never echoes the secret.
  EXPECT_EQ(missing_result.error().find(long_term.secret_access_key), std::string::npos);
}

TEST(sigv4_verify, header_case_and_order_do_not_matter_to_the_server) {
  const auto when = at("20260101T120000Z");
  auto r = logs_request();
  sign(r, long_term, "us-east-1", "logs", when);
  const auto auth = parse_authorization(header(r, "Authorization")).value();
  auto received = r;
  std::reverse(received.headers.begin(), received.headers.end());
  for (auto& h : received.headers) {
    std::transform(h.name.begin(), h.name.end(), h.name.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  }
  EXPECT_TRUE(verify_signature(server_view(received), long_term.secret_access_key, auth, when));
}

TEST(sigv4_verify, parse_authorization_rejects_malformed_headers) {
  const std::string good =
      "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, "
      "SignedHeaders=host;x-amz-date, "
      "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  const auto parsed = parse_authorization(good);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
  EXPECT_EQ(parsed->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

  EXPECT_FALSE(parse_authorization(""));
  EXPECT_FALSE(parse_authorization("AWS4-HMAC-SHA1 Credential=a/b/c/d/aws4_request"));
  EXPECT_FALSE(
      parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, "
                          "SignedHeaders=host"));
  EXPECT_FALSE(
      parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/2015/us-east-1/service/aws4_request, "
                          "SignedHeaders=host, Signature=" +
                          std::string(64, 'a')));
  EXPECT_FALSE(
      parse_authorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, "
                          "SignedHeaders=host, Signature=XYZ"));
  EXPECT_FALSE(parse_authorization("AWS4-HMAC-SHA256 garbage"));
}

}  // namespace
}  // namespace cwlog::detail::sigv4

// The tenant-name encoding: examples from docs/tenant-names.md, the nasty
// ids, and a property test over millions of random ids proving that distinct
// ids never share a name and that every name is valid.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <cwlog/tenant.h>

#include "route/name_checks.h"
#include "route/name_template.h"
#include "route/tenant_encoding.h"

namespace cwlog::detail {
namespace {

std::vector<std::string> nasty_ids() {
  std::vector<std::string> ids = {"",
                                  "a",
                                  "A",
                                  "aws",
                                  "aws/",
                                  "AWS/",
                                  "Aws",
                                  "..",
                                  ".",
                                  "/",
                                  "-",
                                  "_",
                                  "__",
                                  "_z",
                                  "_41",
                                  "a-x",
                                  "a_2dx",
                                  "a-",
                                  "-a",
                                  "a/b",
                                  "a.b",
                                  "a#b",
                                  "acme",
                                  "Acme",
                                  "ACME",
                                  "aCmE",
                                  ":",
                                  "*",
                                  "a:b*c",
                                  "{tenant}",
                                  "${HOME}",
                                  "\n",
                                  "\r\n",
                                  "\t",
                                  " ",
                                  "\x7f",
                                  "\xff",
                                  "\xc3",
                                  "\xc3\xa9",
                                  "é",
                                  "Ä",
                                  "日本",
                                  "\xf0\x9f\x98\x80",
                                  "🙂",
                                  "%2F",
                                  "a%2Fb",
                                  "../../etc",
                                  "aws/lambda/x",
                                  "0",
                                  "00"};
  ids.push_back(std::string(1, '\0'));
  ids.push_back(std::string("a\0b", 3));
  ids.push_back(std::string(2, '\0'));
  for (const std::size_t n : {42u, 43u, 127u, 128u, 129u, 200u, 511u, 512u, 513u, 10000u}) {
    ids.push_back(std::string(n, 'a'));
    ids.push_back(std::string(n, 'A'));
    ids.push_back(std::string(n, '-'));
  }
  ids.push_back(std::string(10000, 'a') + "b");
  ids.push_back("b" + std::string(10000, 'a'));
  return ids;
}

TEST(Encoding, DocumentedExamples) {
  EXPECT_EQ(encode_name_value("acme"), "acme");
  EXPECT_EQ(encode_name_value("Acme"), "_41cme");
  EXPECT_EQ(encode_name_value("a-b"), "a_2db");
  EXPECT_EQ(encode_name_value(""), "_");
  EXPECT_EQ(encode_name_value("_"), "_5f");
  EXPECT_EQ(encode_name_value("aws/"), "aws_2f");
  EXPECT_EQ(encode_name_value("é"), "_c3_a9");
  EXPECT_EQ(encode_name_value(std::string(1, '\0')), "_00");
  const std::string long_id(200, 'x');
  const auto digest = encode_name_value(long_id);
  EXPECT_EQ(digest.size(), digest_value_length);
  EXPECT_EQ(digest.substr(0, 2), "_z");
}

TEST(Encoding, LengthBoundary) {
  EXPECT_EQ(encode_name_value(std::string(128, 'a')), std::string(128, 'a'));  // exactly the limit: verbatim
  EXPECT_EQ(encode_name_value(std::string(129, 'a')).substr(0, 2), "_z");      // one over: digest
  EXPECT_EQ(encode_name_value(std::string(42, 'A')).size(), 126u);             // 42 * 3
  EXPECT_EQ(encode_name_value(std::string(43, 'A')).substr(0, 2), "_z");       // 129 > 128
}

TEST(Encoding, KnownDigest) {
  // SHA-256 of 129 'a's, base32 (RFC 4648) lower-cased and unpadded, computed
  // independently with: python3 -c "import hashlib,base64;
  //   print(base64.b32encode(hashlib.sha256(b'a'*129).digest()).decode().lower().rstrip('='))"
  EXPECT_EQ(encode_name_value(std::string(129, 'a')),
            "_zyewlajfc4vkrzsqobd6or4of4mkfkxgd733dfhxjssr5w5jbm2xa");
}

TEST(Encoding, NastyIdsAreDistinctAndValid) {
  const auto ids = nasty_ids();
  ASSERT_GT(ids.size(), 10u);  // the checks below pass on an empty list
  std::unordered_map<std::string, std::string> seen;
  for (const auto& id : ids) {
    const auto enc = encode_name_value(id);
    ASSERT_LE(enc.size(), max_encoded_value_length);
    for (const char c : enc) ASSERT_TRUE(is_encoded_char(c)) << "id of size " << id.size();
    const auto [it, inserted] = seen.emplace(enc, id);
    if (!inserted) {
      EXPECT_EQ(it->second, id) << "two ids share the name " << enc;
    }
    const auto group = tenant_name("app-customer-{tenant}", id);
    EXPECT_TRUE(test::group_name_ok(group)) << group;
    const auto stream = tenant_stream_name("{tenant}", id);
    EXPECT_TRUE(test::stream_name_ok(stream)) << stream;
    // A group made of the tenant alone cannot start with "aws/" either.
    EXPECT_TRUE(test::group_name_ok(tenant_name("{tenant}", id))) << tenant_name("{tenant}", id);
  }
  // Case variants stay distinct even compared case-insensitively.
  std::unordered_set<std::string> lowered;
  for (const std::string id : {"acme", "Acme", "ACME", "aCmE"}) {
    auto n = tenant_name("app-{tenant}", id);
    for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(lowered.insert(n).second) << n;
  }
}

// Short random ids over an alphabet of the characters that matter (escape,
// digest marker, separators, case, control, non-ASCII) so that many ids are
// near-misses of each other.
std::string random_id(std::mt19937_64& rng) {
  static constexpr char alphabet[] = {'a',  'z',    'A',    'Z',    '0',    '9', '_', '-', '.',
                                      '/',  '#',    ':',    '*',    'f',    '2', 'x', ' ', '\0',
                                      '\n', '\x7f', '\xc3', '\xa9', '\xff', 'w', 's'};
  std::uniform_int_distribution<std::size_t> len(0, 7);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof alphabet - 1);
  std::string id(len(rng), ' ');
  for (auto& c : id) c = alphabet[pick(rng)];
  return id;
}

TEST(EncodingProperty, MillionsOfRandomIdsDecodeBackAndAreValid) {
  // decode(encode(id)) == id for every id proves injectivity without storing
  // millions of names; the hash-set test below covers a stored sample.
  std::mt19937_64 rng(20261124);
  std::string decoded, group;
  constexpr std::size_t n = 3'000'000;
  for (std::size_t i = 0; i < n; ++i) {
    const auto id = random_id(rng);
    const auto enc = encode_name_value(id);
    ASSERT_TRUE(test::decode_name_value(enc, decoded) || id.empty()) << "undecodable: " << enc;
    ASSERT_EQ(decoded, id) << enc;
    group = "app-customer-" + enc;
    ASSERT_TRUE(test::group_name_ok(group)) << group;
  }
}

TEST(EncodingProperty, RandomIdsInAHashSetNeverCollide) {
  std::mt19937_64 rng(7);
  std::unordered_map<std::string, std::string> by_name;
  by_name.reserve(1'200'000);
  std::size_t distinct_ids = 0;
  for (std::size_t i = 0; i < 1'000'000; ++i) {
    auto id = random_id(rng);
    const auto [it, inserted] = by_name.emplace(encode_name_value(id), id);
    if (inserted)
      ++distinct_ids;
    else
      ASSERT_EQ(it->second, id) << "collision on " << it->first;
  }
  EXPECT_GT(distinct_ids, 400'000u);  // the generator really produced many different ids
}

TEST(EncodingProperty, LongIdsGetDistinctDigests) {
  std::mt19937_64 rng(11);
  std::unordered_set<std::string> names;
  std::string base(150, 'a');
  for (std::size_t i = 0; i < 100'000; ++i) {
    // Ids differing in one character at a random place: the hard case for a
    // truncating scheme.
    auto id = base;
    id[rng() % id.size()] = static_cast<char>('b' + rng() % 20);
    id += std::to_string(i);
    const auto enc = encode_name_value(id);
    ASSERT_EQ(enc.size(), digest_value_length);
    ASSERT_TRUE(names.insert(enc).second) << enc;
    ASSERT_TRUE(test::group_name_ok("app-" + enc));
  }
}

TEST(EncodingProperty, TwoValueTemplatesAreInjectiveOnPairs) {
  // "app-customer-a" + "-x" vs "app-customer-a-x": with separators outside the
  // encoded alphabet, (tenant, component) pairs never share a name.
  const auto t = name_template::parse("app-{tenant}-{component}", template_kind::group);
  std::mt19937_64 rng(3);
  std::unordered_map<std::string, std::pair<std::string, std::string>> seen;
  const render_context ctx{"h", 1};
  for (std::size_t i = 0; i < 300'000; ++i) {
    const auto tenant = random_id(rng);
    const auto component = random_id(rng);
    cwlog::record_view rec;
    rec.tenant = tenant;
    rec.logger = component;
    const auto name = t.render(rec, ctx);
    const std::string comp_part = component.substr(0, component.find('.'));
    if (!name) {
      FAIL() << "no name for a record with tenant and logger";
    }
    ASSERT_TRUE(test::group_name_ok(*name)) << *name;
    const auto [it, inserted] = seen.emplace(*name, std::make_pair(tenant, comp_part));
    if (!inserted) {
      ASSERT_EQ(it->second, std::make_pair(tenant, comp_part)) << *name;
    }
  }
}

}  // namespace
}  // namespace cwlog::detail

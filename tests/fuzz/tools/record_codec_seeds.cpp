// Writes the record_codec target's seed corpus in the current record layout:
//   build/tests/fuzz/record_codec_seeds tests/fuzz/corpus/record_codec
// Run it after any change to src/ship/record_codec.* (seeds in an old layout
// are refused by decode() at once, and a campaign then explores nothing).
#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "ship/record_codec.h"

using namespace cwlog;

static void put(const std::string& dir, const std::string& name, const std::string& bytes) {
  std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
}

int main(int, char** argv) {
  const std::string dir = argv[1];
  std::string out;
  record_view plain;
  plain.timestamp_ns = 1'764'000'000'000'000'000;
  plain.logger = "api";
  plain.message = "GET /orders 200";
  detail::encode_record(plain, out);
  put(dir, "plain", out);

  std::vector<field_view> fields{{"order_id", std::int64_t{42}},
                                 {"ratio", 0.5},
                                 {"ok", true},
                                 {"who", std::string_view("acme")},
                                 {"big", std::uint64_t{18'446'744'073'709'551'615u}}};
  record_view rich = plain;
  rich.fields = fields;
  rich.tenant = "acme";
  rich.source = {"src/app.cpp", "handle", 12};
  detail::encode_record(rich, out, 7);
  put(dir, "fields", out);

  std::vector<field_view> nan{{"x", std::numeric_limits<double>::quiet_NaN()}};
  record_view n = plain;
  n.fields = nan;
  detail::encode_record(n, out);
  put(dir, "nan", out);

  std::vector<deferred_arg> args(3);
  args[0].kind = deferred_kind::signed_integer;
  args[0].i = -7;
  args[1].kind = deferred_kind::string;
  args[1].s = "globex";
  args[2].kind = deferred_kind::duration;
  args[2].period = chrono_period::milliseconds;
  args[2].i = 250;
  record_view fmt = plain;
  fmt.message = "order {} for {} in {}";
  detail::encode_record(fmt, out, 0, args);
  put(dir, "deferred_args", out);

  record_view emf = plain;
  emf.message = R"({"_aws":{"Timestamp":1,"CloudWatchMetrics":[]}})";
  detail::encode_record(emf, out, 3, {}, true);
  put(dir, "emf", out);

  detail::encode_record(rich, out, 7);
  put(dir, "truncated", out.substr(0, out.size() / 2));
  return 0;
}

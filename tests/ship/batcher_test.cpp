// Batching under every PutLogEvents rule: count, bytes with the 26-byte
// overhead, event size (split / truncate on UTF-8 boundaries), 24-hour span,
// chronological order, and empty messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "common/utf8.h"
#include "ship/batcher.h"

namespace cwlog::detail {
namespace {

pending_event ev(std::int64_t ts_ms, std::uint64_t seq) {
  pending_event e;
  e.timestamp_ms = ts_ms;
  e.seq = seq;
  e.accounted = 10;
  return e;
}

// The events as make_events made them, their wire forms in `wire`.
struct made {
  wire_buffer wire;
  std::vector<pending_event> events;
  std::string message(std::size_t i) const { return nlohmann::json::parse(events[i].wire()).at("message"); }
};

made make(std::string_view msg, const pending_event& proto, oversize_policy policy, std::size_t max) {
  made m;
  make_events(msg, proto, policy, max, m.wire, m.events);
  return m;
}

// Adds one event of `msg` to the builder (which copies its wire form: `m` goes).
void add(batch_builder& b, pending_event proto, std::string_view msg) {
  const made m = make(msg, proto, oversize_policy::split, max_event_message_bytes);
  for (const auto& e : m.events) b.add(e);
}

// The batch's events parsed as the service would: their messages, in order,
// each checked against the timestamp of its pending_event and held by the batch.
std::vector<std::string> messages(const batch& b) {
  std::vector<std::string> out;
  for (const auto& e : b.events) {
    const auto wire = nlohmann::json::parse(e.wire());
    EXPECT_EQ(wire.at("timestamp").get<std::int64_t>(), e.timestamp_ms);
    out.push_back(wire.at("message"));
  }
  return out;
}

// The request's logEvents as the sender sends them (wire_runs, a comma
// between runs), and as they must be: the events' wire forms, in the batch's
// order, joined by commas.
std::string sent_events(const batch& b) {
  std::string out;
  for (const auto run : wire_runs(b)) (out.empty() ? out : out += ',') += run;
  return out;
}
std::string expected_events(const batch& b) {
  std::string out;
  for (const auto& e : b.events) (out.empty() ? out : out += ',') += e.wire();
  return out;
}

std::size_t aws_bytes(const batch& b) {
  std::size_t n = 0;
  for (const auto& m : messages(b)) n += m.size() + 26;
  return n;
}

TEST(limits, match_the_api_reference) {
  EXPECT_EQ(max_batch_bytes, 1'048'576u);
  EXPECT_EQ(per_event_overhead_bytes, 26u);
  EXPECT_EQ(max_batch_events, 10'000u);
  EXPECT_EQ(max_event_message_bytes, 1'048'550u);
  EXPECT_EQ(max_batch_span, std::chrono::hours(24));
}

TEST(batcher, at_most_10000_events_per_batch) {
  batch_builder b;
  for (std::uint64_t i = 0; i < 25'000; ++i) add(b, ev(1000, i), "m");
  EXPECT_TRUE(b.full());
  EXPECT_EQ(b.size(), 25'000u);
  EXPECT_EQ(b.cut().events.size(), 10'000u);
  EXPECT_EQ(b.cut().events.size(), 10'000u);
  EXPECT_FALSE(b.full());
  const batch last = b.cut();
  EXPECT_EQ(last.events.size(), 5'000u);
  EXPECT_EQ(messages(last).back(), "m");
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.bytes(), 0u);
}

TEST(batcher, at_most_1048576_bytes_counting_26_per_event) {
  batch_builder b;
  const std::string msg(1000, 'x');
  for (std::uint64_t i = 0; i < 2000; ++i) add(b, ev(1000, i), msg);
  EXPECT_EQ(b.bytes(), 2000u * 1026);
  const batch first = b.cut();
  EXPECT_LE(aws_bytes(first), max_batch_bytes);
  EXPECT_EQ(first.bytes, aws_bytes(first));
  // One more event would not fit: the batch is as full as the rule allows.
  EXPECT_GT(aws_bytes(first) + msg.size() + 26, max_batch_bytes);
  EXPECT_EQ(first.events.size(), max_batch_bytes / 1026);
  EXPECT_EQ(b.bytes(), (2000u - first.events.size()) * 1026);
}

TEST(batcher, bytes_count_the_message_not_its_escaped_form) {
  batch_builder b;
  // 1,000 quotes: 1,000 bytes to AWS, 2,000 escaped in the body.
  const std::string msg(1000, '"');
  for (std::uint64_t i = 0; i < 2000; ++i) add(b, ev(1000, i), msg);
  const batch first = b.cut();
  EXPECT_EQ(first.events.size(), max_batch_bytes / 1026);
  EXPECT_EQ(first.bytes, aws_bytes(first));
  EXPECT_EQ(messages(first).front(), msg);
}

TEST(batcher, a_max_size_event_fits_alone) {
  batch_builder b;
  add(b, ev(1, 1), std::string(max_event_message_bytes, 'a'));
  add(b, ev(1, 2), "next");
  const batch first = b.cut();
  ASSERT_EQ(first.events.size(), 1u);
  EXPECT_EQ(first.bytes, max_batch_bytes);
  EXPECT_EQ(messages(b.cut()), std::vector<std::string>{"next"});
}

TEST(batcher, sorted_by_timestamp_then_acceptance_order) {
  batch_builder b;
  add(b, ev(300, 1), "c");
  add(b, ev(100, 2), "a");
  add(b, ev(200, 4), "b2");
  add(b, ev(200, 3), "b1");
  const batch out = b.cut();
  EXPECT_EQ(messages(out), (std::vector<std::string>{"a", "b1", "b2", "c"}));
  EXPECT_EQ(out.events[0].seq, 2u);
}

// Events in the order they came lie one after another with their commas: a
// piece of the request per chunk of the batch's buffer, one when the batch's
// room was reserved (after a full one). Sorting breaks the runs where it moved
// events.
TEST(batcher, events_in_order_are_one_run_of_the_body_per_chunk) {
  batch_builder b(batch_limits{.max_events = 50});
  for (std::uint64_t i = 100; i < 200; ++i)  // messages of one size: the second batch fits its room
    add(b, ev(static_cast<std::int64_t>(i), i), "m" + std::to_string(i));
  const batch grown = b.cut();
  EXPECT_LT(wire_runs(grown).size(), grown.events.size() / 3);
  EXPECT_EQ(sent_events(grown), expected_events(grown));
  const batch reserved = b.cut();
  EXPECT_EQ(wire_runs(reserved).size(), 1u);
  EXPECT_EQ(sent_events(reserved), expected_events(reserved));
  add(b, ev(300, 1), "c");
  add(b, ev(100, 2), "a");
  add(b, ev(200, 3), "b");
  add(b, ev(400, 4), "d");
  const batch sorted = b.cut();
  EXPECT_EQ(wire_runs(sorted).size(), 3u);  // a, b | c | d (in the buffer: c, a, b, d)
  EXPECT_EQ(sent_events(sorted), expected_events(sorted));
  EXPECT_TRUE(wire_runs(batch{}).empty());
}

TEST(batcher, an_out_of_order_batch_closed_full_is_sorted_too) {
  batch_builder b(batch_limits{.max_events = 3});
  add(b, ev(30, 1), "c");
  add(b, ev(10, 2), "a");
  add(b, ev(20, 3), "b");
  add(b, ev(5, 4), "next");  // earlier than all, but the first batch is closed
  EXPECT_TRUE(b.full());
  EXPECT_EQ(messages(b.cut()), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(messages(b.cut()), std::vector<std::string>{"next"});
}

TEST(batcher, never_spans_24_hours) {
  batch_builder b;
  const std::int64_t day = 24LL * 3600 * 1000;
  add(b, ev(0, 1), "a");
  add(b, ev(day - 1, 2), "b");
  add(b, ev(day, 3), "c");
  add(b, ev(day + 5, 4), "d");
  const batch first = b.cut();
  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_LT(first.events.back().timestamp_ms - first.events.front().timestamp_ms, day);
  const batch second = b.cut();
  EXPECT_EQ(messages(second), (std::vector<std::string>{"c", "d"}));
}

TEST(batcher, never_spans_24_hours_out_of_order) {
  batch_builder b;
  const std::int64_t day = 24LL * 3600 * 1000;
  add(b, ev(day + 1, 1), "late");
  add(b, ev(1, 2), "early");  // would span a whole day with the first
  const batch first = b.cut();
  EXPECT_EQ(messages(first), std::vector<std::string>{"late"});
  EXPECT_EQ(messages(b.cut()), std::vector<std::string>{"early"});
}

TEST(batcher, oldest_enqueued_tracks_pending) {
  batch_builder b(batch_limits{.max_events = 1});
  auto a = ev(1, 1);
  a.enqueued_ns = 50;
  auto c = ev(2, 2);
  c.enqueued_ns = 70;
  add(b, a, "a");
  add(b, c, "c");
  EXPECT_EQ(b.oldest_enqueued_ns(), 50);
  b.cut();
  EXPECT_EQ(b.oldest_enqueued_ns(), 70);
  b.cut();
  EXPECT_EQ(b.oldest_enqueued_ns(), INT64_MAX);
}

TEST(wire_buffer, keeps_what_it_holds_in_place_with_an_eighth_of_room_at_most) {
  wire_buffer w;
  std::vector<std::pair<std::string_view, std::string>> held;
  for (int i = 0; i < 20'000; ++i) {
    const std::string s(static_cast<std::size_t>(50 + i % 300), static_cast<char>('a' + i % 26));
    held.emplace_back(w.append(s), s);
  }
  const wire_buffer moved = std::move(w);
  std::size_t used = 0;
  for (const auto& [view, text] : held) {
    ASSERT_EQ(view, text);
    used += text.size();
  }
  EXPECT_EQ(moved.used(), used);
  // An eighth's growth, plus the chunks' tails and the first chunks' room for
  // four events (events of at most 349 bytes, ~70 chunks to 4 MB).
  EXPECT_LE(moved.reserved(), used + used / wire_buffer::growth_divisor + 100 * 349);
}

// Small events share chunks four at a time (few allocations, short tails);
// a large one gets a chunk of its own size.
// A writer in place keeps what it wrote, or nothing when it says so.
TEST(wire_buffer, append_with_keeps_what_is_written_or_nothing) {
  wire_buffer w;
  const std::string_view a = w.append_with(100, [](char* at) { return std::copy_n("abc", 3, at); });
  EXPECT_EQ(a, "abc");
  EXPECT_EQ(w.used(), 3u);
  const std::string_view none = w.append_with(100, [](char* at) -> const char* {
    std::copy_n("zzz", 3, at);
    return nullptr;
  });
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(w.used(), 3u);
  const std::string_view b = w.append("de");
  EXPECT_EQ(b, "de");
  EXPECT_EQ(b.data(), a.data() + 3);  // the refused bytes were not kept
  EXPECT_EQ(a, "abc");
}

TEST(wire_buffer, small_events_share_chunks_large_ones_get_their_own) {
  wire_buffer w;
  for (int i = 0; i < 12; ++i) w.append(std::string(100, 'x'));
  EXPECT_EQ(w.reserved(), 3u * 400);
  wire_buffer big;
  big.append(std::string(100'000, 'y'));
  EXPECT_EQ(big.reserved(), 100'000u);
}

std::size_t storage(const batch& b) {
  return b.wire.reserved() + b.events.capacity() * sizeof(pending_event);
}

// Checks that each batch carries what its storage holds; returns their sum,
// which is what their builder reported (the ledger's count comes back to zero).
std::size_t held_by(const std::vector<batch>& batches) {
  std::size_t held = 0;
  for (const auto& b : batches) {
    EXPECT_EQ(b.held, storage(b));
    held += b.held;
  }
  return held;
}

// What a builder allocates is reported (for the ledger) as it happens, and
// carried by its batches. Storage grows with a batch; after a batch that
// closed full, the next one's room is reserved at once.
TEST(batcher, reports_what_it_allocates_and_reserves_after_a_full_batch) {
  made m;
  for (int i = 0; i < 250; ++i)
    make_events("message " + std::to_string(i % 100), ev(1000 + i, static_cast<std::uint64_t>(i)),
                oversize_policy::split, max_event_message_bytes, m.wire, m.events);
  batch_builder b(batch_limits{.max_events = 100});
  std::vector<std::size_t> grown;
  for (const auto& e : m.events) grown.push_back(b.add(e));
  std::vector<batch> out;
  while (!b.empty()) out.push_back(b.cut());
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(held_by(out), std::accumulate(grown.begin(), grown.end(), std::size_t{0}));

  // The first batch grew geometrically: far fewer allocations than events.
  EXPECT_LT(std::count_if(grown.begin(), grown.begin() + 100, [](std::size_t g) { return g > 0; }), 40);
  // The second and third (after a full one) each allocated once, at their first event.
  EXPECT_EQ(grown[100], 100 * sizeof(pending_event) + out[0].wire.used());
  EXPECT_EQ(grown[200], grown[100]);
  EXPECT_EQ(std::count(grown.begin() + 101, grown.begin() + 200, std::size_t{0}), 99);
  EXPECT_EQ(std::count(grown.begin() + 201, grown.end(), std::size_t{0}), 49);

  // A batch cut before it was full leaves the next one to grow from nothing.
  batch_builder c(batch_limits{.max_events = 100});
  for (std::size_t i = 0; i < 10; ++i) c.add(m.events[i]);
  c.cut();
  // (Each event is followed by its comma in the batch's buffer.)
  EXPECT_EQ(c.add(m.events[10]),
            sizeof(pending_event) + wire_buffer::min_events_per_chunk * (m.events[10].wire().size() + 1));
}

TEST(take_older_than, splits_the_body_with_the_events) {
  batch_builder b;
  for (std::int64_t t = 1; t <= 5; ++t)
    add(b, ev(t * 10, static_cast<std::uint64_t>(t)), "m" + std::to_string(t));
  batch rest = b.cut();
  const std::size_t bytes = rest.bytes;
  const batch old = take_older_than(rest, 30);
  EXPECT_EQ(messages(old), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(messages(rest), (std::vector<std::string>{"m3", "m4", "m5"}));
  EXPECT_EQ(sent_events(old), expected_events(old));
  EXPECT_EQ(sent_events(rest), expected_events(rest));
  EXPECT_EQ(old.bytes + rest.bytes, bytes);
  EXPECT_EQ(old.bytes, aws_bytes(old));
  EXPECT_TRUE(take_older_than(rest, 0).events.empty());
  // The memory charge stays with what goes on (the old ones are dropped at once)...
  const std::size_t held = rest.held;
  EXPECT_GT(held, 0u);
  EXPECT_EQ(old.held, 0u);
  // ...unless nothing is left of it: then the batch taken out carries it.
  const batch all = take_older_than(rest, 1000);
  EXPECT_TRUE(rest.events.empty());
  EXPECT_EQ(messages(all), (std::vector<std::string>{"m3", "m4", "m5"}));
  EXPECT_EQ(all.held, held);
  EXPECT_EQ(rest.held, 0u);
}

// Events of random sizes and timestamps (out of order, some days apart), some
// oversized, under random small limits, cut at random moments: every batch
// keeps every rule and is sorted, its wire forms are JSON with the right
// timestamps and go into the request in that order, and every part of every record comes out exactly once.
TEST(batcher, random_events_come_out_once_in_batches_that_keep_every_rule) {
  std::mt19937_64 rng(20261128);
  const auto pick = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  const std::int64_t day = 24LL * 3600 * 1000;
  for (int round = 0; round < 40; ++round) {
    const batch_limits limits{.max_events = pick(1, 40),
                              .max_bytes = pick(200, 4000),
                              .max_message_bytes = pick(20, 150),
                              .max_span = std::chrono::milliseconds(day)};
    batch_builder b(limits);
    std::multiset<std::string> expected, seen;
    std::vector<batch> out;
    std::size_t reported = 0;  // what add() says it allocated
    const int n = static_cast<int>(pick(1, 400));
    for (int i = 0; i < n; ++i) {
      // Valid UTF-8 (the formatters' output): escapes, two- and three-byte characters.
      static constexpr std::string_view tokens[] = {"a",    "b", "\"",       "\\",          "\n",
                                                    "\x01", "z", "\xC3\xA9", "\xE2\x82\xAC"};
      std::string msg;
      for (std::size_t k = pick(0, 300); k > 0; --k) msg += tokens[pick(0, std::size(tokens) - 1)];
      auto proto = ev(static_cast<std::int64_t>(pick(0, 3 * day)), static_cast<std::uint64_t>(i));
      const made m = make(msg, proto, pick(0, 1) ? oversize_policy::split : oversize_policy::truncate,
                          limits.max_message_bytes);
      for (std::size_t j = 0; j < m.events.size(); ++j) {
        expected.insert(m.message(j));
        reported += b.add(m.events[j]);
      }
      while (b.full()) out.push_back(b.cut());
      if (!b.empty() && pick(0, 20) == 0) out.push_back(b.cut());  // a flush interval passed
    }
    while (!b.empty()) out.push_back(b.cut());
    EXPECT_EQ(b.bytes(), 0u);
    for (const auto& batch : out) {
      ASSERT_FALSE(batch.events.empty());
      EXPECT_LE(batch.events.size(), limits.max_events);
      EXPECT_LE(batch.bytes, limits.max_bytes);
      EXPECT_EQ(batch.bytes, aws_bytes(batch));
      EXPECT_EQ(sent_events(batch), expected_events(batch));
      EXPECT_LT(batch.events.back().timestamp_ms - batch.events.front().timestamp_ms, day);
      for (std::size_t j = 1; j < batch.events.size(); ++j) {
        const auto& p = batch.events[j - 1];
        const auto& e = batch.events[j];
        EXPECT_TRUE(p.timestamp_ms < e.timestamp_ms || (p.timestamp_ms == e.timestamp_ms && p.seq <= e.seq));
      }
      for (const auto& m : messages(batch)) {
        EXPECT_LE(m.size(), limits.max_message_bytes);
        seen.insert(m);
      }
    }
    EXPECT_EQ(seen, expected) << "round " << round;
    EXPECT_EQ(held_by(out), reported) << "round " << round;
  }
}

TEST(make_events, empty_message_gets_a_placeholder) {
  const made m = make("", ev(1, 1), oversize_policy::split, 100);
  ASSERT_EQ(m.events.size(), 1u);
  EXPECT_EQ(m.message(0), empty_message_placeholder);
  EXPECT_EQ(m.events[0].message_bytes, std::string_view(empty_message_placeholder).size());
}

TEST(make_events, wire_form_escapes_the_message) {
  const std::string msg = "a \"quoted\" \\ line\n\x01 \xE2\x82\xAC";
  const made m = make(msg, ev(1234, 1), oversize_policy::split, 100);
  ASSERT_EQ(m.events.size(), 1u);
  EXPECT_EQ(m.message(0), msg);
  EXPECT_EQ(m.events[0].message_bytes, msg.size());
  EXPECT_EQ(m.events[0].wire(), R"({"timestamp":1234,"message":)" + nlohmann::json(msg).dump() + "}");
}

TEST(make_events, split_into_numbered_parts_on_utf8_boundaries) {
  std::string msg;
  for (int i = 0; i < 40; ++i) msg += "\xE2\x82\xAC";  // 40 x 3-byte euro signs
  auto proto = ev(5, 9);
  proto.accounted = 100;
  const made m = make(msg, proto, oversize_policy::split, 20);
  const std::size_t n = m.events.size();
  ASSERT_GT(n, 1u);
  std::string joined;
  std::size_t accounted = 0, weight = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& e = m.events[i];
    const std::string text = m.message(i);
    EXPECT_LE(text.size(), 20u);
    EXPECT_EQ(e.message_bytes, text.size());
    EXPECT_TRUE(is_valid_utf8(text)) << i;
    const std::string prefix = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] ";
    ASSERT_EQ(text.rfind(prefix, 0), 0u) << text;
    joined += text.substr(prefix.size());
    EXPECT_EQ(e.timestamp_ms, 5);
    EXPECT_EQ(e.seq, 9u);
    EXPECT_EQ(e.part, i + 1);
    accounted += e.accounted;
    weight += e.weight();
  }
  EXPECT_EQ(joined, msg);
  EXPECT_EQ(accounted, 100u);  // accounting spread, none lost
  EXPECT_EQ(weight, 1u);       // the record counts once
}

TEST(make_events, split_with_many_parts_keeps_the_limit) {
  const made m = make(std::string(5000, 'z'), ev(1, 1), oversize_policy::split, 20);
  EXPECT_GT(m.events.size(), 99u);  // three-digit part numbers
  for (const auto& e : m.events) EXPECT_LE(e.message_bytes, 20u);
  EXPECT_EQ(m.message(m.events.size() - 1).rfind("[" + std::to_string(m.events.size()) + "/", 0), 0u);
}

TEST(make_events, truncate_on_utf8_boundary_with_marker) {
  std::string msg;
  for (int i = 0; i < 100; ++i) msg += "\xC3\xA9";  // 2-byte e-acute
  const made m = make(msg, ev(1, 1), oversize_policy::truncate, 41);
  ASSERT_EQ(m.events.size(), 1u);
  const std::string text = m.message(0);
  EXPECT_LE(text.size(), 41u);
  EXPECT_TRUE(is_valid_utf8(text));
  EXPECT_TRUE(text.ends_with(truncation_marker));
  EXPECT_EQ(text.size(), 40u);  // 13 whole characters (26 bytes) + the 14-byte marker
  EXPECT_EQ(m.events[0].message_bytes, 40u);
}

TEST(make_events, real_limit_split_of_a_3mb_message) {
  const made m =
      make(std::string(3 * 1024 * 1024, 'q'), ev(1, 1), oversize_policy::split, max_event_message_bytes);
  ASSERT_EQ(m.events.size(), 4u);
  batch_builder b;
  for (const auto& e : m.events) {
    EXPECT_LE(e.message_bytes, max_event_message_bytes);
    b.add(e);
  }
  std::size_t batches = 0;
  while (!b.empty()) {
    EXPECT_LE(aws_bytes(b.cut()), max_batch_bytes);
    ++batches;
  }
  EXPECT_EQ(batches, 4u);
}

}  // namespace
}  // namespace cwlog::detail

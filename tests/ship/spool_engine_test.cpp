// The engine with the disk spool on (src/ship/spool_link.h), against cwlog
// local on loopback: records a shipper could not deliver stay on disk when it
// ends and the next shipper sharing spool_dir sends them (counted replayed),
// flush() puts what was logged on disk, a damaged segment costs only its
// damaged records (counted), a full spool leaves records to the overflow
// policy (counted), and the files are 0600 in 0700 directories. An endpoint
// that refuses connections stands for an outage: nothing can be delivered,
// so what is left does not depend on the machine's speed. The SIGKILL cases
// (processes killed, in a loop, two sharing spool_dir) are in the fault
// matrix, tests/cli/delivery_matrix_test.sh.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cwlog/shipper.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "aws/credentials.h"
#include "local/local_server.h"
#include "local_deps.h"
#include "ship/shipper_factory.h"
#include "ship/spool_link.h"
#include "spool/segment_reader.h"
#include "support/local_fixture.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace cwlog::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace cwlog::detail;

options spool_options(const std::string& endpoint, const fs::path& spool_dir) {
  options o;
  aim_at_local(o, endpoint);
  o.aws.request_timeout = 2000ms;
  o.aws.connect_timeout = 2000ms;
  destination_options d;
  d.name = "main";
  d.group = "app";
  d.stream = "s";
  d.format = formatter_kind::plain;
  d.pattern = "{message}";
  o.destinations.push_back(d);
  o.default_destination = "main";
  o.shipping.flush_interval = 50ms;
  o.shipping.spool_dir = spool_dir.string();
  return o;
}

// An endpoint nobody listens on: a server started and stopped again.
std::string refused_endpoint() {
  local_server_options o;
  o.memory = true;
  local_server s(o);
  s.start();
  const std::string endpoint = s.endpoint();
  s.stop();
  return endpoint;
}

std::string text(int i) {
  return "spooled-" + std::to_string(i) + "-end";
}

// The segment files below spool_dir, and the records they hold.
std::vector<fs::path> segments(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".cws") out.push_back(it->path());
  return out;
}
std::size_t records_on_disk(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& p : segments(dir)) {
    segment_contents c;
    read_segment(p, c);
    n += c.scan.records.size();
  }
  return n;
}

// Logs n records to a shipper whose endpoint refuses every connection and
// shuts it down: everything is left in spool_dir.
void leave_in_spool(const fs::path& spool_dir, int n, int first = 0) {
  auto s = make_shipper(spool_options(refused_endpoint(), spool_dir), local_deps(50ms));
  for (int i = first; i < first + n; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(i)));
  const auto r = s->shutdown(300ms);
  EXPECT_EQ(r.undelivered, static_cast<std::uint64_t>(n));
  const auto c = s->counters();
  EXPECT_EQ(c.spool.appended, static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.spool.left, static_cast<std::uint64_t>(n));
}

class spool_engine : public ::testing::Test {
 protected:
  std::string endpoint() const { return local_.endpoint(); }
  fs::path spool_dir() const { return dir_.path() / "spool"; }
  // The messages stored in app / s.
  std::multiset<std::string> stored() {
    std::multiset<std::string> out;
    nlohmann::json req{{"logGroupName", "app"}, {"logStreamName", "s"}, {"startFromHead", true}};
    for (int page = 0; page < 10'000; ++page) {
      const auto r = local_.call("GetLogEvents", req);
      if (r.status != 200) break;  // no stream yet: nothing stored
      for (const auto& e : r.body["events"]) out.insert(e["message"].get<std::string>());
      const auto next = r.body.value("nextForwardToken", "");
      if (next.empty() || next == req.value("nextToken", "")) break;
      req["nextToken"] = next;
    }
    return out;
  }

  temp_dir dir_;
  local_fixture local_ = local_fixture::on_system_clock();
};

TEST_F(spool_engine, what_a_shipper_left_is_sent_by_the_next_with_its_own_records) {
  const int left = 500, fresh = 200;
  leave_in_spool(spool_dir(), left);
  ASSERT_EQ(records_on_disk(spool_dir()), static_cast<std::size_t>(left));

  auto s = make_shipper(spool_options(endpoint(), spool_dir()), local_deps(50ms));
  for (int i = left; i < left + fresh; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(i)));
  ASSERT_TRUE(s->flush(60s).complete);  // waits for the replayed records too
  const auto c = s->counters();
  EXPECT_EQ(c.spool.adopted_dirs, 1u);
  EXPECT_EQ(c.spool.replayed, static_cast<std::uint64_t>(left));
  EXPECT_EQ(c.delivered, static_cast<std::uint64_t>(left + fresh));
  EXPECT_EQ(c.dropped_total(), 0u);
  const auto got = stored();
  EXPECT_EQ(got.size(), static_cast<std::size_t>(left + fresh));
  for (int i = 0; i < left + fresh; ++i) EXPECT_EQ(got.count(text(i)), 1u) << text(i);
  const auto r = s->shutdown(30s);
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(s->counters().spool.left, 0u);
  // Everything settled: no segment left, and once the shipper is gone no
  // directory (its own is removed when empty, the adopted one when done).
  EXPECT_TRUE(segments(spool_dir()).empty());
  s.reset();
  EXPECT_TRUE(fs::is_empty(spool_dir()));
}

TEST_F(spool_engine, files_are_0600_in_0700_directories) {
  leave_in_spool(spool_dir(), 10);
  const auto mode = [](const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  };
  EXPECT_EQ(mode(spool_dir()), 0700u);
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(spool_dir())) {
    if (e.is_directory()) {
      EXPECT_EQ(mode(e.path()), 0700u) << e.path();
    } else {
      EXPECT_EQ(mode(e.path()), 0600u) << e.path();
      ++files;
    }
  }
  EXPECT_GE(files, 2u);  // the lock and a segment
}

TEST_F(spool_engine, flush_puts_what_was_logged_on_disk) {
  auto o = spool_options(refused_endpoint(), spool_dir());
  o.shipping.spool_write_interval = 10s;  // no timed write during the test
  auto s = make_shipper(o, local_deps(50ms));
  const int n = 300;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(i)));
  EXPECT_FALSE(s->flush(0ms).complete);  // nothing can be delivered
  EXPECT_EQ(records_on_disk(spool_dir()), static_cast<std::size_t>(n));
  s->shutdown(0ms);
}

TEST_F(spool_engine, a_damaged_segment_costs_only_its_damaged_records_and_is_counted) {
  const int n = 1000;
  leave_in_spool(spool_dir(), n);
  const auto files = segments(spool_dir());
  ASSERT_EQ(files.size(), 1u);
  {
    // Overwrite 200 bytes in the middle: a few frames, never the header.
    std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
    const auto size = fs::file_size(files[0]);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string junk(200, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto s = make_shipper(spool_options(endpoint(), spool_dir()), local_deps(50ms));
  ASSERT_TRUE(s->flush(60s).complete);
  const auto c = s->counters();
  EXPECT_GE(c.spool.damaged, 1u);
  EXPECT_GE(c.spool.skipped_bytes, 200u);
  const auto got = stored();
  // Only whole, checked records were sent: each is one of those logged, once.
  std::size_t known = 0;
  for (int i = 0; i < n; ++i) known += got.count(text(i));
  EXPECT_EQ(known, got.size());
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), got.size());
  EXPECT_EQ(c.spool.replayed, got.size());
  // 200 bytes touch at most a handful of ~50-byte frames.
  EXPECT_LT(got.size(), static_cast<std::size_t>(n));
  EXPECT_GE(got.size(), static_cast<std::size_t>(n - 10));
}

TEST_F(spool_engine, a_full_spool_leaves_records_to_the_overflow_policy) {
  auto o = spool_options(refused_endpoint(), spool_dir());
  o.shipping.spool_bytes = 1u << 20;  // the smallest allowed
  o.shipping.queue_bytes = 2u << 20;
  o.shipping.overflow = overflow_policy::drop_newest;
  auto s = make_shipper(o, local_deps(50ms));
  const std::string pad(1000, 'x');
  const int n = 4000;
  int accepted = 0;
  for (int i = 0; i < n; ++i) accepted += s->log(level::info, logger_name{"app"}, text(i) + pad) ? 1 : 0;
  s->flush(0ms);  // every accepted record offered to the spool
  const auto c = s->counters();
  EXPECT_GE(c.spool.waited_full, 1u);
  EXPECT_LE(c.spool.bytes, 1u << 20);
  // About 1 MiB of records on disk, the rest of memory waiting behind them,
  // and what did not fit in memory refused by the overflow policy, counted --
  // at the call or when the dispatcher took it from the caller's ring (log()
  // returns true once a record is in the ring). counters() empties the rings
  // first, so every record is either in the queue or counted as dropped.
  EXPECT_LT(c.spool.appended, c.enqueued);
  EXPECT_GT(c.dropped_by(drop_reason::queue_full), 0u);
  EXPECT_EQ(c.enqueued + c.dropped_by(drop_reason::queue_full), static_cast<std::uint64_t>(n));
  EXPECT_LE(c.enqueued, static_cast<std::uint64_t>(accepted));
  const auto r = s->shutdown(0ms);
  EXPECT_EQ(r.undelivered, c.enqueued);
  EXPECT_EQ(s->counters().spool.left, c.spool.appended);  // the spool stayed full
}

TEST_F(spool_engine, a_record_is_settled_once_every_copy_is) {
  // Two destinations; the second's group may not be created and does not
  // exist: its copies are dropped (group_missing), the others delivered.
  auto o = spool_options(endpoint(), spool_dir());
  destination_options second = o.destinations[0];
  second.name = "missing";
  second.group = "absent";
  second.create_group = false;
  o.destinations.push_back(second);
  route_rule r;
  r.destinations = {"main", "missing"};
  o.routes.push_back(r);
  auto s = make_shipper(o, local_deps(50ms));
  const int n = 100;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(i)));
  EXPECT_TRUE(s->flush(60s).complete);
  s->shutdown(30s);
  const auto c = s->counters();
  EXPECT_EQ(c.copies, 2u * n);
  EXPECT_EQ(c.delivered, static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.dropped_by(drop_reason::group_missing), static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.spool.settled, static_cast<std::uint64_t>(n));
  EXPECT_EQ(c.spool.left, 0u);
  EXPECT_TRUE(segments(spool_dir()).empty());
}

TEST_F(spool_engine, a_forked_child_leaves_the_parents_spool_alone) {
  auto o = spool_options(refused_endpoint(), spool_dir());
  o.shipping.spool_write_interval = 10s;  // only flush() writes
  auto s = make_shipper(o, local_deps(50ms));
  const int n = 50;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(i)));
  s->flush(0ms);
  ASSERT_EQ(records_on_disk(spool_dir()), static_cast<std::size_t>(n));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // No thread may start here (see engine_test's fork case): the child only
    // logs (refused, counted), flushes and lets its shipper go.
    const bool logged = s->log(level::info, logger_name{"app"}, "from child");
    s->flush(0ms);
    const auto dropped = s->counters().dropped_by(drop_reason::forked);
    s.reset();
    ::_exit(!logged && dropped == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // The parent's files are untouched, its directory still its own.
  EXPECT_EQ(records_on_disk(spool_dir()), static_cast<std::size_t>(n));
  ASSERT_TRUE(s->log(level::info, logger_name{"app"}, text(n)));
  s->flush(0ms);
  EXPECT_EQ(records_on_disk(spool_dir()), static_cast<std::size_t>(n + 1));
  s->shutdown(0ms);
  s.reset();
  auto next = make_shipper(spool_options(endpoint(), spool_dir()), local_deps(50ms));
  ASSERT_TRUE(next->flush(60s).complete);
  EXPECT_EQ(next->counters().spool.replayed, static_cast<std::uint64_t>(n + 1));
  EXPECT_EQ(stored().size(), static_cast<std::size_t>(n + 1));
}

// spool_link on its own: a record's events are counted down across batches,
// split parts included, and the record is settled with the last one.
TEST(spool_link, settles_a_record_with_its_last_event) {
  temp_dir dir;
  manual_clock clock;
  shipping_options so;
  so.spool_dir = (dir.path() / "spool").string();
  spool_link link(so, clock, [](const std::string&) {});
  ASSERT_TRUE(link.enabled());
  std::vector<queued_record> in(2);
  in[0].blob = record_blob::copy_of("first");
  in[1].blob = record_blob::copy_of("second");
  link.accept(in);
  std::vector<queued_record> out;
  std::vector<spool_seq> seqs;
  link.take_routable(out, seqs, 1u << 20);
  ASSERT_EQ(seqs.size(), 2u);
  link.routed(seqs[0], 3);  // e.g. two copies, one split in two parts
  link.routed(seqs[1], 0);  // dropped before routing: settled now
  const auto settled = [&] {
    link.tick();
    spool_totals t;
    link.copy_to(t);
    return t.settled;
  };
  EXPECT_EQ(settled(), 1u);
  batch b;
  b.events.resize(2);
  for (auto& e : b.events) e.spool_seq = seqs[0];
  link.settled(b);
  EXPECT_EQ(settled(), 1u);
  b.events.resize(1);
  link.settled(b);
  EXPECT_EQ(settled(), 2u);
  link.settled(b);  // once settled, a repeat is ignored
  EXPECT_EQ(settled(), 2u);
}

}  // namespace
}  // namespace cwlog::test

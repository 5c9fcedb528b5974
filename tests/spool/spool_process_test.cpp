// Ownership across processes: a live shipper's directory is never taken by
// another process sharing the spool_dir, one killed with SIGKILL is adopted
// and replayed, and a forked child does not keep its parent's directory from
// being adopted. The children are forked from this (single-threaded) test
// and talk back through a pipe; every wait has a generous bound.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "spool/spool_dirs.h"
#include "spool_support.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using cwlog::detail::spool;
using cwlog::test::manual_clock;
using cwlog::test::replay_all;
using cwlog::test::spool_settings_in;
using cwlog::test::temp_dir;
using cwlog::test::texts;

// A forked child running `body`, which reports one line through the pipe and
// then waits to be killed.
class child {
 public:
  explicit child(const std::function<std::string()>& body) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      ::close(fds[0]);
      std::string line;
      try {
        line = body() + "\n";
      } catch (...) {
        ::_exit(2);
      }
      if (::write(fds[1], line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(3);
      for (;;) ::pause();
    }
    ::close(fds[1]);
    from_child_ = fds[0];
  }
  ~child() {
    kill();
    ::close(from_child_);
  }

  // The child's line; empty if it died or a minute passed first.
  std::string report() {
    std::string line;
    pollfd p{from_child_, POLLIN, 0};
    while (line.empty() || line.back() != '\n') {
      if (::poll(&p, 1, 60'000) <= 0) return {};
      char c;
      if (::read(from_child_, &c, 1) != 1) return {};
      line += c;
    }
    line.pop_back();
    return line;
  }

  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int from_child_ = -1;
};

const std::vector<std::string> child_records{"from the child 1", "from the child 2", "from the child 3"};

// In a child: a spool with child_records written to disk, never settled.
std::string spool_and_write(const fs::path& tmp, std::unique_ptr<spool>& keep, manual_clock& clock) {
  keep = std::make_unique<spool>(spool_settings_in(tmp), clock);
  for (const auto& r : child_records) keep->append(r);
  keep->write_now();
  return keep->own_dir().string();
}

std::size_t owner_dirs(const fs::path& spool_dir) {
  std::size_t n = 0;
  for (const auto& d : fs::directory_iterator(spool_dir))
    n += d.path().filename().string().starts_with(cwlog::detail::owner_dir_prefix) ? 1 : 0;
  return n;
}

TEST(SpoolProcesses, LiveOwnerKeepsItsDirectoryDeadOneIsAdopted) {
  temp_dir tmp;
  manual_clock clock;
  std::unique_ptr<spool> child_spool;
  child owner([&] { return spool_and_write(tmp.path(), child_spool, clock); });
  const std::string child_dir = owner.report();
  ASSERT_FALSE(child_dir.empty()) << "the child did not start its spool";

  spool mine(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(mine.counters().adopted_dirs, 0u);
  EXPECT_FALSE(mine.replay_pending());
  EXPECT_EQ(mine.adopt_orphans(), 0u);  // asking again changes nothing while it lives
  EXPECT_TRUE(fs::exists(child_dir));
  EXPECT_EQ(owner_dirs(tmp.path() / "spool"), 2u);

  owner.kill();  // SIGKILL: no destructor, no clean-up
  EXPECT_EQ(mine.adopt_orphans(), 1u);
  const auto replayed = replay_all(mine);
  EXPECT_EQ(texts(replayed), child_records);
  for (const auto& r : replayed) mine.settle(r.seq);
  mine.tick();
  EXPECT_FALSE(fs::exists(child_dir));
  EXPECT_EQ(owner_dirs(tmp.path() / "spool"), 1u);
}

TEST(SpoolProcesses, ANewSpoolAdoptsAtStart) {
  temp_dir tmp;
  manual_clock clock;
  std::unique_ptr<spool> child_spool;
  child owner([&] { return spool_and_write(tmp.path(), child_spool, clock); });
  ASSERT_FALSE(owner.report().empty());
  owner.kill();
  spool mine(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(mine.counters().adopted_dirs, 1u);
  EXPECT_EQ(texts(replay_all(mine)), child_records);
  // A second starter finds nothing left to take.
  spool other(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(other.counters().adopted_dirs, 0u);
}

TEST(SpoolProcesses, AForkedChildDoesNotInheritOwnership) {
  temp_dir tmp;
  manual_clock clock;
  std::unique_ptr<spool> child_spool;
  std::unique_ptr<child> grandchild;
  // The owner forks a grandchild that outlives it, holding copies of every
  // descriptor the owner had when it forked.
  child owner([&] {
    spool_and_write(tmp.path(), child_spool, clock);
    grandchild = std::make_unique<child>([] { return std::to_string(::getpid()); });
    return grandchild->report();
  });
  const std::string grandchild_pid = owner.report();
  ASSERT_FALSE(grandchild_pid.empty());
  owner.kill();

  spool mine(spool_settings_in(tmp.path()), clock);
  EXPECT_EQ(mine.counters().adopted_dirs, 1u) << "the forked grandchild still holds the directory";
  EXPECT_EQ(texts(replay_all(mine)), child_records);
  ::kill(std::stoi(grandchild_pid), SIGKILL);  // reparented: init reaps it
}

}  // namespace

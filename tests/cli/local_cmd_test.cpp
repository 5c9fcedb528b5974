// `cwlog local` as its own process: prints the port it bound, serves (with
// the faults it was given), and stops on SIGTERM with exit code 0.
#include <gtest/gtest.h>
#include <signal.h>

#include "support/local_fixture.h"
#include "support/local_process.h"

namespace cwlog::test {
namespace {

using nlohmann::json;

TEST(cli_local, serves_until_sigterm) {
  local_process local({"--memory", "--fault", "throttle:next=1"});
  // The child runs on the system clock: sign with the time it is now.
  local_client client(local.port(), std::make_shared<manual_clock>(std::chrono::system_clock::now()));
  EXPECT_EQ(client.call("DescribeLogGroups", json::object()).type, "ThrottlingException");
  EXPECT_EQ(client.call("DescribeLogGroups", json::object()).status, 200);
  EXPECT_EQ(local.stop(SIGTERM), 0);
}

TEST(cli_local, a_bad_flag_exits_2_without_serving) {
  const auto r = run_process({cwlog_cli_path(), "local", "--port", "0", "--fault", "no-such-fault"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.out.find("listening on"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace cwlog::test

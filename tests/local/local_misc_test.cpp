// cwlog local: --policy enforcement, session tokens, parallel writers, the
// model validator on its own, and the `cwlog local` command line.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "local/model_validation.h"
#include "local_test_support.h"

namespace cwlog::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string write_temp(const std::string& name, const std::string& text) {
  auto dir = fs::temp_directory_path() / ("cwlog-local-misc-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

// Removes a temporary file and, once empty, its per-process directory.
void remove_temp(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(fs::path(path).parent_path(), ec);  // fails harmlessly while not empty
}

TEST(LocalPolicy, DeniesWhatThePolicyDoesNotAllow) {
  detail::local_server_options o;
  o.policy_path = write_temp("policy.json", R"({
    "Version": "2012-10-17",
    "Statement": [
      {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
       "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:app:*"},
      {"Effect": "Allow", "Action": "logs:CreateLogGroup", "Resource": "*"}
    ]})");
  local_fixture f(o);
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "app"}}).status, 200);
  ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "app"}, {"logStreamName", "s"}}).status, 200);
  auto r = f.call("DescribeLogGroups", json::object());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.type, "AccessDeniedException");
  EXPECT_NE(r.message.find("is not authorized to perform: logs:DescribeLogGroups on resource: "
                           "arn:aws:logs:us-east-1:123456789012:log-group::log-stream:"),
            std::string::npos)
      << r.message;
  r = f.call("CreateLogStream", {{"logGroupName", "other"}, {"logStreamName", "s"}});
  EXPECT_EQ(r.type, "AccessDeniedException");  // checked before the group's existence, as IAM is
  remove_temp(o.policy_path);
}

TEST(LocalAuth, AnySessionTokenIsAcceptedForAConfiguredKey) {
  local_fixture f;
  detail::http_request req;
  req.url = "http://127.0.0.1:" + std::to_string(f.server->port()) + "/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "Logs_20140328.DescribeLogGroups"}};
  req.body = "{}";
  detail::sigv4::sign(req, {"AKIDLOCAL", "cwlog-local-secret", "some-session-token", std::nullopt},
                      "us-east-1", "logs", test_now());
  EXPECT_EQ(f.client->send(req).status, 200);
}

TEST(LocalConcurrency, ParallelPutsToOneStream) {
  local_fixture f;
  ASSERT_EQ(f.call("CreateLogGroup", {{"logGroupName", "g"}}).status, 200);
  ASSERT_EQ(f.call("CreateLogStream", {{"logGroupName", "g"}, {"logStreamName", "s"}}).status, 200);
  const auto now = ms(test_now());
  std::vector<std::thread> writers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      local_client c(f.server->port(), f.clock);
      for (int i = 0; i < 10; ++i) {
        json events = json::array();
        for (int k = 0; k < 50; ++k)
          events.push_back({{"timestamp", now - 1000 + k}, {"message", "t" + std::to_string(t)}});
        if (c.call("PutLogEvents", {{"logGroupName", "g"}, {"logStreamName", "s"}, {"logEvents", events}})
                .status == 200)
          ++ok;
      }
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(f.server->stats().events_stored, 2000u);
}

TEST(ModelValidation, CoversEveryServedOperation) {
  detail::model_validator v;
  for (const char* op :
       {"CreateLogGroup", "DeleteLogGroup", "CreateLogStream", "DeleteLogStream", "DescribeLogGroups",
        "DescribeLogStreams", "PutLogEvents", "GetLogEvents", "FilterLogEvents", "PutRetentionPolicy",
        "DeleteRetentionPolicy", "TagResource", "UntagResource", "ListTagsForResource", "TagLogGroup",
        "ListTagsLogGroup", "UntagLogGroup"})
    EXPECT_TRUE(v.knows(op)) << op;
  EXPECT_FALSE(v.knows("StartQuery"));
}

TEST(ModelValidation, NestedMembersAndNumbers) {
  detail::model_validator v;
  auto f = v.validate("PutLogEvents",
                      {{"logGroupName", "g"},
                       {"logStreamName", "s"},
                       {"logEvents", {{{"timestamp", 1}, {"message", "ok"}}, {{"message", "x"}}}}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->type, "InvalidParameterException");
  EXPECT_EQ(f->message,
            "1 validation error detected: Value null at 'logEvents.2.member.timestamp' failed to satisfy "
            "constraint: "
            "Member must not be null");
  f = v.validate("GetLogEvents", {{"logStreamName", "s"}, {"limit", 0}});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->message,
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
            "have value "
            "greater than or equal to 1");
  EXPECT_FALSE(v.validate("DescribeLogGroups", json::object()));
}

// The CLI subcommand: prints the port, serves, and stops on SIGTERM with exit code 0.
TEST(LocalCli, ServesUntilSigterm) {
  const std::string exe = std::string(CWLOG_BINARY_DIR) + "/bin/cwlog";
  if (!fs::exists(exe)) GTEST_SKIP() << exe << " not built (target cwlog_cli)";
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(exe.c_str(), "cwlog", "local", "--port", "0", "--memory", "--fault", "throttle:next=1", nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  const std::string prefix = "cwlog local listening on http://127.0.0.1:";
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << line;
  const int port = std::stoi(line.substr(prefix.size()));
  auto clock = std::make_shared<manual_clock>(std::chrono::system_clock::now());
  local_client client(port, clock);
  EXPECT_EQ(client.call("DescribeLogGroups", json::object()).type, "ThrottlingException");
  EXPECT_EQ(client.call("DescribeLogGroups", json::object()).status, 200);
  ::kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace cwlog::test

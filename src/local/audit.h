#pragma once
// The audit log of cwlog local (--audit FILE): one JSON object per line and per
// request, written before the response, so tests can prove which calls, ARNs and
// keys a client really used:
//   {"time":"2026-11-24T23:55:00.123Z","requestId":"...","operation":"PutLogEvents",
//    "resourceArn":"arn:aws:logs:...","accessKeyId":"AKIDLOCAL","status":200,
//    "outcome":"ok"|"<__type>"|"reset-before"|..., "remote":"127.0.0.1:PORT"}
// Secrets and request bodies never appear.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace cwlog::detail {

struct audit_entry {
  std::chrono::system_clock::time_point time;
  std::string request_id;
  std::string operation;
  std::string resource_arn;
  std::string access_key_id;
  int status = 0;  // 0: no response (connection reset)
  std::string outcome;
  std::string remote;
};

class audit_log {
 public:
  // Appends to path; throws cwlog::error when it cannot be opened.
  explicit audit_log(const std::string& path);
  ~audit_log();
  audit_log(const audit_log&) = delete;
  audit_log& operator=(const audit_log&) = delete;

  void write(const audit_entry& entry);  // thread-safe; flushed per line

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

}  // namespace cwlog::detail

#include "local/audit.h"

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include <cwlog/error.h>

namespace cwlog::detail {

std::string iso8601_ms(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<milliseconds>(t - day)};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

audit_log::audit_log(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {
  if (!file_) throw cwlog::error("cwlog local: --audit '" + path + "': " + std::strerror(errno));
}

audit_log::~audit_log() {
  if (file_) std::fclose(file_);
}

void audit_log::write(const audit_entry& e) {
  nlohmann::json j = {{"time", iso8601_ms(e.time)},     {"requestId", e.request_id},
                      {"operation", e.operation},       {"resourceArn", e.resource_arn},
                      {"accessKeyId", e.access_key_id}, {"status", e.status},
                      {"outcome", e.outcome},           {"remote", e.remote}};
  // Invalid UTF-8 in a name must not make the audit line unwritable.
  const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace cwlog::detail

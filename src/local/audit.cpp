#include "local/audit.h"

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include <cwlog/error.h>

#include "common/time_format.h"

namespace cwlog::detail {

audit_log::audit_log(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {
  if (!file_) throw cwlog::error("cwlog local: --audit '" + path + "': " + std::strerror(errno));
}

audit_log::~audit_log() {
  if (file_) std::fclose(file_);
}

void audit_log::write(const audit_entry& e) {
  nlohmann::json j = {{"time", format_iso8601_utc(e.time, 3)},
                      {"requestId", e.request_id},
                      {"operation", e.operation},
                      {"resourceArn", e.resource_arn},
                      {"accessKeyId", e.access_key_id},
                      {"status", e.status},
                      {"outcome", e.outcome},
                      {"remote", e.remote}};
  // Invalid UTF-8 in a name must not make the audit line unwritable.
  const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace cwlog::detail

#include "rules/log_group_class.h"

namespace cwlog::detail {

const char* log_group_class_name(cwlog::log_group_class c) noexcept {
  return c == cwlog::log_group_class::infrequent_access ? infrequent_access_class_name.data()
                                                        : standard_class_name.data();
}

std::optional<cwlog::log_group_class> parse_log_group_class(std::string_view text, std::string& error_out) {
  if (text == standard_class_name) return cwlog::log_group_class::standard;
  if (text == infrequent_access_class_name) return cwlog::log_group_class::infrequent_access;
  const std::string allowed = " (allowed: STANDARD, INFREQUENT_ACCESS)";
  if (text == delivery_class_name) {
    error_out =
        "log group class DELIVERY is only for delivering Lambda logs to S3 or Firehose (events kept one day, "
        "no Insights); cwlog does not ship to it" +
        allowed;
  } else {
    error_out = "unknown log group class \"" + std::string(text) + "\"" + allowed;
  }
  return std::nullopt;
}

}  // namespace cwlog::detail

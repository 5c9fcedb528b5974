// Compiled once as is (it must build) and once per CWLOG_BAD_* case (each must
// fail): fmt checks cwlog's format strings at compile time.
#include <cwlog/logger.h>

#include <string>

void log_orders(const cwlog::logger& log, int id, const std::string& customer) {
  log.info("order {} placed for {}", id, customer);
  log.info({{"order_id", id}}, "order {:d} placed", id);
#if defined(CWLOG_BAD_MISSING_ARGUMENT)
  log.info("order {} placed for {}", id);
#elif defined(CWLOG_BAD_SPEC_FOR_TYPE)
  log.info("customer {:d}", customer);
#elif defined(CWLOG_BAD_UNCLOSED_BRACE)
  log.info({{"order_id", id}}, "order {", id);
#endif
}

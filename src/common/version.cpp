#include <cwlog/version.h>

#define CWLOG_STR2(x) #x
#define CWLOG_STR(x) CWLOG_STR2(x)

namespace cwlog {
const char* version() noexcept {
  return CWLOG_STR(CWLOG_VERSION_MAJOR) "." CWLOG_STR(CWLOG_VERSION_MINOR) "." CWLOG_STR(CWLOG_VERSION_PATCH);
}
}  // namespace cwlog

#pragma once
#include <cwlog/export.h>

#define CWLOG_VERSION_MAJOR 0
#define CWLOG_VERSION_MINOR 1
#define CWLOG_VERSION_PATCH 0

namespace cwlog {
// The version of the library actually linked (may differ from the headers').
CWLOG_API const char* version() noexcept;
}  // namespace cwlog

#pragma once
// The path of the `cwlog` binary this build made. CMake gives it
// ($<TARGET_FILE:cwlog_cli>) to the tests registered with cwlog_test_runs_cli()
// (tests/support/CMakeLists.txt), which also makes those tests depend on the
// binary: it is built with them, and a test fails (never skips) without it.
#include <string>

#ifndef CWLOG_CLI_PATH
#error "This test runs the cwlog binary: register it with cwlog_test_runs_cli() in CMake."
#endif

namespace cwlog::test {

inline std::string cwlog_cli_path() {
  return CWLOG_CLI_PATH;
}

}  // namespace cwlog::test

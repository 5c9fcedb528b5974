# The web console of cwlog local: its HTTP gate and JSON endpoints (gtest), and
# the pages in a real browser (Debian's chromium driven by playwright-core from
# npm; scripts/install-deps.sh installs both). Screenshots: <build>/console-screenshots/.
cwlog_add_test(test_local_console
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/local_console_test.cpp
  AREAS local aws http common
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json SQLite::SQLite3 cwlog_test_support)

# Required, as python3 is for the client tests: the suite never leaves a test
# out because a tool is missing (the machine's node, which scripts/install-deps.sh
# also uses for npm ci).
find_program(CWLOG_NODE NAMES node REQUIRED DOC "node for the console's browser test")
add_test(NAME console_browser
  COMMAND ${CWLOG_NODE} ${CMAKE_CURRENT_LIST_DIR}/console_browser_test.mjs $<TARGET_FILE:cwlog_cli>
          ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/console-screenshots)
# The server under test is the cwlog binary; its console code also runs under
# the sanitizers in test_local_console, so the browser run stays out of that build.
set_tests_properties(console_browser PROPERTIES LABELS "no-sanitizer;browser" TIMEOUT 120)

# Tests of cwlog local: real HTTP against in-process servers (tests/local/*_test.cpp of the server).
cwlog_add_test(test_local
  SOURCES local_groups_test.cpp local_events_test.cpp local_auth_test.cpp local_faults_test.cpp local_misc_test.cpp
  AREAS local aws http common
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json)

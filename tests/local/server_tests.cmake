# Tests of cwlog local: real HTTP against in-process servers (tests/local/*_test.cpp of the server),
# and the fast PutLogEvents body reader called directly (put_body_reader_test.cpp).
cwlog_add_test(test_local
  SOURCES local_groups_test.cpp local_events_test.cpp local_auth_test.cpp local_faults_test.cpp local_misc_test.cpp
    local_put_body_test.cpp put_body_reader_test.cpp
  AREAS local aws http common
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json cwlog_test_support)

# The committed model fragment matches the installed botocore's service model.
# The python3 first on PATH (the machine image's, with botocore 1.4x; Debian's
# botocore 1.29 has no uncompressed model) decides; without botocore it fails.
find_program(CWLOG_PYTHON3 NAMES python3 REQUIRED)
add_test(NAME local_model_up_to_date
  COMMAND ${CWLOG_PYTHON3} ${PROJECT_SOURCE_DIR}/scripts/gen-local-model.py --check
          ${PROJECT_SOURCE_DIR}/src/local/logs_model.inc)

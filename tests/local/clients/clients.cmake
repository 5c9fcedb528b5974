# cwlog local against clients nobody here wrote: Debian's AWS CLI v2
# (/usr/bin/aws, not the pip v1 earlier on PATH) and boto3. Both start
# `cwlog local --port 0 --memory` themselves and talk to it over loopback.
# ctest -L clients runs just these.

# Always registered: without /usr/bin/aws (install-deps installs it) it fails.
add_test(NAME local_awscli
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/clients/run_awscli.sh $<TARGET_FILE:cwlog_cli>)
# Release pass only (label no-sanitizer): its AWS CLI runs cost over a minute
# of interpreter start-up, and the server code they reach is what botocore
# reaches through local_boto3, which runs in the sanitizer pass too.
set_tests_properties(local_awscli PROPERTIES LABELS "clients;no-sanitizer" TIMEOUT 300 COST 500)

# The interpreter that has boto3 (the image's pyenv python, first on PATH).
# Always registered: without boto3 the test fails rather than being left out.
find_program(CWLOG_BOTO3_PYTHON NAMES python3 REQUIRED DOC "python3 with boto3 for tests/local/clients")
add_test(NAME local_boto3
  COMMAND ${CWLOG_BOTO3_PYTHON} -m unittest -v boto3_test
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/clients)
set_tests_properties(local_boto3 PROPERTIES LABELS clients TIMEOUT 300
  ENVIRONMENT "CWLOG_BIN=$<TARGET_FILE:cwlog_cli>;PYTHONDONTWRITEBYTECODE=1")

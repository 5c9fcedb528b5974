# Credentials, region and endpoint resolution; included by CMakeLists.txt.
# Stand-ins (STS, IMDS, container endpoint, SSO portal) live in standins/;
# boto3_check_test cross-checks them with the image's botocore
# (standins/boto3_check.py). One executable (CI time; tests/ship/CMakeLists.txt
# says why).
cwlog_add_test(test_aws_credentials
  SOURCES profile_file_test.cpp environment_test.cpp providers_test.cpp sts_sso_providers_test.cpp
          chain_test.cpp refreshing_provider_test.cpp endpoint_test.cpp boto3_check_test.cpp
          standins/standins.cpp
  AREAS aws http
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json cwlog_test_support)

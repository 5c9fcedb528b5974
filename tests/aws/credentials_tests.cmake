# Credentials, region and endpoint resolution; included by CMakeLists.txt.
# Stand-ins (STS, IMDS, container endpoint, SSO portal) live in standins/.
cwlog_add_test(test_aws_profile
  SOURCES profile_file_test.cpp environment_test.cpp
  AREAS aws http
  LIBS cwlog_test_support)
cwlog_add_test(test_aws_credentials
  SOURCES providers_test.cpp sts_sso_providers_test.cpp chain_test.cpp refreshing_provider_test.cpp standins/standins.cpp
  AREAS aws http
  LIBS PkgConfig::HTTPLIB cwlog_test_support)
cwlog_add_test(test_aws_endpoint
  SOURCES endpoint_test.cpp standins/standins.cpp
  AREAS aws http
  LIBS PkgConfig::HTTPLIB cwlog_test_support)
# The stand-ins cross-checked with the image's botocore (standins/boto3_check.py).
cwlog_add_test(test_aws_boto3_check
  SOURCES boto3_check_test.cpp standins/standins.cpp
  AREAS aws http
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json cwlog_test_support)

# Credentials, region and endpoint resolution; included by CMakeLists.txt.
list(APPEND aws_sources
  environment.cpp profile_file.cpp endpoint.cpp region.cpp
  sts_client.cpp provider_common.cpp provider_env.cpp provider_profile.cpp
  provider_assume_role.cpp provider_web_identity.cpp provider_sso.cpp
  provider_process.cpp provider_container.cpp provider_imds.cpp
  credentials_chain.cpp refreshing_provider.cpp provider_callback.cpp aws_resolver.cpp)

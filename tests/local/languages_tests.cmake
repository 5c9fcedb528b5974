# Unit tests of the languages cwlog local evaluates (filter patterns, IAM policies).
cwlog_add_test(test_filter_pattern SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/filter_pattern_test.cpp AREAS local)
cwlog_add_test(test_policy SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/policy_test.cpp AREAS local)

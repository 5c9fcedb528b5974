# The languages cwlog local evaluates: CloudWatch Logs filter patterns and IAM
# identity policies (src/local/filter_pattern*.{h,cpp}, src/local/policy.{h,cpp}).
list(APPEND local_sources filter_pattern.cpp filter_pattern_parser.cpp policy.cpp)

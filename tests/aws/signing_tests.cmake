# SigV4: AWS's known-answer suite plus sign/verify behaviour; included by CMakeLists.txt.
cwlog_add_test(test_sigv4
  SOURCES sigv4_suite_test.cpp sigv4_test.cpp
  AREAS aws)

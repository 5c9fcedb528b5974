# Request signing (SigV4) and the hashes it needs; included by CMakeLists.txt.
list(APPEND aws_sources sigv4.cpp sigv4_verify.cpp crypto.cpp)

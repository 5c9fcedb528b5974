# The web console of cwlog local: its data endpoints over HTTP (bench/console_bench.cpp).
cwlog_add_bench(console_bench
  SOURCES console_bench.cpp
  AREAS local aws http common
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json)

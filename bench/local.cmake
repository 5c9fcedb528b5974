# cwlog local ingest throughput (bench/local_ingest_bench.cpp).
cwlog_add_bench(local_ingest_bench
  SOURCES local_ingest_bench.cpp
  AREAS local aws http common
  LIBS PkgConfig::HTTPLIB nlohmann_json::nlohmann_json)

# The disk spool's throughput, alone and in delivery against `cwlog local
# --discard` run as its own process (see bench/README.md, "Disk spool").
cwlog_add_bench_program(spool_bench SOURCES spool_bench.cpp AREAS spool ship local)
if(TARGET cwlog_cli)
  add_dependencies(spool_bench cwlog_cli)
  target_compile_definitions(spool_bench PRIVATE CWLOG_CLI_PATH="$<TARGET_FILE:cwlog_cli>")
else()
  target_compile_definitions(spool_bench PRIVATE CWLOG_CLI_PATH="cwlog-not-built")
endif()

# The shipping engine's benchmarks (see bench/README.md for results and how to reproduce).
cwlog_add_bench(ship_bench SOURCES ship_bench.cpp AREAS ship)

# Programs with their own main (they print percentiles / rates, not Google Benchmark output).
function(cwlog_add_bench_program name)
  cmake_parse_arguments(arg "" "" "SOURCES;AREAS;LIBS" ${ARGN})
  add_executable(${name} ${arg_SOURCES})
  cwlog_set_warnings(${name})
  target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  cwlog_link_areas(${name} ${arg_AREAS})
  target_link_libraries(${name} PRIVATE ${arg_LIBS})
endfunction()

# A benchmark that runs `cwlog local` as a process of its own (bench_support.h,
# local_sink): the binary's path as CWLOG_CLI_PATH, built with it.
function(cwlog_bench_runs_cli name)
  if(TARGET cwlog_cli)
    add_dependencies(${name} cwlog_cli)
    target_compile_definitions(${name} PRIVATE CWLOG_CLI_PATH="$<TARGET_FILE:cwlog_cli>")
  else()
    target_compile_definitions(${name} PRIVATE CWLOG_CLI_PATH="cwlog-not-built")
  endif()
endfunction()

cwlog_add_bench_program(caller_latency_bench SOURCES caller_latency_bench.cpp AREAS ship metrics local LIBS spdlog::spdlog)
cwlog_bench_runs_cli(caller_latency_bench)
cwlog_add_bench_program(delivery_bench SOURCES delivery_bench.cpp AREAS ship local)
cwlog_bench_runs_cli(delivery_bench)
cwlog_add_bench_program(overload_rss_bench SOURCES overload_rss_bench.cpp AREAS ship local)
# log() through the shared library (the programs above link its objects).
add_executable(shared_caller_bench shared_caller_bench.cpp)
cwlog_set_warnings(shared_caller_bench)
target_link_libraries(shared_caller_bench PRIVATE cwlog::cwlog)

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

cwlog_add_bench_program(caller_latency_bench SOURCES caller_latency_bench.cpp AREAS ship metrics local LIBS spdlog::spdlog)
cwlog_add_bench_program(delivery_bench SOURCES delivery_bench.cpp AREAS ship local)
cwlog_add_bench_program(overload_rss_bench SOURCES overload_rss_bench.cpp AREAS ship local)

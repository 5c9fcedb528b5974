# The disk spool's throughput (see bench/README.md, "Disk spool").
cwlog_add_bench_program(spool_bench SOURCES spool_bench.cpp AREAS spool)

# Routing cost: 50 rules, 10,000 tenants, 1,000 tenants (bench/route_bench.cpp).
cwlog_add_bench(route_bench
  SOURCES route_bench.cpp
  AREAS route common)

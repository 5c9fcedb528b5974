#!/usr/bin/env bash
# ship_backpressure.sh CWLOG [LINES] — the long variant of the fault matrix's
# backpressure case (tests/cli/delivery_matrix_test.sh): `cwlog ship` of a
# 1,000,000-line file on stdin, default queue, against `cwlog local` on
# loopback. Before backpressure it dropped about a third as queue_full; now
# every line must be delivered and stored once, and the run prints how long
# it took.
set -uo pipefail
cwlog=$1
n=${2:-1000000}
# shellcheck source=tests/cli/delivery_lib.sh
source "$(dirname "$0")/../tests/cli/delivery_lib.sh"

start_local
lines big "$n" >"$work/big.txt"
start=$SECONDS
ship big --group bench-backpressure --stream s <"$work/big.txt"
echo "shipped $n lines in $((SECONDS - start)) s"
expect_all big bench-backpressure "$n"
echo "$passed passed, $failed failed"
((failed == 0))

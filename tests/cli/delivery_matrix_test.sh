#!/usr/bin/env bash
# delivery_matrix_test.sh CWLOG — the fault matrix of docs/delivery.md: `cwlog
# ship` against a real `cwlog local` on loopback that misbehaves on purpose.
# Each case counts the records in, reads back what was stored, and checks that
# nothing is missing except what a counter names (by reason), that every
# duplicate was announced as a possible duplicate, and the exit code.
#
# No verdict depends on the machine's speed: the server's faults are counted
# requests or rates, outages are ended by the script (not by a timer the
# shipper races), and waits are for conditions with generous bounds.
set -uo pipefail
cwlog=$1
# shellcheck source=tests/cli/delivery_lib.sh
source "$(dirname "$0")/delivery_lib.sh"

start_local

# --- fan-out: one route to two destinations, the second's group missing ------
cat >"$work/fanout.yaml" <<'YAML'
destinations:
  - name: kept
    group: matrix-fanout
    stream: s
    format: plain
    pattern: "{message}"
  - name: missing
    group: matrix-fanout-missing
    stream: s
    create_group: false
    format: plain
    pattern: "{message}"
routes:
  - name: both
    to: [kept, missing]
YAML
lines fanout 2000 | ship fanout --config "$work/fanout.yaml"
check "fanout: exit 3 (copies not delivered)" 3 "$(rc fanout)"
check "fanout: copies" 4000 "$(summary fanout copies)"
check "fanout: delivered" 2000 "$(summary fanout delivered)"
check "fanout: group_missing per copy" 2000 "$(dropped fanout group_missing)"
check "fanout: kept stored" 2000 "$(stored matrix-fanout fanout)"
grep -q "^  missing: 2000 copies, 0 delivered, 0 rejected, 2000 dropped" "$work/fanout.err"
check "fanout: per-destination line" 0 $?

# --- backpressure: a file much larger than the queue, read faster than sent ---
# 200,000 lines through a 256 KiB queue: without backpressure most would be
# dropped as queue_full; reading must slow down instead (the 1,000,000-line
# variant with the default queue is bench/ship_backpressure.sh).
cat >"$work/small-queue.yaml" <<'YAML'
shipping:
  queue_bytes: 256KiB
destinations:
  - name: big
    group: matrix-backpressure
    stream: s
    format: plain
    pattern: "{message}"
default_destination: big
YAML
lines bp 200000 >"$work/bp.txt"
ship bp --config "$work/small-queue.yaml" <"$work/bp.txt"
check "backpressure: exit 0" 0 "$(rc bp)"
check "backpressure: delivered" 200000 "$(summary bp delivered)"
check "backpressure: nothing dropped" 0 "$(summary bp dropped)"
check "backpressure: stored once each" 200000 "$(stored matrix-backpressure bp)"
check "backpressure: no duplicates" 0 "$(dups)"

echo "$passed passed, $failed failed"
((failed == 0))

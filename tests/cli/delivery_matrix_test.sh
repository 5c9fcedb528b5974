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
shipping:
  shutdown_deadline: 120s
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
  shutdown_deadline: 120s
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

# --- faults the service answers: throttling storm, 5xx ------------------------
restart_with throttle:rate=0.8
lines throttle 5000 | ship throttle --group matrix-throttle --stream s
expect_all throttle matrix-throttle 5000

restart_with unavailable:rate=0.3 error500:rate=0.2
lines fivexx 5000 | ship fivexx --group matrix-5xx --stream s
expect_all fivexx matrix-5xx 5000

# --- resets: before the request is processed, and after it was committed -----
restart_with reset-before:rate=0.3
lines resetb 5000 | ship resetb --group matrix-reset-before --stream s
expect_all resetb matrix-reset-before 5000

restart_with reset-after-commit:rate=0.3
lines reseta 5000 | ship reseta --group matrix-reset-after --stream s
expect_all reseta matrix-reset-after 5000

# --- events the service rejects one by one (older than 14 days) ---------------
restart_with
{
  lines rejok 100
  seq 1 50 | sed 's/.*/{"timestamp":"2020-01-01T00:00:00Z","message":"rejold-&-end"}/'
} | ship rej --group matrix-rejected --stream s
check "rejected: exit 3" 3 "$(rc rej)"
# Refused by the service (rejected), or, had a first attempt failed, dropped
# before the resend as too old: counted either way.
check "rejected: counted" 50 "$(($(summary rej rejected) + $(dropped rej too_old)))"
check "rejected: delivered" 100 "$(summary rej delivered)"
check "rejected: the others stored" 100 "$(stored matrix-rejected rejok)"

# --- the group deleted mid-stream: created again, nothing dropped ------------
restart_with
feed gone 2000 | ship gone --group matrix-deleted --stream s &
ship_pid=$!
wait_stored matrix-deleted 200
curl -s -o /dev/null -X POST "$AWS_ENDPOINT_URL_CLOUDWATCH_LOGS/" \
  -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: Logs_20140328.DeleteLogGroup' \
  -d '{"logGroupName":"matrix-deleted"}'
wait "$ship_pid"
check "deleted: exit 0" 0 "$(rc gone)"
check "deleted: delivered" 2000 "$(summary gone delivered)"
check "deleted: dropped" 0 "$(summary gone dropped)"
# What was stored before the deletion went with the group (by design); the
# group holds what came after it.
after=$(stored matrix-deleted gone)
((after > 0 && after < 2000)); check "deleted: the group was recreated and holds the rest ($after)" 0 $?

# --- the server restarted with --db, and unreachable for a while -------------
# The outage is ended by the script once ship has read on into it; a 2-minute
# outage at 200 records/s is bench/ship_outage.sh.
# The outage is ended by the script once ship has read on into it; a 2-minute
# outage at 200 records/s is bench/ship_outage.sh.
outage_case restart matrix-restart 1000 0
outage_case unreachable matrix-unreachable 3000 10

# --- SIGTERM: what was read is delivered before the exit ---------------------
restart_with
feed term 100000 | "$cwlog" ship --config "$work/base.yaml" --group matrix-sigterm --stream s 2>"$work/term.err" &
ship_pid=$!  # the pipeline's last command: cwlog itself
wait_stored matrix-sigterm 500
kill -TERM "$ship_pid"
wait "$ship_pid"
echo $? >"$work/term.rc"
read_lines=$(grep -o '[0-9]* lines read' "$work/term.err" | cut -d' ' -f1)
check "sigterm: exit 0" 0 "$(rc term)"
check "sigterm: every line read delivered" "$read_lines" "$(summary term delivered)"
check "sigterm: every line read stored" "$read_lines" "$(stored matrix-sigterm term)"

# --- SIGKILL with a spool: killed in a loop, restarted; nothing lost ---------
# Three shippers in turn share one spool_dir, each killed with SIGKILL at
# least 2 s after its last record was logged (once all of them are on disk):
# the first and the third while the server is down (nothing delivered), the
# second while it is up (it sends its own records and the first's). A last
# one with no input sends what is left and exits. Every record is stored;
# duplicates only from a replay (a killed shipper's delivered records whose
# segment it had not deleted yet). The server keeps its state in a file
# across its stops.
spool_config "$work/kill.yaml" "$work/kill.spool"
stop_local
spooled_start kill1 "$work/kill.yaml" matrix-kill
lines kill1 1000 >&"$spooled_fd"
wait_on_disk "$work/kill.spool" kill1 1000
sleep 2
spooled_kill "$spooled_pid" "$spooled_fd"
start_local --db "$work/kill.db"
spooled_start kill2 "$work/kill.yaml" matrix-kill
lines kill2 1000 >&"$spooled_fd"
wait_stored matrix-kill 2000
sleep 2
spooled_kill "$spooled_pid" "$spooled_fd"
stop_local
spooled_start kill3 "$work/kill.yaml" matrix-kill
lines kill3 1000 >&"$spooled_fd"
wait_on_disk "$work/kill.spool" kill3 1000
sleep 2
spooled_kill "$spooled_pid" "$spooled_fd"
start_local --db "$work/kill.db"
ship killed --config "$work/kill.yaml" --group matrix-kill --stream s </dev/null
check "kill loop: the last shipper exits 0" 0 "$(rc killed)"
total=0
for k in kill1 kill2 kill3; do
  check "kill loop: none of $k missing" 1000 "$(stored matrix-kill "$k")"
  total=$((total + $(dups)))
done
(($(replayed killed) >= 1000 && total <= $(replayed killed) - 1000)); check "kill loop: the third's records replayed ($(replayed killed)), duplicates ($total) only from replays" 0 $?

# --- two processes sharing one spool_dir, both killed ------------------------
spool_config "$work/pair.yaml" "$work/pair.spool"
stop_local
spooled_start pairA "$work/pair.yaml" matrix-pair
pid_a=$spooled_pid fd_a=$spooled_fd
spooled_start pairB "$work/pair.yaml" matrix-pair
pid_b=$spooled_pid fd_b=$spooled_fd
lines pairA 1000 >&"$fd_a"
lines pairB 1000 >&"$fd_b"
wait_on_disk "$work/pair.spool" pairA 1000
wait_on_disk "$work/pair.spool" pairB 1000
check "pair: one directory each" 2 "$(find "$work/pair.spool" -mindepth 1 -maxdepth 1 -name 'owner-*' | wc -l | tr -d ' ')"
sleep 2
spooled_kill "$pid_a" "$fd_a"
spooled_kill "$pid_b" "$fd_b"
start_local
ship pair --config "$work/pair.yaml" --group matrix-pair --stream s </dev/null
check "pair: exit 0" 0 "$(rc pair)"
check "pair: both replayed" 2000 "$(replayed pair)"
check "pair: none of A missing" 1000 "$(stored matrix-pair pairA)"
check "pair: none of B missing" 1000 "$(stored matrix-pair pairB)"
check "pair: the spool is empty" 0 "$(find "$work/pair.spool" -mindepth 1 | wc -l | tr -d ' ')"

echo "$passed passed, $failed failed"
((failed == 0))

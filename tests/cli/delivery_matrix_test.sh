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
work=$(mktemp -d); passed=0; failed=0
local_pid=; port=0
cleanup() {
  [[ -n $local_pid ]] && kill "$local_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}

export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=cwlog-local-secret
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none HOME=$work
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

# start_local [ARGS...]: a `cwlog local` on $port (the first start picks an
# ephemeral port, later starts reuse it, so a restarted server is the same
# endpoint). Without --db, the state is in memory.
start_local() {
  local args=("$@")
  [[ " ${args[*]} " == *" --db "* ]] || args+=(--memory)
  "$cwlog" local --port "$port" --no-auth "${args[@]}" >"$work/local.out" 2>"$work/local.err" &
  local_pid=$!
  # Up to a minute for it to start, however busy the machine.
  for _ in $(seq 600); do grep -q 'listening on' "$work/local.out" 2>/dev/null && break; sleep 0.1; done
  port=$(grep -o '127.0.0.1:[0-9]*' "$work/local.out" | head -1 | cut -d: -f2)
  [[ -n $port ]] || { cat "$work/local.err"; echo "0 passed, 1 failed"; exit 1; }
  export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:$port
}
stop_local() {
  kill "$local_pid" 2>/dev/null
  wait "$local_pid" 2>/dev/null
  local_pid=
}

# lines CASE N: N distinct records "CASE-i-end" on stdout.
lines() { seq 1 "$2" | sed "s/.*/$1-&-end/"; }

# ship CASE [ship args...] <input: runs `cwlog ship`, keeping its summary in
# $work/CASE.err and its exit code in $work/CASE.rc.
ship() {
  local name=$1; shift
  "$cwlog" ship "$@" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}
rc() { cat "$work/$1.rc"; }
# summary CASE WORD: the number before WORD in the summary line ("copies",
# "delivered", "rejected", "dropped", "possible").
summary() {
  grep -o "[0-9]* $2" <<<"$(grep '^cwlog ship:' "$work/$1.err")" | head -1 | cut -d' ' -f1
}
# dropped CASE REASON: copies dropped for REASON (0 when none).
dropped() {
  local n
  n=$(grep -o "^  dropped ($2): [0-9]*" "$work/$1.err" | head -1 | grep -o '[0-9]*$')
  echo "${n:-0}"
}
# stored GROUP CASE: distinct records of CASE stored in GROUP, and in
# $work/dups the number of extra copies.
stored() {
  "$cwlog" tail "$1" --since 1d --format short | grep -o "$2-[0-9]*-end" | sort >"$work/stored"
  uniq <"$work/stored" | wc -l | tr -d ' '
  echo $(($(wc -l <"$work/stored") - $(uniq <"$work/stored" | wc -l))) >"$work/dups"
}
dups() { cat "$work/dups"; }

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

echo "$passed passed, $failed failed"
((failed == 0))

#!/usr/bin/env bash
# cli_test.sh CWLOG SOURCE_DIR — ship, tail, groups, streams, file following
# (rotation, truncation, restart without loss or repeats) and exit codes.
set -uo pipefail
cwlog=$1; src=$2
work=$(mktemp -d); passed=0; failed=0
cleanup() { [[ -n ${local_pid:-} ]] && kill "$local_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: expected '$2', got '$3'"; fi
}

"$cwlog" local --port 0 --memory >"$work/local.out" 2>"$work/local.err" &
local_pid=$!
# Up to a minute for it to start, however busy the machine.
for _ in $(seq 600); do grep -q 'listening on' "$work/local.out" 2>/dev/null && break; sleep 0.1; done
endpoint=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/local.out" | head -1)
[[ -n $endpoint ]] || { cat "$work/local.err"; echo "0 passed, 1 failed"; exit 1; }
export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=$endpoint AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=cwlog-local-secret
export AWS_CONFIG_FILE=$work/none AWS_SHARED_CREDENTIALS_FILE=$work/none HOME=$work
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

count_events() { "$cwlog" tail "$1" --since 1d --format json | wc -l | tr -d ' '; }
# Waits (up to two minutes, however slow the machine) until GROUP holds at
# least N events: each step of the follow test starts once the last one's lines
# are delivered, never after a fixed sleep.
wait_events() {  # wait_events GROUP N
  local deadline=$((SECONDS + 120))
  while (($(count_events "$1") < $2 && SECONDS < deadline)); do sleep 0.2; done
}

# --- help and usage errors ---------------------------------------------------
"$cwlog" --help >/dev/null; check "help exit" 0 $?
for sub in ship tail groups streams local config tenant-name terraform iam-policy version; do
  "$cwlog" "$sub" --help >/dev/null 2>&1; check "$sub --help" 0 $?
done
"$cwlog" ship </dev/null >/dev/null 2>"$work/err"; check "ship without destination exit" 2 $?
check "ship without destination: one line" 1 "$(wc -l <"$work/err" | tr -d ' ')"
"$cwlog" tail some-group --format bogus 2>/dev/null; check "tail bad format exit" 2 $?
"$cwlog" tail some-group --since yesterday 2>/dev/null; check "tail bad since exit" 2 $?

# --- stdin to one group, read back -------------------------------------------
seq 1 250 | sed 's/^/line /' | "$cwlog" ship --group cli-stdin --stream s1 -q; check "ship stdin exit" 0 $?
check "stdin lines delivered" 250 "$(count_events cli-stdin)"
check "first line intact" "line 1" "$("$cwlog" tail cli-stdin --since 1d --format short | head -1 | cut -d' ' -f2-)"
grep -qx cli-stdin <<<"$("$cwlog" groups --names-only)"; check "groups lists it" 0 $?
grep -qx cli-stdin <<<"$("$cwlog" groups cli- --names-only)"; check "groups prefix" 0 $?
grep -q '^s1 ' <<<"$("$cwlog" streams cli-stdin)"; check "streams lists it" 0 $?

# --- JSON lines routed by the config (tenant groups, errors fan-out) ---------
cat >"$work/lines.jsonl" <<'JSON'
{"level":"info","logger":"api","tenant":"acme","message":"order placed","order":7}
{"level":"error","logger":"api","tenant":"globex","message":"payment failed","code":502}
{"level":"info","logger":"scheduler","message":"tick"}
not json at all
JSON
"$cwlog" ship --config "$src/examples/swarm/cwlog.yaml" -q <"$work/lines.jsonl"; check "ship config exit" 0 $?
acme=$("$cwlog" tenant-name --config "$src/examples/swarm/cwlog.yaml" acme)
globex=$("$cwlog" tenant-name --config "$src/examples/swarm/cwlog.yaml" globex)
check "acme group" 1 "$(count_events "$acme")"
check "globex group" 1 "$(count_events "$globex")"
check "errors fan-out" 1 "$(count_events app-errors)"
check "platform/scheduler" 1 "$(count_events app-platform/scheduler)"
check "platform/ship (not JSON)" 1 "$(count_events app-platform/ship)"
grep -q '"order":7' <<<"$("$cwlog" tail "$acme" --since 1d --format short)"; check "fields kept as JSON" 0 $?
grep -q 'payment failed' <<<"$("$cwlog" tail app-errors --since 1d --filter '{ $.code = 502 }' --format short)"
check "tail --filter JSON pattern" 0 $?

# --- following files: append, rotation, truncation, restart ------------------
log=$work/app.log; state=$work/state
printf 'a1\na2\na3\n' >"$log"
"$cwlog" ship --group cli-follow --stream f --state-dir "$state" -q "$log" &
ship_pid=$!
wait_events cli-follow 3; printf 'a4\na5\n' >>"$log"
wait_events cli-follow 5; mv "$log" "$log.1"; printf 'b1\nb2\n' >"$log"  # rotation (rename + create)
wait_events cli-follow 7; : >"$log"; printf 'c1\n' >>"$log"              # truncation (copytruncate)
wait_events cli-follow 8; kill -TERM "$ship_pid"; wait "$ship_pid"; check "ship follow exit on SIGTERM" 0 $?
check "followed lines delivered once" 8 "$(count_events cli-follow)"
printf 'c2\nc3\n' >>"$log"                                          # written while ship was down
"$cwlog" ship --group cli-follow --stream f --state-dir "$state" --once -q "$log"
check "restart: only new lines" 10 "$(count_events cli-follow)"
"$cwlog" tail cli-follow --since 1d --format short | cut -d' ' -f2- >"$work/followed"
check "followed order" "a1 a2 a3 a4 a5 b1 b2 c1 c2 c3" "$(tr '\n' ' ' <"$work/followed" | sed 's/ $//')"

# --- service and network errors: one line, documented exit codes -------------
"$cwlog" tail no-such-group --since 1h 2>"$work/err"; check "missing group exit" 1 $?
grep -q 'ResourceNotFoundException' "$work/err"; check "missing group message" 0 $?
AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:1 "$cwlog" groups 2>/dev/null; check "unreachable exit" 4 $?
AWS_SECRET_ACCESS_KEY=wrong "$cwlog" groups 2>"$work/err"; check "wrong secret exit" 1 $?
grep -q 'InvalidSignatureException' "$work/err"; check "wrong secret message" 0 $?
grep -q 'cwlog-local-secret\|wrong' "$work/err"; check "no secret in the message" 1 $?

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]

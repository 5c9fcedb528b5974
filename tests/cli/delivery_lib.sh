# delivery_lib.sh — what the fault matrix (tests/cli/delivery_matrix_test.sh)
# and its long variants (bench/ship_*.sh) share: a `cwlog local` on loopback
# that can be stopped, restarted on the same port and given faults; `cwlog
# ship` runs whose summary is kept; read-back of what was stored, with the
# duplicates; and the checks. Sourced, with $cwlog set to the binary.
# shellcheck shell=bash
: "${cwlog:?set cwlog to the cwlog binary before sourcing}"
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
  local args=("$@") want_port=$port
  [[ " ${args[*]} " == *" --db "* ]] || args+=(--memory)
  # Emptied here, not only by the redirection below: that one happens in the
  # background child, and until it does, the loop below would read the last
  # server's "listening on" (seen: the port then read from the emptied file
  # came out empty while the new server was starting).
  : >"$work/local.out"
  : >"$work/local.err"
  "$cwlog" local --port "$port" --no-auth "${args[@]}" >"$work/local.out" 2>"$work/local.err" &
  local_pid=$!
  # Up to a minute for it to start, however busy the machine.
  for _ in $(seq 600); do grep -q 'listening on' "$work/local.out" 2>/dev/null && break; sleep 0.1; done
  port=$(grep -o '127.0.0.1:[0-9]*' "$work/local.out" | head -1 | cut -d: -f2)
  if [[ -z $port ]]; then
    # Say enough to tell a hang from a refused port. (Seen three times on
    # 2026-11-27: "alive, silent" was the stale-file race emptied away above.)
    echo "cwlog local did not start (port ${want_port:-0} wanted, arguments: ${args[*]}):"
    cat "$work/local.out" "$work/local.err"
    if kill -0 "$local_pid" 2>/dev/null; then echo "(still running, pid $local_pid)"; else echo "(exited)"; fi
    ss -tanp 2>/dev/null | grep -F ":${want_port:-none} " || true
    echo "0 passed, 1 failed"
    exit 1
  fi
  export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:$port
}
stop_local() {
  kill "$local_pid" 2>/dev/null
  wait "$local_pid" 2>/dev/null
  local_pid=
}

# lines CASE N: N distinct records "CASE-i-end" on stdout.
lines() { seq 1 "$2" | sed "s/.*/$1-&-end/"; }

# The settings every run shares unless it brings its own config: shutdown
# waits up to two minutes for delivery, however slow the machine.
printf 'shipping:\n  shutdown_deadline: 120s\n' >"$work/base.yaml"
# ship CASE [ship args...] <input: runs `cwlog ship` (with base.yaml unless
# the args name a --config), keeping its summary in $work/CASE.err and its
# exit code in $work/CASE.rc.
ship() {
  local name=$1; shift
  local config=()
  [[ " $* " == *" --config "* ]] || config=(--config "$work/base.yaml")
  "$cwlog" ship "${config[@]}" "$@" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}
rc() { cat "$work/$1.rc"; }
# summary CASE WORD: the number before WORD in the summary line ("copies",
# "delivered", "rejected", "dropped", "possible").
summary() {
  grep -oE "[0-9]+ $2" <<<"$(grep -E '^cwlog ship: [0-9]+ lines read' "$work/$1.err")" | head -1 | cut -d' ' -f1
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
# wait_stored GROUP N: waits (up to two minutes, however slow the machine)
# until GROUP holds at least N events; each step of a case starts on a
# condition, never after a fixed sleep.
wait_stored() {
  local deadline=$((SECONDS + 120))
  until (($("$cwlog" tail "$1" --since 1d --format short 2>/dev/null | wc -l) >= $2)) || ((SECONDS >= deadline)); do
    sleep 0.2
  done
}
# feed CASE N: N records, 20 every 0.1 s (about 200 a second), so a case can
# break the server while `cwlog ship` is still reading.
feed() {
  local i
  for ((i = 1; i <= $2; i += 20)); do
    # Ends once the reader is gone (SIGPIPE may be ignored here).
    seq "$i" $((i + 19 < $2 ? i + 19 : $2)) | sed "s/.*/$1-&-end/" 2>/dev/null || return 0
    sleep 0.1
  done
}
# restart_with FAULT...: the server again on the same port, in memory, with
# these faults on PutLogEvents.
restart_with() {
  stop_local
  local args=() f
  for f in "$@"; do args+=(--fault "$f,op=PutLogEvents"); done
  start_local "${args[@]}"
}
# expect_all CASE GROUP N: exit 0, all N delivered and stored, nothing
# dropped, every stored duplicate announced as a possible duplicate.
expect_all() {
  check "$1: exit 0" 0 "$(rc "$1")"
  check "$1: delivered" "$3" "$(summary "$1" delivered)"
  check "$1: dropped" 0 "$(summary "$1" dropped)"
  check "$1: none missing" "$3" "$(stored "$2" "$1")"
  local possible
  possible=$(summary "$1" possible)
  (($(dups) <= possible)); check "$1: duplicates ($(dups)) within the announced ($possible)" 0 $?
}

# outage_case CASE GROUP RECORDS OUTAGE_SECONDS: records fed at about 200 a
# second; once some are stored the server (state in a --db file) stops, stays
# down OUTAGE_SECONDS, and comes back on the same port. Nothing may be lost.
outage_case() {  # outage_case CASE GROUP RECORDS OUTAGE_SECONDS
  stop_local
  start_local --db "$work/$1.db"
  feed "$1" "$3" | ship "$1" --group "$2" --stream s &
  ship_pid=$!
  wait_stored "$2" 200
  stop_local
  sleep "$4"
  start_local --db "$work/$1.db"
  wait "$ship_pid"
  expect_all "$1" "$2" "$3"
}

# --- the disk spool: processes killed with SIGKILL --------------------------
# spool_config FILE DIR: a config with base.yaml's settings and a spool in DIR.
spool_config() {
  printf 'shipping:\n  shutdown_deadline: 120s\n  spool_dir: %s\n' "$2" >"$1"
}
# on_disk DIR CASE: distinct records of CASE in the spool segments below DIR
# (a record's message is stored as is inside its frame).
on_disk() {
  local files=("$1"/*/seg-*.cws)
  [[ -e ${files[0]} ]] || { echo 0; return; }
  grep -a -o "$2-[0-9]*-end" "${files[@]}" 2>/dev/null | sort -u | wc -l | tr -d ' '
}
# wait_on_disk DIR CASE N: waits (up to two minutes) until N records of CASE are on disk.
wait_on_disk() {
  local deadline=$((SECONDS + 120))
  until (($(on_disk "$1" "$2") >= $3)) || ((SECONDS >= deadline)); do sleep 0.1; done
}
# spooled_start NAME CONFIG GROUP: `cwlog ship` reading the fifo $work/NAME.in,
# whose write end this shell keeps open, so that the shipper never sees the
# end of its input: it only ends by a signal. Sets spooled_pid and spooled_fd
# (the write end).
spooled_start() {
  rm -f "$work/$1.in"
  mkfifo "$work/$1.in"
  "$cwlog" ship --config "$2" --group "$3" --stream s <"$work/$1.in" 2>"$work/$1.err" &
  # shellcheck disable=SC2034  # both are for the caller
  spooled_pid=$!
  # shellcheck disable=SC2034
  exec {spooled_fd}>"$work/$1.in"
}
# spooled_kill PID FD: SIGKILL for the shipper, then its input closed.
spooled_kill() {
  local fd=$2
  kill -KILL "$1"
  wait "$1" 2>/dev/null
  exec {fd}>&-
}
# replayed CASE: the records the summary says were replayed from the spool.
replayed() {
  local n
  n=$(grep -o 'replayed from the spool (left by a shipper that died): [0-9]*' "$work/$1.err" | grep -o '[0-9]*$')
  echo "${n:-0}"
}

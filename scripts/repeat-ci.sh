#!/usr/bin/env bash
# Runs the README's test command (what CI runs) N times, each time in a fresh
# clone of the committed HEAD placed beside ../shared, as CI does, and prints
# one line per run and a summary. Proof that the suite passes every time, not
# by luck.
#
#   scripts/repeat-ci.sh [-n N] [--cold | --cold-first] [--keep-going]
#     -n N          runs (default 10)
#     --cold        CCACHE_DISABLE=1: every run compiles everything (CI's worst case)
#     --cold-first  the first run with CCACHE_DISABLE=1 (CI's time), the others warm
#     --keep-going  continue after a failed run
# Each run's full output and its builds' .ninja_log files are kept in
# $CWLOG_REPEAT_LOGS (default /tmp/cwlog-repeat).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=10 cold=0 cold_first=0 keep_going=0
while (($#)); do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --cold) cold=1; shift ;;
    --cold-first) cold_first=1; shift ;;
    --keep-going) keep_going=1; shift ;;
    *) echo "usage: $0 [-n N] [--cold | --cold-first] [--keep-going]" >&2; exit 2 ;;
  esac
done
src=$PWD
rev=$(git rev-parse --short HEAD)  # fixed at start
logs=${CWLOG_REPEAT_LOGS:-/tmp/cwlog-repeat}
mkdir -p "$logs"
# The clone sits beside the checkout, so ../shared is the same folder CI sees.
clone=$(dirname "$src")/cwlog-ci-clone
passed=0 failed=0
for ((i = 1; i <= runs; i++)); do
  rm -rf "$clone"
  git clone -q "$src" "$clone"
  git -C "$clone" checkout -q --detach "$rev"  # the same commit every run, whatever lands meanwhile
  log=$logs/run-$i.log
  start=$(date +%s)
  status=0
  label=$rev
  ((cold || (cold_first && i == 1))) && label+=", ccache off"
  if [[ $label == *"ccache off" ]]; then
    (cd "$clone" && CI=true CCACHE_DISABLE=1 bash .ci/run) >"$log" 2>&1 </dev/null || status=$?
  else
    (cd "$clone" && CI=true bash .ci/run) >"$log" 2>&1 </dev/null || status=$?
  fi
  secs=$(($(date +%s) - start))
  # Each step's compile and link times, for finding where a build's time went.
  for b in build build-asan; do
    if [[ -f $clone/$b/.ninja_log ]]; then cp "$clone/$b/.ninja_log" "$logs/run-$i.$b.ninja_log"; fi
  done
  # ctest prints one summary line per pass (Release, then sanitizers).
  summary=$(grep -E 'tests passed|tests failed' "$log" | tr '\n' ';' || true)
  # scripts/test.sh's step marks: where the time went.
  summary+=" steps: $(sed -n 's/^test.sh: \(.*\) done at \([0-9]*\) s$/\1 @\2s,/p' "$log" | tr '\n' ' ')"
  if ((status == 0)); then
    passed=$((passed + 1))
    echo "run $i ($label): PASS in ${secs}s — $summary"
  else
    failed=$((failed + 1))
    echo "run $i ($label): FAIL (exit $status) in ${secs}s — $summary; log: $log"
    grep -A20 'The following tests FAILED' "$log" || tail -20 "$log"
    ((keep_going)) || break
  fi
done
rm -rf "$clone"
echo "repeat-ci: $passed passed, $failed failed (HEAD $rev, $runs runs requested$( ((cold)) && echo ', ccache off'))"
((failed == 0))

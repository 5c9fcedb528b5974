#!/usr/bin/env bash
# One fuzzing campaign with AFL++ (README.md here explains the choice):
#   tests/fuzz/run-campaign.sh TARGET [SECONDS [EXECS]]
# builds fuzz_TARGET with afl-g++-fast (GCC plugin instrumentation, ASan+UBSan,
# libAFLDriver.a) in build-fuzz/ (or $CWLOG_FUZZ_BUILD), fuzzes from
# tests/fuzz/corpus/TARGET until SECONDS (default 600) have passed or about
# EXECS executions (default 1,000,000) are done, re-runs every queue entry
# once more with LeakSanitizer on, and prints one line for the README's table.
# Runs at nice 19; run campaigns one after another, not side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."

if (($# < 1)); then
  echo "usage: $0 TARGET [SECONDS [EXECS]]   (targets: $(cd tests/fuzz/corpus && echo *))" >&2
  exit 2
fi
target=$1
seconds=${2:-600}
execs=${3:-1000000}
build=${CWLOG_FUZZ_BUILD:-build-fuzz}
afl_lib=/usr/lib/afl
if [[ ! -d tests/fuzz/corpus/$target ]]; then
  echo "$0: no corpus tests/fuzz/corpus/$target" >&2
  exit 2
fi
command -v afl-g++-fast >/dev/null || {
  echo "$0: afl-g++-fast not found: apt-get install afl++" >&2
  exit 2
}
mkdir -p "$build"

# --- the GCC plugin: load Debian's through the shim when GCC was updated since
# afl++ was built (tools/afl_gcc_plugin_shim.c says why).
built_with=$(strings -n 8 "$afl_lib/afl-gcc-pass.so" | sed -n 's|^\(\.\./src/configure .*\)$|\1|p' | head -n 1)
current=$(g++ -v 2>&1 | sed -n 's/^Configured with: //p')
if [[ -n $built_with && $built_with != "$current" ]]; then
  shim=$PWD/$build/afl-path
  mkdir -p "$shim"
  for f in "$afl_lib"/*; do
    [[ $(basename "$f") == afl-gcc-pass.so ]] || ln -sf "$f" "$shim/"
  done
  escaped=${built_with//\\/\\\\}
  escaped=${escaped//\"/\\\"}
  printf '#define AFL_PLUGIN_BUILT_WITH "%s"\n#define AFL_REAL_PLUGIN "%s"\n' \
    "$escaped" "$afl_lib/afl-gcc-pass.so" >"$shim/shim_config.h"
  gcc -shared -fPIC -O2 -Wall -include "$shim/shim_config.h" \
    tests/fuzz/tools/afl_gcc_plugin_shim.c -o "$shim/afl-gcc-pass.so" -ldl
  export AFL_PATH=$shim
fi

# --- the instrumented target, only the one fuzzed: the libraries it links are
# built once and shared by the next campaigns (scripts/build.sh holds the
# build lock). CWLOG_FUZZ_SKIP_BUILD=1 skips it (the build lock may be queued
# behind others' builds for minutes, even when there is nothing to do).
export AFL_QUIET=1
[[ ${CWLOG_FUZZ_SKIP_BUILD:-0} == 1 ]] ||
  scripts/build.sh "$build" -DCMAKE_CXX_COMPILER=afl-g++-fast -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCWLOG_SANITIZE=ON -DCWLOG_FUZZ_DRIVER="$afl_lib/libAFLDriver.a" \
    -DCWLOG_BUILD_BENCH=OFF -DCWLOG_BUILD_EXAMPLES=OFF -- "fuzz_$target"
binary=$build/tests/fuzz/fuzz_$target

# --- the campaign. Leaks are checked afterwards, input by input: in persistent
# mode LeakSanitizer would only run at exit and blame whichever input was last.
out=$build/campaigns/$target
rm -rf "$out"
mkdir -p "$build/campaigns"
dict=()
[[ -f tests/fuzz/dict/$target.dict ]] && dict=(-x "tests/fuzz/dict/$target.dict")
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
# LSAN_OPTIONS is set because afl-fuzz otherwise sets its own, with
# fast_unwind_on_malloc=0, which ASan also reads: every malloc and free then
# unwinds the stack through DWARF tables, and malloc-heavy targets (SQLite,
# yaml-cpp) ran 5 to 12 times slower.
ASAN_OPTIONS=abort_on_error=1:detect_leaks=0:symbolize=0:allocator_may_return_null=1 \
  LSAN_OPTIONS=symbolize=0:fast_unwind_on_malloc=1 \
  nice -n 19 afl-fuzz -i "tests/fuzz/corpus/$target" -o "$out" -V "$seconds" -E "$execs" -t 2000 -m none \
  "${dict[@]}" -- "$binary" >"$out.log" 2>&1 || {
  tail -n 20 "$out.log" >&2
  exit 1
}

leaks=0
mkdir -p "$out/leaks"
queue=("$out"/default/queue/id:*)
leak_check() { ASAN_OPTIONS=detect_leaks=1:symbolize=0 nice -n 19 "$binary" "$@" >/dev/null 2>&1; }
# All entries in one process first; only if that leaks, one by one to find which.
if ! leak_check "${queue[@]}"; then
  for f in "${queue[@]}"; do
    if ! leak_check "$f"; then
      cp "$f" "$out/leaks/"
      leaks=$((leaks + 1))
    fi
  done
fi

afl_stat() { sed -n "s/^$1 *: //p" "$out/default/fuzzer_stats"; }
crashes=$(find "$out/default/crashes" -name 'id:*' | wc -l)
hangs=$(find "$out/default/hangs" -name 'id:*' | wc -l)
echo "| $target | $(afl_stat execs_done) | $(afl_stat run_time) s | $(afl_stat edges_found) edges ($(afl_stat bitmap_cvg)) |" \
  "$(afl_stat corpus_count) queue | $crashes crashes, $hangs hangs, $leaks leaking |" | tee "$out.summary"
if ((crashes + hangs + leaks)); then
  echo "findings: $out/default/crashes $out/default/hangs $out/leaks" >&2
fi

#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it needs,
# builds with -Werror, runs every test, then builds and runs them again under
# AddressSanitizer + UndefinedBehaviorSanitizer. Re-runs are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

scripts/build.sh build -DCWLOG_WERROR=ON -DCMAKE_BUILD_TYPE=Release
ctest --test-dir build --output-on-failure --parallel 2 --timeout 300

# The sanitizer run skips benchmarks and examples: they add build time, not
# coverage. -O1 -g1 (asserts kept): the sanitizers see the same code, the
# debug information is a fraction of -g's (faster links) and the tests run
# optimised code.
scripts/build.sh build-asan -DCWLOG_WERROR=ON -DCWLOG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DCWLOG_BUILD_BENCH=OFF -DCWLOG_BUILD_EXAMPLES=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --parallel 2 --timeout 600 --label-exclude no-sanitizer

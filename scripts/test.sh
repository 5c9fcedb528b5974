#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it needs,
# then two passes, each re-run incrementally:
#
# 1. Release (-O3, -Werror): the artefacts a user gets -- libcwlog, the cwlog
#    binary, the Python package, the examples and benchmarks -- and the tests
#    of those artefacts as built: find_package() consumers, the Python suite
#    and its offline pip install, the CLI end to end and its fault matrix, the
#    AWS CLI and boto3 against cwlog local, the console in a browser, the
#    compile-fail, format and shell checks.
# 2. AddressSanitizer + UndefinedBehaviorSanitizer: every test executable
#    (unit and integration suites, fuzz corpus replays) and the Python and CLI
#    tests again on the instrumented binaries.
#
# The test executables are built and run once, in the sanitizer pass, where
# they check more than in a release build; building them twice made the
# release pass 331 build steps instead of 77 (tests/README.md, "CI time").
set -euo pipefail
cd "$(dirname "$0")/.."
# Where CI's time goes, in its log (tests/README.md, "CI time").
SECONDS=0
step() { echo "test.sh: $1 done at ${SECONDS} s"; }
scripts/install-deps.sh
step "install-deps"

scripts/build.sh build -DCWLOG_WERROR=ON -DCMAKE_BUILD_TYPE=Release -DCWLOG_TEST_EXECUTABLES=OFF
step "release build"
ctest --test-dir build --output-on-failure --parallel 2 --timeout 300
step "release tests"

# The sanitizer pass skips benchmarks and examples: they add build time, not
# coverage. -Og -g1 (asserts kept): a third less compile time than -O1 with the
# same instrumentation; line tables are enough for the sanitizers' reports.
scripts/build.sh build-asan -DCWLOG_WERROR=ON -DCWLOG_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS_DEBUG=-Og -g1" -DCWLOG_BUILD_BENCH=OFF -DCWLOG_BUILD_EXAMPLES=OFF
step "sanitizer build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --parallel 2 --timeout 600 --label-exclude no-sanitizer
step "sanitizer tests"

#!/usr/bin/env bash
# `pip install --no-build-isolation ./python` into a --system-site-packages
# venv, offline, from a copy of the checkout (pip builds in the source tree,
# and a test must not write there); then the installed package imports and
# ships a record through its own extension. Usage: pip_install_test.sh PYTHON
set -euo pipefail
python=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/checkout"
git -C "$src" ls-files -co --exclude-standard -z | (cd "$src" && xargs -0 cp --parents -t "$work/checkout")
"$python" -m venv --system-site-packages "$work/venv"
# Same relative paths as any other checkout: ccache reuses earlier compiles.
export CCACHE_BASEDIR=$work/checkout CCACHE_NOHASHDIR=1
# The lock scripts/build.sh holds: one build at a time on a small machine.
export CWLOG_BUILD_LOCK=/tmp/cwlog-build.lock
# This test checks the packaging, not the code (the suite tests that): an
# unoptimised build without pybind11's LTO is about a third quicker (CI time).
export CMAKE_ARGS="-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0"
"$work/venv/bin/python" -m pip install --no-index --no-build-isolation --quiet "$work/checkout/python"

cd "$work"
"$work/venv/bin/python" - <<'PY'
import cwlog, cwlog._cwlog as ext, sys
assert cwlog.__file__.startswith(sys.prefix), cwlog.__file__
assert ext.__file__.startswith(sys.prefix), ext.__file__
shipper = cwlog.Shipper(region="us-east-1", endpoint="http://127.0.0.1:9")
dest = shipper.open("pip-install-check", "s", retention_days=7)
assert shipper.log("hello", destination=dest)
shipper.shutdown(0.2)  # nothing listens there: give up quickly
try:
    shipper.open("g", "bad:name")
    raise SystemExit("a bad stream name was accepted")
except cwlog.InvalidSettingError:
    pass
print("installed", cwlog.__version__, "from", cwlog.__file__)
PY

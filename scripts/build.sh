#!/usr/bin/env bash
# Configures (once) and builds one build tree. Usage:
#   scripts/build.sh DIR [cmake -D options...] [-- targets...]
# Builds are serialized through a lock: the machine has 2 cores, and two
# builds at once only make both slower.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1; shift
cmake_args=(); targets=()
while (($#)); do
  if [[ $1 == -- ]]; then shift; targets=("$@"); break; fi
  cmake_args+=("$1"); shift
done
# Paths relative to the checkout in ccache's keys: a fresh clone elsewhere on
# the same machine (as CI makes) reuses what an earlier build compiled.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
# Precompiled headers are cached only with these (ccache's manual, "Precompiled headers").
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
exec 9>/tmp/cwlog-build.lock
flock 9
# Configured once, and again whenever options are given that differ from the
# last configure's (a changed option in scripts/test.sh must reach existing
# trees); a call with targets only builds what is configured.
stamp=$dir/.cwlog-configure-args
reconfigure=0
[[ -f $dir/build.ninja ]] || reconfigure=1
if ((${#cmake_args[@]})) && [[ "$(cat "$stamp" 2>/dev/null)" != "${cmake_args[*]}" ]]; then reconfigure=1; fi
if ((reconfigure)); then
  launcher=()
  # ccache makes a re-run after `git clean` or in a fresh clone cheap.
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$dir" -G Ninja "${launcher[@]}" "${cmake_args[@]}"
  printf '%s' "${cmake_args[*]}" >"$stamp"
fi
if ((${#targets[@]})); then
  cmake --build "$dir" --parallel 2 --target "${targets[@]}"
else
  cmake --build "$dir" --parallel 2
fi

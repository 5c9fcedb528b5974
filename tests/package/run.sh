#!/usr/bin/env bash
# run.sh BUILD_DIR CONSUMER_SOURCE SCRATCH
set -euo pipefail
build=$1; consumer=$2; scratch=$3
rm -rf "$scratch"; mkdir -p "$scratch"
prefix=$scratch/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

# What the installed tree must hold.
for f in include/cwlog/options.h lib/libcwlog.a lib/cmake/cwlog/cwlogConfig.cmake \
         lib/cmake/cwlog/cwlogConfigVersion.cmake bin/cwlog; do
  [[ -e $prefix/$f ]] || { echo "missing from install: $f"; exit 1; }
done
ls "$prefix"/lib/libcwlog.so.1 >/dev/null  # CWLOG_SOVERSION (docs/api.md, ABI policy)
# No private dependency leaks into the public headers. fmt is public (the
# format strings of cwlog/format.h, as in spdlog), spdlog only in the sink.
if grep -rE '#include <(curl|openssl|nlohmann|yaml-cpp|sqlite3|httplib|pugixml)' "$prefix/include/cwlog" \
     | grep -v spdlog_sink.h; then
  echo "a public header includes a private dependency"; exit 1
fi
"$prefix/bin/cwlog" version

for kind in static shared; do
  use_static=OFF; [[ $kind == static ]] && use_static=ON
  cmake -S "$consumer" -B "$scratch/$kind" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
        -Dcwlog_USE_STATIC_LIBS=$use_static >/dev/null
  cmake --build "$scratch/$kind" >/dev/null
  "$scratch/$kind/consumer" "$kind"
  # ldd's whole output first: `ldd | grep -q` under pipefail fails when grep's
  # early exit kills ldd with SIGPIPE, and its negation then passes by accident.
  libs=$(ldd "$scratch/$kind/consumer")
  if [[ $kind == shared ]]; then
    grep -q 'libcwlog\.so\.1' <<<"$libs" || { echo "shared consumer does not load libcwlog.so.1"; exit 1; }
  else
    ! grep -q 'libcwlog\.so' <<<"$libs" || { echo "static consumer loads libcwlog.so"; exit 1; }
  fi
done
echo "package: static and shared consumers built and ran"

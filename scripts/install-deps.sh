#!/usr/bin/env bash
# Installs what building and testing cwlog needs on Debian 12: the -dev
# packages, lld (links the test executables faster: cmake/cwlog_linker.cmake),
# Debian's awscli (v2), shellcheck (the suite checks the shell scripts),
# stress-ng (tests/README.md's robustness run), chromium (the web console's
# browser tests) and the npm tools (HashiCorp's HCL parser, playwright-core).
# Quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ccache clang-format lld
  libcurl4-openssl-dev libssl-dev zlib1g-dev
  nlohmann-json3-dev libfmt-dev libspdlog-dev libyaml-cpp-dev libpugixml-dev
  libsqlite3-dev libcli11-dev libcpp-httplib-dev libsimdjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  awscli python3 chromium
  shellcheck stress-ng curl
  pybind11-dev python3-dev python3-pytest python3-loguru python3-boto3 python3-yaml python3-venv python3-pip
  python3-setuptools python3-wheel
)
missing=()
for p in "${packages[@]}"; do
  [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm comes with the machine's Node; do not apt-get it.
if [[ ! -d node_modules/@cdktf/hcl2json || ! -d node_modules/playwright-core ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

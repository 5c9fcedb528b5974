#!/usr/bin/env bash
# The demo, from a fresh Debian 12 machine: installs what it needs, builds,
# starts `cwlog local` on loopback, runs examples/swarm (api, worker and
# scheduler serving three tenants, through spdlog and cwlog), shows with
# `cwlog groups` and `cwlog tail` where the records landed, and generates the
# Terraform for the same config. Re-runs are incremental.
#   scripts/demo.sh [--keep]   --keep: leave `cwlog local` running at the end
#                              (Ctrl-C stops it) to look around in its web console
set -euo pipefail
keep=false
case ${1:-} in
  --keep) keep=true ;;
  "") ;;
  *) echo "usage: scripts/demo.sh [--keep]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build -DCWLOG_WERROR=ON -DCMAKE_BUILD_TYPE=Release -DCWLOG_TEST_EXECUTABLES=OFF -- cwlog_cli swarm cwlog_python

cwlog=build/bin/cwlog
config=examples/swarm/cwlog.yaml
work=build/demo
rm -rf "$work"; mkdir -p "$work"
bold() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

bold "starting cwlog local (a CloudWatch Logs-compatible server on loopback)"
"$cwlog" local --port 0 --memory --audit "$work/audit.jsonl" --config "$config" \
  >"$work/local.out" 2>"$work/local.err" &
local_pid=$!
trap 'kill $local_pid 2>/dev/null; wait $local_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q 'listening on' "$work/local.out" 2>/dev/null && break
  sleep 0.1
done
endpoint=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/local.out" | head -1)
[[ -n $endpoint ]] || { cat "$work/local.err"; echo "cwlog local did not start"; exit 1; }
console_url=$(sed -n 's/^cwlog local console: //p' "$work/local.out")
echo "cwlog local at $endpoint"
echo "its web console: $console_url"

# The standard AWS environment, pointed at cwlog local (its default keys).
export AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=$endpoint AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=cwlog-local-secret
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

bold "running examples/swarm: api (spdlog), worker and scheduler (cwlog), tenants acme, globex, initech"
build/examples/swarm/swarm "$config" --requests 300

bold "cwlog groups — one group per tenant, the errors group, the platform groups"
"$cwlog" groups

for tenant in acme globex initech; do
  group=$("$cwlog" tenant-name --config "$config" "$tenant")
  bold "cwlog tail $group --since 1h  (tenant $tenant; first 5 events)"
  "$cwlog" tail "$group" --since 1h --format short | head -5 || true
done

bold "metrics extracted by cwlog local from the workers' EMF documents (GET /_cwlog/api/metrics)"
# One InvoicesRendered counter per tenant, each in its own group.
/usr/bin/python3 - "$console_url" <<'PY'
import json, sys, urllib.parse, urllib.request
url = urllib.parse.urlparse(sys.argv[1])
token = urllib.parse.parse_qs(url.query)["token"][0]
req = urllib.request.Request(f"{url.scheme}://{url.netloc}/_cwlog/api/metrics?namespace=swarm&name=InvoicesRendered",
                             headers={"Authorization": f"Bearer {token}"})
reply = json.load(urllib.request.urlopen(req, timeout=30))
for p in reply["datapoints"]:
    print(f"  {p['logGroupName']:<28} Tenant={p['dimensions']['Tenant']:<8} {p['metricName']} = {sum(p['values']):g} ({p['unit']})")
print(f"  EMF events: {reply['emfEvents']}, malformed: {reply['emfMalformed']}")
PY

bold "cwlog tail app-errors --since 1h  (errors of every tenant, fanned out)"
"$cwlog" tail app-errors --since 1h --format short | head -8 || true

bold "cwlog tail app-errors --filter '{ \$.level = \"critical\" }'"
"$cwlog" tail app-errors --since 1h --filter '{ $.level = "critical" }'

bold "cwlog terraform — the infrastructure for the same config"
"$cwlog" terraform --config "$config" --out "$work/terraform" --tenant acme --tenant globex --tenant initech
ls "$work/terraform"
bold "cwlog iam-policy — the shipper's least-privilege policy"
"$cwlog" iam-policy --config "$config" --region us-east-1 --account-id 123456789012

py_config=examples/python/cwlog.yaml
bold "running examples/python: a Swarms-style multi-agent run (logging + loguru, customers as tenants)"
PYTHONPATH=build/python /usr/bin/python3 examples/python/swarm_agents.py "$py_config" --tasks 5

bold "cwlog groups swarms- — one group per customer (routed by tenant), billing per customer, errors, platform"
"$cwlog" groups swarms-

group=$("$cwlog" tenant-name --config "$py_config" acme)
bold "cwlog tail $group --since 1h  (customer acme: its agents' records; first 5 events)"
"$cwlog" tail "$group" --since 1h --format short | head -5 || true

bold "cwlog terraform — the infrastructure for the Python example's config"
"$cwlog" terraform --config "$py_config" --out "$work/terraform-python" --tenant acme --tenant globex --tenant initech
ls "$work/terraform-python"

bold "done"
echo "cwlog local audit log: $work/audit.jsonl ($(wc -l <"$work/audit.jsonl") requests)"
echo "web console (groups, events, live tail, volume, requests): $console_url"
if $keep; then
  echo "cwlog local keeps running (--keep); open the console above, Ctrl-C to stop"
  trap 'exit 0' INT TERM  # then the EXIT trap stops cwlog local
  wait "$local_pid" || true
fi

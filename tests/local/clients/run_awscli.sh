#!/usr/bin/env bash
# Proves `cwlog local` answers Debian's AWS CLI v2 (/usr/bin/aws, 2.9) the way
# CloudWatch Logs does: the happy path of every operation the CLI user needs,
# and the error codes the service returns for the usual mistakes.
#
#   tests/local/clients/run_awscli.sh build/dev/bin/cwlog
#
# Loopback only: proxies unset, no config/credential files, IMDS disabled.
# Prints "N passed, N failed" last; exits 1 when anything failed, and when
# /usr/bin/aws is missing (scripts/install-deps.sh installs it: a suite that
# skipped here would pass without testing).
set -u

cwlog=${1:?usage: run_awscli.sh PATH_TO_CWLOG}
aws=/usr/bin/aws # not PATH: a pip-installed v1 comes first there
[[ -x $aws ]] || { echo "$aws is not installed (scripts/install-deps.sh installs awscli)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- a loopback-only, file-free AWS environment ---------------------------
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY AWS_PROFILE AWS_SESSION_TOKEN \
  AWS_ENDPOINT_URL AWS_ENDPOINT_URL_CLOUDWATCH_LOGS AWS_CA_BUNDLE
export NO_PROXY='*' no_proxy='*'
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=cwlog-local-secret AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_PAGER="" AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard
export HOME=$work # nothing from the user's ~/.aws

# --- start the server and read its port from the first stdout line -------
"$cwlog" local --port 0 --memory >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=""
for _ in $(seq 1 600); do # up to a minute, however busy the machine
  line=$(head -n 1 "$work/server.out" 2>/dev/null)
  if [[ $line =~ listening\ on\ http://127\.0\.0\.1:([0-9]+) ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "FAIL: cwlog local did not print its port; stdout/stderr:"
  cat "$work/server.out" "$work/server.err"
  echo "0 passed, 1 failed"
  exit 1
fi
endpoint=http://127.0.0.1:$port

passed=0
failed=0
logs() { "$aws" --endpoint-url "$endpoint" --cli-connect-timeout 5 --cli-read-timeout 30 logs "$@"; }
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() {
  failed=$((failed + 1))
  echo "FAIL: $1"
  sed 's/^/    /' "$work/out" "$work/err" | head -n 20
}
# ok NAME CMD...: the command succeeds.
ok() {
  local name=$1; shift
  if "$@" >"$work/out" 2>"$work/err"; then pass "$name"; else fail "$name (exit $?)"; fi
}
# ok_has NAME TEXT CMD...: succeeds and stdout contains TEXT.
ok_has() {
  local name=$1 text=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err" && grep -qF -- "$text" "$work/out"; then
    pass "$name"
  else
    fail "$name (wanted '$text' in stdout)"
  fi
}
# ok_eq NAME TEXT CMD...: succeeds and stdout is exactly TEXT (one line, e.g. --output text).
ok_eq() {
  local name=$1 text=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err" && [[ $(<"$work/out") == "$text" ]]; then
    pass "$name"
  else
    fail "$name (wanted stdout '$text')"
  fi
}
# ok_lacks NAME TEXT CMD...: succeeds and stdout does not contain TEXT.
ok_lacks() {
  local name=$1 text=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err" && ! grep -qF -- "$text" "$work/out"; then
    pass "$name"
  else
    fail "$name (did not want '$text' in stdout)"
  fi
}
# err NAME CODE CMD...: fails and stderr names the AWS error code, e.g.
# "An error occurred (ResourceNotFoundException) when calling ...".
err() {
  local name=$1 code=$2; shift 2
  if "$@" >"$work/out" 2>"$work/err"; then
    fail "$name (succeeded, wanted $code)"
  elif grep -qF "($code)" "$work/err"; then
    pass "$name"
  else
    fail "$name (wanted ($code) in stderr)"
  fi
}

now=$(date +%s%3N)
group=cwlog/awscli-test
stream=host-1

# --- groups and streams ---------------------------------------------------
ok "create-log-group" logs create-log-group --log-group-name "$group"
ok "create-log-group (second, with tags)" logs create-log-group --log-group-name cwlog/other --tags team=obs
err "create-log-group duplicate" ResourceAlreadyExistsException logs create-log-group --log-group-name "$group"
err "create-log-group bad name" InvalidParameterException logs create-log-group --log-group-name 'bad name!'
ok "create-log-stream" logs create-log-stream --log-group-name "$group" --log-stream-name "$stream"
ok "create-log-stream (second)" logs create-log-stream --log-group-name "$group" --log-stream-name other-2
err "create-log-stream duplicate" ResourceAlreadyExistsException \
  logs create-log-stream --log-group-name "$group" --log-stream-name "$stream"
err "create-log-stream in missing group" ResourceNotFoundException \
  logs create-log-stream --log-group-name cwlog/missing --log-stream-name s
err "create-log-stream bad name" InvalidParameterException \
  logs create-log-stream --log-group-name "$group" --log-stream-name 'a:b'

ok_has "describe-log-groups --log-group-name-prefix" "\"logGroupName\": \"$group\"" \
  logs describe-log-groups --log-group-name-prefix cwlog/aws
ok_lacks "describe-log-groups prefix excludes others" "cwlog/other" \
  logs describe-log-groups --log-group-name-prefix cwlog/aws
ok_has "describe-log-streams --log-stream-name-prefix" "\"logStreamName\": \"$stream\"" \
  logs describe-log-streams --log-group-name "$group" --log-stream-name-prefix host
ok_lacks "describe-log-streams prefix excludes others" "other-2" \
  logs describe-log-streams --log-group-name "$group" --log-stream-name-prefix host
err "describe-log-streams missing group" ResourceNotFoundException \
  logs describe-log-streams --log-group-name cwlog/missing

# --- events ---------------------------------------------------------------
cat >"$work/events.json" <<EOF
[{"timestamp": $((now - 3000)), "message": "INFO service started"},
 {"timestamp": $((now - 2000)), "message": "{\"level\":\"ERROR\",\"latency\":250,\"msg\":\"db timeout\"}"},
 {"timestamp": $((now - 1000)), "message": "{\"level\":\"INFO\",\"latency\":12,\"msg\":\"ok\"}"},
 {"timestamp": $now, "message": "WARN disk 91% full"}]
EOF
ok_lacks "put-log-events (nothing rejected)" "rejectedLogEventsInfo" \
  logs put-log-events --log-group-name "$group" --log-stream-name "$stream" --log-events "file://$work/events.json"
ok_has "get-log-events" "db timeout" \
  logs get-log-events --log-group-name "$group" --log-stream-name "$stream" --start-from-head
ok_eq "get-log-events returns all 4" "4" \
  logs get-log-events --log-group-name "$group" --log-stream-name "$stream" --start-from-head \
  --query 'length(events)' --output text
ok_has "filter-log-events JSON pattern" "db timeout" \
  logs filter-log-events --log-group-name "$group" --filter-pattern '{ $.level = "ERROR" && $.latency > 100 }'
ok_eq "filter-log-events JSON pattern matches one" "1" \
  logs filter-log-events --log-group-name "$group" --filter-pattern '{ $.latency > 100 }' \
  --query 'length(events)' --output text
ok_eq "filter-log-events terms (?A ?B)" "2" \
  logs filter-log-events --log-group-name "$group" --filter-pattern '?WARN ?started' \
  --query 'length(events)' --output text
ok_lacks "filter-log-events exclusion" "service started" \
  logs filter-log-events --log-group-name "$group" --filter-pattern 'INFO -started'
err "filter-log-events bad pattern" InvalidParameterException \
  logs filter-log-events --log-group-name "$group" --filter-pattern '{ $.level = '
ok_has "tail --since" "WARN disk 91% full" logs tail "$group" --since 1h
ok_has "tail --since --filter-pattern" "db timeout" logs tail "$group" --since 1h --filter-pattern '{ $.latency > 100 }'

err "put-log-events missing stream" ResourceNotFoundException \
  logs put-log-events --log-group-name "$group" --log-stream-name nope --log-events "timestamp=$now,message=x"
err "put-log-events missing group" ResourceNotFoundException \
  logs put-log-events --log-group-name cwlog/missing --log-stream-name s --log-events "timestamp=$now,message=x"
cat >"$work/unordered.json" <<EOF
[{"timestamp": $now, "message": "second"}, {"timestamp": $((now - 5000)), "message": "first"}]
EOF
err "put-log-events out of order" InvalidParameterException \
  logs put-log-events --log-group-name "$group" --log-stream-name "$stream" --log-events "file://$work/unordered.json"

# One event of 1,048,551 bytes: 1 byte over the largest message a batch can
# carry (1,048,576 - 26), and two 600,000-byte events: a batch over 1 MiB.
python3 - "$work" "$now" <<'EOF'
import json, sys
work, now = sys.argv[1], int(sys.argv[2])
with open(f"{work}/big_event.json", "w") as f:
    json.dump([{"timestamp": now, "message": "x" * 1048551}], f)
with open(f"{work}/big_batch.json", "w") as f:
    json.dump([{"timestamp": now, "message": "y" * 600000}, {"timestamp": now, "message": "z" * 600000}], f)
with open(f"{work}/many.json", "w") as f:
    json.dump([{"timestamp": now, "message": "m"} for _ in range(10001)], f)
EOF
err "put-log-events oversized event" InvalidParameterException \
  logs put-log-events --log-group-name "$group" --log-stream-name "$stream" --log-events "file://$work/big_event.json"
err "put-log-events oversized batch" InvalidParameterException \
  logs put-log-events --log-group-name "$group" --log-stream-name "$stream" --log-events "file://$work/big_batch.json"
err "put-log-events 10001 events" InvalidParameterException \
  logs put-log-events --log-group-name "$group" --log-stream-name "$stream" --log-events "file://$work/many.json"

# --- retention ------------------------------------------------------------
ok "put-retention-policy 7" logs put-retention-policy --log-group-name "$group" --retention-in-days 7
ok_eq "describe-log-groups shows retention" "7" \
  logs describe-log-groups --log-group-name-prefix "$group" --query 'logGroups[0].retentionInDays' --output text
err "put-retention-policy 8 (not allowed)" InvalidParameterException \
  logs put-retention-policy --log-group-name "$group" --retention-in-days 8
err "put-retention-policy missing group" ResourceNotFoundException \
  logs put-retention-policy --log-group-name cwlog/missing --retention-in-days 7
ok "delete-retention-policy" logs delete-retention-policy --log-group-name "$group"

# --- tags -----------------------------------------------------------------
# DescribeLogGroups' "arn" ends in ":*"; TagResource takes the ARN without it.
arn=$(logs describe-log-groups --log-group-name-prefix "$group" --query 'logGroups[0].arn' --output text 2>"$work/err")
arn=${arn%:\*}
if [[ $arn == arn:aws:logs:us-east-1:*:log-group:$group ]]; then pass "describe-log-groups arn"; else
  echo "$arn" >"$work/out"; fail "describe-log-groups arn (got '$arn')"; fi
ok "tag-resource" logs tag-resource --resource-arn "$arn" --tags env=dev,team=obs
ok_has "list-tags-for-resource" '"env": "dev"' logs list-tags-for-resource --resource-arn "$arn"
ok "untag-resource" logs untag-resource --resource-arn "$arn" --tag-keys env
ok_lacks "list-tags-for-resource after untag" '"env"' logs list-tags-for-resource --resource-arn "$arn"
err "tag-resource missing group" ResourceNotFoundException \
  logs tag-resource --resource-arn "${arn%:log-group:*}:log-group:cwlog/missing" --tags a=b
ok "tag-log-group (deprecated API)" logs tag-log-group --log-group-name "$group" --tags legacy=yes
ok_has "list-tags-log-group (deprecated API)" '"legacy": "yes"' logs list-tags-log-group --log-group-name "$group"
ok_has "list-tags-log-group sees create-time tags" '"team": "obs"' logs list-tags-log-group --log-group-name cwlog/other

# --- credentials ----------------------------------------------------------
err "wrong secret" InvalidSignatureException \
  env AWS_SECRET_ACCESS_KEY=not-the-secret "$aws" --endpoint-url "$endpoint" logs describe-log-groups
err "unknown access key" UnrecognizedClientException \
  env AWS_ACCESS_KEY_ID=AKIDUNKNOWN "$aws" --endpoint-url "$endpoint" logs describe-log-groups

# --- deletion -------------------------------------------------------------
ok "delete-log-stream" logs delete-log-stream --log-group-name "$group" --log-stream-name other-2
ok "delete-log-group" logs delete-log-group --log-group-name cwlog/other
err "delete-log-group again" ResourceNotFoundException logs delete-log-group --log-group-name cwlog/other

echo "$passed passed, $failed failed"
((failed == 0))

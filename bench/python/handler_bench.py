"""cwlog.CloudWatchLogHandler beside watchtower 3.4.0, same machine, same
endpoint (`cwlog local --discard --admin` on loopback), one run.

Workload (issue 16): one thread, logger.info("%010d %s", i, ninety_byte_str),
50,000 calls, group and stream created beforehand. Reported per handler:
  - caller cost per call (the loop's time / calls), and the handler's share:
    the same loop with the handler minus with a logging.NullHandler; both in
    wall time and in the calling thread's CPU time (time.thread_time(): on a
    loaded machine it leaves out the time the thread waited for a core);
  - events/s end to end: from the first call until the endpoint has accepted
    every event (polled from GET /_cwlog/stats), after handler.flush().
Each measurement runs in a fresh interpreter. Usage:
  PYTHONPATH=build/python /usr/bin/python3 bench/python/handler_bench.py [--calls N] [--runs R]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
WATCHTOWER = ROOT.parent / "shared" / "peers" / "watchtower"
KEY_ID, SECRET = "AKIDLOCAL", "cwlog-local-secret"

CHILD = r"""
import json, logging, os, sys, time, urllib.request
kind, calls, endpoint, group = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
payload = "x" * 90

def accepted():
    req = urllib.request.Request(endpoint + "/_cwlog/stats",
                                 headers={"Authorization": "Bearer " + os.environ["CWLOG_LOCAL_TOKEN"]})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["eventsAccepted"]

log = logging.getLogger("bench")
log.propagate = False
log.setLevel(logging.INFO)
if kind == "null":
    handler = logging.NullHandler()
elif kind == "cwlog":
    import cwlog
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s",
                                         create_log_group=False, create_log_stream=False)
else:
    import boto3, watchtower
    client = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="AKIDLOCAL", aws_secret_access_key="cwlog-local-secret")
    handler = watchtower.CloudWatchLogHandler(log_group_name=group, log_stream_name="s",
                                              boto3_client=client, create_log_group=False)
log.addHandler(handler)
for i in range(200):  # warm-up (first-use costs), not timed, not counted below
    log.info("%010d %s", i, payload)
if kind != "null":
    handler.flush()
base = accepted() if kind != "null" else 0
t0 = time.perf_counter()
c0 = time.thread_time()
for i in range(calls):
    log.info("%010d %s", i, payload)
t_calls = time.perf_counter() - t0
c_calls = time.thread_time() - c0
end = t_calls
if kind != "null":
    handler.flush()
    while accepted() - base < calls:
        time.sleep(0.001)
    end = time.perf_counter() - t0
# The handler's share once more, in this process: blocks of 10,000 calls
# with a NullHandler, with the handler, with a NullHandler again, five times;
# the handler block minus the mean of the two around it, median of the five.
# Both loops then run with the same interpreter, threads and machine load.
def block(h, n=10000):
    log.handlers[:] = [h]
    t, c = time.perf_counter(), time.thread_time()
    for i in range(n):
        log.info("%010d %s", i, payload)
    return (time.perf_counter() - t) / n * 1e6, (time.thread_time() - c) / n * 1e6
walls, cpus = [0.0], [0.0]
if kind != "null":
    nh = logging.NullHandler()
    walls, cpus = [], []
    for _ in range(5):
        a, b, c = block(nh), block(handler), block(nh)
        walls.append(b[0] - (a[0] + c[0]) / 2)
        cpus.append(b[1] - (a[1] + c[1]) / 2)
    handler.flush()
walls.sort()
cpus.sort()
print(json.dumps({"per_call_us": t_calls / calls * 1e6, "cpu_per_call_us": c_calls / calls * 1e6,
                  "end_to_end_s": end, "events_per_s": calls / end,
                  "alt_share_us": walls[len(walls) // 2], "alt_cpu_share_us": cpus[len(cpus) // 2]}))
"""


def start_local():
    cwlog_bin = os.environ.get("CWLOG_BIN", str(ROOT / "build" / "bin" / "cwlog"))
    proc = subprocess.Popen(
        [cwlog_bin, "local", "--port", "0", "--discard", "--admin"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    endpoint = proc.stdout.readline().split()[-1]
    # The second line is the console's address; its token also opens /_cwlog.
    os.environ["CWLOG_LOCAL_TOKEN"] = proc.stdout.readline().strip().rsplit("token=", 1)[-1]
    return proc, endpoint


def aws_call(endpoint, target, body):
    import boto3

    client = boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    return getattr(client, target)(**body)


def run(kind, calls, endpoint, group):
    env = dict(os.environ)
    env.update(AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=endpoint, AWS_REGION="us-east-1",
               AWS_ACCESS_KEY_ID=KEY_ID, AWS_SECRET_ACCESS_KEY=SECRET,
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(WATCHTOWER), env.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(calls), endpoint, group],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    proc, endpoint = start_local()
    try:
        results = {k: [] for k in ("null", "cwlog", "watchtower")}
        for r in range(args.runs):
            for kind in results:
                group = f"bench-{kind}-{r}"
                if kind != "null":
                    aws_call(endpoint, "create_log_group", {"logGroupName": group})
                    aws_call(endpoint, "create_log_stream", {"logGroupName": group, "logStreamName": "s"})
                results[kind].append(run(kind, args.calls, endpoint, group))
        med = {k: {m: statistics.median(x[m] for x in v) for m in v[0]} for k, v in results.items()}
        null, null_cpu = med["null"]["per_call_us"], med["null"]["cpu_per_call_us"]
        print(f"{args.calls} calls x {args.runs} runs, medians; load average {os.getloadavg()[0]:.2f}")
        print("share: the handler's loop minus the NullHandler's (separate processes); alternating: the same,")
        print("in blocks alternating in one process; cpu: the calling thread's CPU time (time.thread_time)")
        print(f"{'handler':<12}{'per call':>11}{'share':>9}{'cpu/call':>11}{'cpu share':>11}"
              f"{'altern.':>10}{'alt. cpu':>10}{'events/s':>11}")
        print(f"{'NullHandler':<12}{null:>9.2f}us{'-':>9}{null_cpu:>9.2f}us{'-':>11}{'-':>10}{'-':>10}{'-':>11}")
        for kind in ("cwlog", "watchtower"):
            m = med[kind]
            print(f"{kind:<12}{m['per_call_us']:>9.2f}us{m['per_call_us'] - null:>7.2f}us"
                  f"{m['cpu_per_call_us']:>9.2f}us{m['cpu_per_call_us'] - null_cpu:>9.2f}us"
                  f"{m['alt_share_us']:>8.2f}us{m['alt_cpu_share_us']:>8.2f}us{m['events_per_s']:>11,.0f}")
        ratio = med["cwlog"]["events_per_s"] / med["watchtower"]["events_per_s"]
        # No handler can deliver faster than logging makes records: 1 / the NullHandler loop's call.
        ceiling = 1e6 / null / med["watchtower"]["events_per_s"]
        print(f"cwlog / watchtower events/s: {ratio:.1f}x (ceiling with logging's own cost: {ceiling:.1f}x)")
        for kind, runs in results.items():
            print(kind, json.dumps([{m: round(v, 3) for m, v in x.items()} for x in runs]))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()

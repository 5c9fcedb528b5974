"""One `cwlog local` per test session on an ephemeral loopback port; the AWS
environment points every shipper at it (cwlog's own resolution, as a user's
would), and boto3 reads back what arrived. Each test uses its own group names."""
import itertools
import json
import os
import pathlib
import subprocess
import sys
import time
import uuid

import boto3
import pytest

HERE = pathlib.Path(__file__).resolve().parent
KEY_ID, SECRET = "AKIDLOCAL", "cwlog-local-secret"  # cwlog local's documented non-secret keys


def _cwlog_bin():
    explicit = os.environ.get("CWLOG_BIN")
    if explicit:
        return explicit
    return str(HERE.parent.parent / "build" / "bin" / "cwlog")


_console = {}


@pytest.fixture(scope="session")
def local_metrics(local_endpoint):
    """GET /_cwlog/api/metrics of the session's cwlog local (with its console token)."""
    import urllib.parse
    import urllib.request

    token = urllib.parse.parse_qs(urllib.parse.urlparse(_console["url"]).query)["token"][0]

    def get(**query):
        req = urllib.request.Request(
            f"{local_endpoint}/_cwlog/api/metrics?{urllib.parse.urlencode(query)}",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as res:
            return json.loads(res.read())

    return get


@pytest.fixture(scope="session")
def local_endpoint():
    proc = subprocess.Popen(
        [_cwlog_bin(), "local", "--port", "0", "--memory"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()  # "cwlog local listening on http://127.0.0.1:PORT"
    if "listening on" not in line:
        proc.kill()
        raise RuntimeError(f"cwlog local did not start: {line!r}")
    endpoint = line.split()[-1]
    # "cwlog local console: http://127.0.0.1:PORT/?token=..." (for the metrics endpoint)
    _console["url"] = proc.stdout.readline().split()[-1]
    env = dict(
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=endpoint,
        AWS_ENDPOINT_URL_LOGS=endpoint,
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID=KEY_ID,
        AWS_SECRET_ACCESS_KEY=SECRET,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    os.environ.pop("AWS_PROFILE", None)
    yield endpoint
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def logs(local_endpoint):
    return boto3.client(
        "logs",
        endpoint_url=local_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


_ids = itertools.count()


@pytest.fixture
def group(request):
    """A group name no other test uses."""
    return f"t{next(_ids)}-{request.node.name[:40].replace('[', '-').replace(']', '')}-{uuid.uuid4().hex[:6]}"


def read_messages(logs, group, stream):
    out, token = [], None
    while True:
        kw = dict(logGroupName=group, logStreamName=stream, startFromHead=True)
        if token:
            kw["nextToken"] = token
        page = logs.get_log_events(**kw)
        out += [e["message"] for e in page["events"]]
        if not page["events"] or page.get("nextForwardToken") == token:
            return out
        token = page.get("nextForwardToken")


def streams_of(logs, group):
    return sorted(s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group)["logStreams"])


def wait_for(predicate, timeout=30.0):
    """Polls until predicate() is true; the bound is generous (no verdict depends on speed)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def run_python(code, env_extra=None, timeout=60):
    """Runs code in a fresh interpreter with this environment (and the package on its path)."""
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout)

"""boto3 against `cwlog local`: the service's behaviour as an SDK sees it.

    CWLOG_BIN=build/dev/bin/cwlog python3 -m unittest tests/local/clients/boto3_test.py
    python3 tests/local/clients/boto3_test.py build/dev/bin/cwlog

Starts `cwlog local --port 0 --memory`, reads the port from its first stdout
line and talks to it over loopback only (proxies unset, no config files, IMDS
disabled). boto3 signs every request with SigV4, so each call also proves the
server verifies signatures the way AWS does.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

import boto3
import botocore.config
from botocore.exceptions import ClientError

KEY_ID = "AKIDLOCAL"
SECRET = "cwlog-local-secret"
REGION = "us-east-1"


def _loopback_only_environment():
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                 "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "*"
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull


class LocalServer:
    """`cwlog local` as a child process; the port comes from its first line."""

    def __init__(self, binary, *extra_args):
        self.out = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([binary, "local", "--port", "0", "--memory", *extra_args],
                                     stdout=subprocess.PIPE, stderr=self.out)
        line = self.proc.stdout.readline().decode()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            self.out.seek(0)
            raise RuntimeError(f"cwlog local did not print its port: {line!r} {self.out.read()!r}")
        self.endpoint = match.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.out.close()


def _binary():
    binary = os.environ.get("CWLOG_BIN")
    if not binary:
        raise unittest.SkipTest("set CWLOG_BIN to the cwlog binary")
    return binary


class Boto3AgainstCwlogLocal(unittest.TestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        _loopback_only_environment()
        cls.server = LocalServer(_binary())
        cls.logs = cls.client()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()

    @classmethod
    def client(cls, key_id=KEY_ID, secret=SECRET):
        return boto3.session.Session().client(
            "logs", endpoint_url=cls.server.endpoint, region_name=REGION, aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                                          read_timeout=30))

    def assert_error(self, code, call, message=None, **kwargs):
        """The call fails with HTTP 400 and `code` (and, when given, AWS's exact message)."""
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], code, ctx.exception.response)
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        if message is not None:
            self.assertEqual(error["Message"], message)
        return error

    def fresh_group(self, name, stream="s-1", **kwargs):
        self.logs.create_log_group(logGroupName=name, **kwargs)
        if stream:
            self.logs.create_log_stream(logGroupName=name, logStreamName=stream)
        return name

    @staticmethod
    def now():
        return int(time.time() * 1000)

    # --- groups and streams ----------------------------------------------
    def test_create_and_describe_groups_with_prefix(self):
        self.fresh_group("boto/describe/a", stream=None)
        self.fresh_group("boto/describe/b", stream=None)
        self.fresh_group("boto/other", stream=None)
        groups = self.logs.describe_log_groups(logGroupNamePrefix="boto/describe/")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in groups], ["boto/describe/a", "boto/describe/b"])
        self.assertTrue(groups[0]["arn"].endswith(":log-group:boto/describe/a:*"), groups[0])
        self.assertIn("creationTime", groups[0])

    def test_duplicate_group(self):
        self.fresh_group("boto/dup", stream=None)
        self.assert_error("ResourceAlreadyExistsException", self.logs.create_log_group,
                          "The specified log group already exists", logGroupName="boto/dup")

    def test_bad_group_name(self):
        self.assert_error("InvalidParameterException", self.logs.create_log_group, logGroupName="bad name!")

    def test_streams_with_prefix_and_errors(self):
        group = self.fresh_group("boto/streams", stream="host-1")
        self.logs.create_log_stream(logGroupName=group, logStreamName="other-1")
        streams = self.logs.describe_log_streams(logGroupName=group, logStreamNamePrefix="host")["logStreams"]
        self.assertEqual([s["logStreamName"] for s in streams], ["host-1"])
        self.assert_error("ResourceAlreadyExistsException", self.logs.create_log_stream, logGroupName=group,
                          logStreamName="host-1")
        self.assert_error("ResourceNotFoundException", self.logs.create_log_stream, logGroupName="boto/none",
                          logStreamName="x")
        self.assert_error("ResourceNotFoundException", self.logs.describe_log_streams, logGroupName="boto/none")

    # --- events ------------------------------------------------------------
    def test_put_get_filter(self):
        group = self.fresh_group("boto/events", stream="s-1")
        t = self.now()
        events = [
            {"timestamp": t - 3000, "message": "INFO service started"},
            {"timestamp": t - 2000, "message": '{"level":"ERROR","latency":250,"msg":"db timeout"}'},
            {"timestamp": t - 1000, "message": '{"level":"INFO","latency":12,"msg":"ok"}'},
            {"timestamp": t, "message": "WARN disk 91% full \u00fcber"},
        ]
        put = self.logs.put_log_events(logGroupName=group, logStreamName="s-1", logEvents=events)
        self.assertNotIn("rejectedLogEventsInfo", put)
        got = self.logs.get_log_events(logGroupName=group, logStreamName="s-1", startFromHead=True)["events"]
        self.assertEqual([e["message"] for e in got], [e["message"] for e in events])
        self.assertEqual([e["timestamp"] for e in got], [e["timestamp"] for e in events])

        def filtered(pattern):
            return [e["message"] for e in
                    self.logs.filter_log_events(logGroupName=group, filterPattern=pattern)["events"]]

        self.assertEqual(filtered('{ $.level = "ERROR" && $.latency > 100 }'), [events[1]["message"]])
        self.assertEqual(filtered("?WARN ?started"), [events[0]["message"], events[3]["message"]])
        self.assertEqual(filtered("INFO -started"), [events[2]["message"]])
        self.assertEqual(filtered("\u00fcber"), [events[3]["message"]])
        self.assertEqual(len(filtered("")), 4)
        self.assert_error("InvalidParameterException", self.logs.filter_log_events, logGroupName=group,
                          filterPattern="{ $.level = ")

    def test_put_errors(self):
        group = self.fresh_group("boto/put-errors", stream="s-1")
        t = self.now()
        self.assert_error("ResourceNotFoundException", self.logs.put_log_events,
                          "The specified log stream does not exist.", logGroupName=group,
                          logStreamName="nope", logEvents=[{"timestamp": t, "message": "x"}])
        self.assert_error("InvalidParameterException", self.logs.put_log_events,
                          "Log events in a single PutLogEvents request must be in chronological order.",
                          logGroupName=group, logStreamName="s-1",
                          logEvents=[{"timestamp": t, "message": "b"}, {"timestamp": t - 5000, "message": "a"}])
        # One byte over the largest message one batch can carry (1,048,576 - 26).
        self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName=group,
                          logStreamName="s-1", logEvents=[{"timestamp": t, "message": "x" * 1048551}])
        self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName=group,
                          logStreamName="s-1",
                          logEvents=[{"timestamp": t, "message": "y" * 600000},
                                     {"timestamp": t, "message": "z" * 600000}])
        self.assert_error("InvalidParameterException", self.logs.put_log_events, logGroupName=group,
                          logStreamName="s-1", logEvents=[{"timestamp": t, "message": "m"}] * 10001)
        # Nothing of the failed batches was stored.
        got = self.logs.get_log_events(logGroupName=group, logStreamName="s-1", startFromHead=True)["events"]
        self.assertEqual(got, [])

    def test_largest_event_is_accepted(self):
        group = self.fresh_group("boto/largest", stream="s-1")
        put = self.logs.put_log_events(logGroupName=group, logStreamName="s-1",
                                       logEvents=[{"timestamp": self.now(), "message": "x" * 1048550}])
        self.assertNotIn("rejectedLogEventsInfo", put)

    # --- retention ----------------------------------------------------------
    def test_retention(self):
        group = self.fresh_group("boto/retention", stream=None)
        self.logs.put_retention_policy(logGroupName=group, retentionInDays=7)
        described = self.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]
        self.assertEqual(described["retentionInDays"], 7)
        self.assert_error("InvalidParameterException", self.logs.put_retention_policy, logGroupName=group,
                          retentionInDays=8)
        self.assert_error("ResourceNotFoundException", self.logs.put_retention_policy, logGroupName="boto/none",
                          retentionInDays=7)
        self.logs.delete_retention_policy(logGroupName=group)
        described = self.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]
        self.assertNotIn("retentionInDays", described)

    # --- tags ---------------------------------------------------------------
    def test_tags(self):
        group = self.fresh_group("boto/tags", stream=None, tags={"team": "obs"})
        arn = self.logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["arn"]
        arn = arn[:-2] if arn.endswith(":*") else arn  # TagResource takes the ARN without ":*"
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"team": "obs"})
        self.logs.tag_resource(resourceArn=arn, tags={"env": "dev"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"team": "obs", "env": "dev"})
        self.logs.untag_resource(resourceArn=arn, tagKeys=["team"])
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"env": "dev"})
        self.assertEqual(self.logs.list_tags_log_group(logGroupName=group)["tags"], {"env": "dev"})
        self.assert_error("ResourceNotFoundException", self.logs.tag_resource,
                          resourceArn=arn.replace("boto/tags", "boto/none"), tags={"a": "b"})

    # --- credentials --------------------------------------------------------
    def test_wrong_secret(self):
        self.assert_error("InvalidSignatureException", self.client(secret="not-the-secret").describe_log_groups,
                          "The request signature we calculated does not match the signature you provided. "
                          "Check your AWS Secret Access Key and signing method. "
                          "Consult the service documentation for details.")

    def test_unknown_key(self):
        self.assert_error("UnrecognizedClientException", self.client(key_id="AKIDUNKNOWN").describe_log_groups,
                          "The security token included in the request is invalid.")

    # --- deletion -----------------------------------------------------------
    def test_delete(self):
        group = self.fresh_group("boto/delete", stream="s-1")
        self.logs.delete_log_stream(logGroupName=group, logStreamName="s-1")
        self.assert_error("ResourceNotFoundException", self.logs.delete_log_stream, logGroupName=group,
                          logStreamName="s-1")
        self.logs.delete_log_group(logGroupName=group)
        self.assert_error("ResourceNotFoundException", self.logs.delete_log_group, logGroupName=group)


class Boto3AgainstCwlogLocalWithPolicy(unittest.TestCase):
    """`cwlog local --policy FILE`: IAM identity-policy enforcement on the resource ARNs AWS uses."""

    ACCOUNT = "arn:aws:logs:us-east-1:123456789012"
    POLICY = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Writers", "Effect": "Allow",
             "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:GetLogEvents",
                        "logs:PutRetentionPolicy"],
             "Resource": f"{ACCOUNT}:log-group:app/*:*"},
            {"Sid": "Tagging", "Effect": "Allow", "Action": ["logs:TagResource", "logs:ListTagsForResource"],
             "Resource": f"{ACCOUNT}:log-group:app/*"},
            {"Sid": "NoSecrets", "Effect": "Deny", "Action": "logs:PutLogEvents",
             "Resource": "arn:aws:logs:*:*:log-group:app/secret:*"},
        ],
    }

    @classmethod
    def setUpClass(cls):
        _loopback_only_environment()
        binary = _binary()
        cls.policy_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(cls.POLICY, cls.policy_file)
        cls.policy_file.close()
        cls.server = LocalServer(binary, "--policy", cls.policy_file.name)
        cls.logs = Boto3AgainstCwlogLocal.client.__func__(cls)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        os.unlink(cls.policy_file.name)

    def assert_denied(self, call, action, resource, explicit=False, **kwargs):
        with self.assertRaises(ClientError) as ctx:
            call(**kwargs)
        error = ctx.exception.response["Error"]
        self.assertEqual(error["Code"], "AccessDeniedException", ctx.exception.response)
        self.assertIn(f"is not authorized to perform: {action} on resource: {resource}", error["Message"])
        self.assertIn("explicit deny" if explicit else "no identity-based policy allows", error["Message"])

    def test_allowed_writer_path(self):
        t = int(time.time() * 1000)
        self.logs.create_log_group(logGroupName="app/web")
        self.logs.create_log_stream(logGroupName="app/web", logStreamName="h-1")
        self.logs.put_log_events(logGroupName="app/web", logStreamName="h-1",
                                 logEvents=[{"timestamp": t, "message": "hello"}])
        got = self.logs.get_log_events(logGroupName="app/web", logStreamName="h-1", startFromHead=True)
        self.assertEqual([e["message"] for e in got["events"]], ["hello"])
        self.logs.put_retention_policy(logGroupName="app/web", retentionInDays=30)
        arn = f"{self.ACCOUNT}:log-group:app/web"
        self.logs.tag_resource(resourceArn=arn, tags={"k": "v"})
        self.assertEqual(self.logs.list_tags_for_resource(resourceArn=arn)["tags"], {"k": "v"})

    def test_implicit_denies(self):
        self.assert_denied(self.logs.create_log_group, "logs:CreateLogGroup",
                           f"{self.ACCOUNT}:log-group:other:log-stream:", logGroupName="other")
        self.assert_denied(self.logs.describe_log_groups, "logs:DescribeLogGroups",
                           f"{self.ACCOUNT}:log-group::log-stream:")
        self.assert_denied(self.logs.delete_log_group, "logs:DeleteLogGroup",
                           f"{self.ACCOUNT}:log-group:app/web:log-stream:", logGroupName="app/web")

    def test_explicit_deny_wins(self):
        self.logs.create_log_group(logGroupName="app/secret")
        self.logs.create_log_stream(logGroupName="app/secret", logStreamName="s")
        self.assert_denied(self.logs.put_log_events, "logs:PutLogEvents",
                           f"{self.ACCOUNT}:log-group:app/secret:log-stream:s", explicit=True,
                           logGroupName="app/secret", logStreamName="s",
                           logEvents=[{"timestamp": int(time.time() * 1000), "message": "x"}])


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        os.environ["CWLOG_BIN"] = sys.argv.pop(1)
    unittest.main(verbosity=2)

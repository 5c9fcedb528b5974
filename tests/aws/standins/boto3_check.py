#!/usr/bin/env python3
"""Resolve credentials with the image's botocore, the way any boto3 program
would, and print them as JSON for boto3_check_test.cpp to compare with what
cwlog resolved from the same environment and the same loopback stand-ins.

Everything comes from the environment the test passes (HOME, AWS_CONFIG_FILE,
AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_CONTAINER_CREDENTIALS_FULL_URI,
AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO, ...). Output (one line):
  {"method": ..., "access_key": ..., "secret_key": ..., "token": ..., "expiry": ...}
or {"error": "..."} with exit status 1. The output carries the stand-ins'
made-up secrets only; it is read by the test, never logged.
"""
import json
import sys

try:
    import botocore.session
except ImportError as e:  # the test skips when botocore is not installed
    print(json.dumps({"error": "no botocore: %s" % e}))
    sys.exit(2)


def main():
    session = botocore.session.Session()
    creds = session.get_credentials()
    if creds is None:
        print(json.dumps({"error": "botocore found no credentials"}))
        return 1
    frozen = creds.get_frozen_credentials()
    expiry = getattr(creds, "_expiry_time", None)
    print(json.dumps({
        "method": creds.method,
        "access_key": frozen.access_key,
        "secret_key": frozen.secret_key,
        "token": frozen.token or "",
        "expiry": expiry.strftime("%Y-%m-%dT%H:%M:%SZ") if expiry is not None else "",
    }))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # report, do not dump a traceback with locals
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        sys.exit(1)

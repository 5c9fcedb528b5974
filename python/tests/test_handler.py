"""watchtower-style use of cwlog.CloudWatchLogHandler, read back with boto3."""
import json
import logging
import warnings

import pytest

import cwlog
from conftest import read_messages, streams_of


def make_logger(name, handler, level=logging.DEBUG):
    log = logging.getLogger(name)
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    return log


def test_records_arrive_as_formatted_text_in_the_named_group_and_stream(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="application-stream")
    log = make_logger(f"{group}.app", handler)
    for i in range(20):
        log.info("%010d %s", i, "payload")
    handler.flush()
    assert read_messages(logs, group, "application-stream") == [f"{i:010d} payload" for i in range(20)]


def test_dict_messages_become_json(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    log = make_logger(f"{group}.dict", handler)
    log.critical({"request": "hello", "metadata": {"size": 9000}, "when": __import__("datetime").date(2024, 1, 2)})
    handler.flush()
    (msg,) = read_messages(logs, group, "s")
    assert json.loads(msg) == {"request": "hello", "metadata": {"size": 9000}, "when": "2024-01-02"}


def test_formatter_adds_log_record_attrs(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    handler.formatter.add_log_record_attrs = ["levelname", "name"]
    log = make_logger(f"{group}.attrs", handler)
    log.warning("plain %s", "text")
    log.error({"k": "v"})
    handler.flush()
    first, second = (json.loads(m) for m in read_messages(logs, group, "s"))
    assert first == {"msg": "plain text", "levelname": "WARNING", "name": f"{group}.attrs"}
    assert second == {"k": "v", "levelname": "ERROR", "name": f"{group}.attrs"}


def test_a_custom_formatter_and_exceptions_are_used(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log = make_logger(f"{group}.fmt", handler)
    log.info("formatted")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    handler.flush()
    first, second = read_messages(logs, group, "s")
    assert first == f"INFO {group}.fmt: formatted"
    assert second.startswith(f"ERROR {group}.fmt: failed\nTraceback") and "ValueError: boom" in second


def test_deprecated_names_warn_and_conflicts_raise(local_endpoint, logs, group):
    with pytest.warns(DeprecationWarning):
        handler = cwlog.CloudWatchLogHandler(log_group=group, stream_name="legacy")
    assert handler.log_group_name == group and handler.log_stream_name == "legacy"
    with pytest.raises(cwlog.WatchtowerError):
        cwlog.CloudWatchLogHandler(log_group_name=group, log_group="other")
    with pytest.raises(cwlog.WatchtowerError):
        cwlog.CloudWatchLogHandler(log_stream_name="a", stream_name="b")
    make_logger(f"{group}.legacy", handler).info("still works")
    handler.flush()
    assert read_messages(logs, group, "legacy") == ["still works"]


def test_use_queues_false_delivers_before_emit_returns(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="sync", use_queues=False)
    log = make_logger(f"{group}.sync", handler)
    log.info("one")
    assert read_messages(logs, group, "sync") == ["one"]
    log.info("two")
    assert read_messages(logs, group, "sync") == ["one", "two"]


def test_a_subclass_overriding_emit_gets_a_handler_per_customer(local_endpoint, logs, group):
    class DynamicCloudWatchHandler(cwlog.CloudWatchLogHandler):
        def emit(self, record):
            record.msg = f"[customer] {record.msg}"
            super().emit(record)

    with pytest.warns(DeprecationWarning):  # the integration code quoted in issue 16 uses the old names
        handler = DynamicCloudWatchHandler(log_group=f"{group}-c1", stream_name="customer-c1-stream")
    log = make_logger(f"{group}.dyn", handler)
    log.info("hello")
    handler.flush()
    assert read_messages(logs, f"{group}-c1", "customer-c1-stream") == ["[customer] hello"]


def test_empty_oversized_and_after_close(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s", max_message_size=126)
    log = make_logger(f"{group}.edge", handler)
    with pytest.warns(cwlog.WatchtowerWarning, match="Empty messages"):
        log.info("")
    with pytest.warns(cwlog.WatchtowerWarning, match="truncated"):
        log.info("é" * 200)  # 400 UTF-8 bytes: cut to 100 bytes on a character boundary
    handler.close()
    assert read_messages(logs, group, "s") == ["é" * 50]
    with pytest.warns(cwlog.WatchtowerWarning, match="after logging system shutdown"):
        log.info("too late")


def test_emit_never_raises_into_the_application(local_endpoint, logs, group, monkeypatch):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    log = make_logger(f"{group}.bad", handler)
    monkeypatch.setattr(logging, "raiseExceptions", False)
    log.info("%d items", "not a number")  # formatting fails inside emit()
    log.info("fine")
    handler.flush()
    assert handler.emit_errors == 1
    assert read_messages(logs, group, "s") == ["fine"]


def test_retention_and_tags_apply_to_the_created_group(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(
        log_group_name=group,
        log_stream_name="s",
        log_group_retention_days=14,
        log_group_tags={"team": "agents", "env": "test"},
    )
    make_logger(f"{group}.ret", handler).info("x")
    handler.flush()
    (info,) = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]
    assert info["retentionInDays"] == 14
    assert logs.list_tags_log_group(logGroupName=group)["tags"] == {"team": "agents", "env": "test"}


def _batches_for(group, stream, messages, **limits):
    """Sends `messages` through a handler with `limits`; returns the number of
    PutLogEvents calls they took (the handlers share one shipper: its batch
    count before and after)."""
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name=stream, **limits)
    log = make_logger(f"{group}.{stream}", handler)
    before = handler.counters()["batches"]
    for m in messages:
        log.info(m)
    handler.flush()
    return handler.counters()["batches"] - before


def test_max_batch_count_and_size_cut_batches(local_endpoint, logs, group):
    # watchtower's meaning: a batch goes out once it holds max_batch_count
    # events or max_batch_size bytes (messages plus 26 per event).
    # Several batches of a stream are in flight at once (shipping.max_in_flight_per_stream)
    # and may be stored in any order; events logged within one millisecond share a
    # timestamp, so they read back in the order their batches were stored.
    count = [f"m{i}" for i in range(10)]
    assert _batches_for(group, "count", count, max_batch_count=3) >= 4  # at most 3 per batch
    assert sorted(read_messages(logs, group, "count")) == count
    size = [f"s{i}" for i in range(6)]
    assert _batches_for(group, "size", size, max_batch_size=2 * (2 + 26)) >= 3  # at most 2 per batch
    assert sorted(read_messages(logs, group, "size")) == size


def test_pre_created_group_and_stream_are_used_without_creating(local_endpoint, logs, group):
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="made-by-terraform")
    handler = cwlog.CloudWatchLogHandler(
        log_group_name=group, log_stream_name="made-by-terraform", create_log_group=False, create_log_stream=False
    )
    make_logger(f"{group}.pre", handler).info("x")
    handler.flush()
    assert read_messages(logs, group, "made-by-terraform") == ["x"]
    assert handler.counters()["dropped_total"] == 0


def test_boto3_client_gives_region_endpoint_and_credentials(local_endpoint, logs, group, monkeypatch):
    # Nothing in the environment: everything must come from the client.
    for var in ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "AWS_ENDPOINT_URL_LOGS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var)
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s", boto3_client=logs)
    make_logger(f"{group}.client", handler).info("via the client")
    handler.flush()
    assert read_messages(logs, group, "s") == ["via the client"]
    assert handler.shipper._settings["endpoint"] == local_endpoint  # taken from the client


def test_handlers_close_at_logging_shutdown_without_errors(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    make_logger(f"{group}.close", handler).info("x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        handler.close()
        handler.close()  # twice, as logging.shutdown may
    assert read_messages(logs, group, "s") == ["x"]
    assert streams_of(logs, group) == ["s"]

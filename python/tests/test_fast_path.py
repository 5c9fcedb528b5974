"""The handler's C++ fast path (_cwlog.emit) sends exactly what emit() would,
and hands a record back to emit() whenever something it decided once no
longer holds: another formatter, a filter, use_queues, exceptions, oversized
or empty messages, a logger whose stream is not opened yet."""
import logging
import warnings

import cwlog
from conftest import read_messages, streams_of
from test_handler import make_logger


def test_plain_records_take_the_fast_path_and_arrive_as_emit_would_send_them(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    log = make_logger(f"{group}.fast", handler)
    log.info("first %s", "record")  # the general path, which makes the fast state
    assert handler._fast
    log.info("%010d %s", 7, "x" * 90)
    log.info("%(who)s owes %(n)d", {"who": "acme", "n": 3})
    log.info("100% literal")  # no arguments: no formatting
    log.warning("żółw ☃ %s", "ünïcode")
    log.error("tenant from extra", extra={"tenant": 42})  # not a str: str() of it
    with cwlog.tenant("acme"):
        log.info("tenant from the context")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("with traceback")  # exc_info: the general path
    log.info("with stack", stack_info=True)  # stack_info: the general path
    handler.flush()
    messages = read_messages(logs, group, "s")
    assert messages[:7] == [
        "first record",
        f"{7:010d} {'x' * 90}",
        "acme owes 3",
        "100% literal",
        "żółw ☃ ünïcode",
        "tenant from extra",
        "tenant from the context",
    ]
    assert messages[7].startswith("with traceback\nTraceback (most recent call last):")
    assert messages[7].rstrip().endswith("ValueError: boom")
    assert messages[8].startswith("with stack\nStack (most recent call last):")
    assert len(messages) == 9
    c = handler.counters()
    assert c["dropped_total"] == 0 and handler.emit_errors == 0


def test_a_formatter_filter_or_use_queues_set_later_applies(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    log = make_logger(f"{group}.later", handler)
    log.info("a")
    log.info("b")
    assert handler._fast
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.info("c")
    handler.addFilter(lambda r: "secret" not in r.getMessage())
    log.info("a secret")
    log.info("d")
    handler.setFormatter(handler._default_formatter)
    log.info("e")
    handler.filters.clear()
    log.info("f")
    handler.use_queues = False  # emit() now delivers before it returns
    log.info("g")
    assert read_messages(logs, group, "s") == ["a", "b", "INFO c", "INFO d", "e", "f", "g"]


def test_log_record_attrs_set_on_the_formatter_later_apply(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s")
    log = make_logger(f"{group}.attrs", handler)
    log.info("a")
    log.info("b")
    handler.formatter.add_log_record_attrs = ["levelname"]
    log.info("c")
    handler.flush()
    assert read_messages(logs, group, "s") == ["a", "b", '{"msg": "c", "levelname": "INFO"}']


def test_a_stream_per_logger_opens_each_once_then_takes_the_fast_path(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="agent-{logger_name}")
    loggers = [make_logger(f"{group}-a{i}", handler) for i in range(3)]
    for round_ in range(3):
        for i, log in enumerate(loggers):
            log.info("round %d of %d", round_, i)
    assert handler._fast
    handler.flush()
    assert streams_of(logs, group) == [f"agent-{group}-a{i}" for i in range(3)]
    for i in range(3):
        assert read_messages(logs, group, f"agent-{group}-a{i}") == [f"round {r} of {i}" for r in range(3)]


def test_bad_arguments_oversized_and_empty_messages_on_the_fast_path(local_endpoint, logs, group, monkeypatch):
    monkeypatch.setattr(logging, "raiseExceptions", False)  # handleError stays quiet
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s", max_message_size=100)
    log = make_logger(f"{group}.bad", handler)
    log.info("ok")
    assert handler._fast
    log.info("%d", "not a number")  # the caller's bug: handleError, nothing raised
    assert handler.emit_errors == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        log.info("%s", "y" * 200)  # cut to 100 - 26 bytes, with watchtower's warning
        log.info("%s", "")  # empty: not sent, with watchtower's warning
    assert [str(w.message) for w in caught] == [
        "Log message size exceeds CWL max payload size, truncated",
        "Received empty message. Empty messages cannot be sent to CloudWatch Logs",
    ]
    log.info("after")
    handler.flush()
    assert read_messages(logs, group, "s") == ["ok", "y" * 74, "after"]

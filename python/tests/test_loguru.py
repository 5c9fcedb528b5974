"""cwlog.loguru_sink: level, logger name, bind()/contextualize() extras as
JSON fields, and the tenant; loguru and logging side by side."""
import json
import logging

import pytest
from loguru import logger

import cwlog
from conftest import read_messages


@pytest.fixture
def sink_id():
    ids = []
    yield ids
    for i in ids:
        logger.remove(i)


def test_loguru_records_carry_level_name_extras_and_tenant(local_endpoint, logs, group, sink_id):
    sink = cwlog.loguru_sink(log_group_name=group, log_stream_name="{logger_name}")
    sink_id.append(logger.add(sink, level="DEBUG"))
    # {logger_name} is loguru's name (the module) or a bound "logger".
    agent = logger.bind(agent="planner", step=3)
    agent.debug("thinking")
    with logger.contextualize(request_id="r-1"), cwlog.tenant("acme"):
        agent.success("done")
    logger.bind(tenant="globex", logger="orchestrator").warning("bound tenant")
    sink.flush()
    events = [json.loads(m) for m in read_messages(logs, group, __name__)]
    events += [json.loads(m) for m in read_messages(logs, group, "orchestrator")]
    assert [(e["message"], e["level"], e["logger"]) for e in events] == [
        ("thinking", "debug", __name__),
        ("done", "info", __name__),  # SUCCESS (25) is between INFO and WARNING
        ("bound tenant", "warn", "orchestrator"),
    ]
    assert events[0]["agent"] == "planner" and events[0]["step"] == 3 and "tenant" not in events[0]
    assert events[1]["request_id"] == "r-1" and events[1]["tenant"] == "acme"
    assert events[2]["tenant"] == "globex"


def test_loguru_exceptions_keep_the_traceback(local_endpoint, logs, group, sink_id):
    sink = cwlog.loguru_sink(log_group_name=group, log_stream_name="s")
    sink_id.append(logger.add(sink))
    try:
        1 / 0
    except ZeroDivisionError:
        logger.exception("failed")
    sink.flush()
    (event,) = [json.loads(m) for m in read_messages(logs, group, "s")]
    assert event["message"].startswith("failed\nTraceback") and "ZeroDivisionError" in event["message"]


def test_loguru_and_logging_share_the_shipper(local_endpoint, logs, group, sink_id):
    sink = cwlog.loguru_sink(log_group_name=group, log_stream_name="loguru", send_interval=60)
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="logging")
    assert sink.shipper is handler.shipper
    sink_id.append(logger.add(sink))
    std = logging.getLogger(f"{group}.std")
    std.handlers[:] = [handler]
    std.propagate = False
    std.warning("from logging")
    logger.info("from loguru")
    handler.flush()
    assert read_messages(logs, group, "logging") == ["from logging"]
    assert json.loads(read_messages(logs, group, "loguru")[0])["message"] == "from loguru"

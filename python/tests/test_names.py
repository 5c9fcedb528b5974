"""log_stream_name placeholders and name cleaning, as watchtower fills them."""
import logging
import os
import platform
import sys
import threading
import time

import pytest

import cwlog
from conftest import read_messages, streams_of
from test_handler import make_logger


def test_default_stream_name_has_machine_program_logger_and_pid(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group)
    make_logger("agents.planner", handler).info("x")
    make_logger("agents.critic", handler).info("y")
    handler.flush()
    program = sys.argv[0].replace(":", "")
    expected = sorted(
        f"{platform.node()}/{program}/{name}/{os.getpid()}".replace("*", "_") for name in ("agents.planner", "agents.critic")
    )
    assert streams_of(logs, group) == expected


def test_thread_name_and_strftime_placeholders(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="{thread_name}-{strftime:%Y-%m-%d}")
    log = make_logger(f"{group}.t", handler)
    before = time.strftime("%Y-%m-%d", time.gmtime())
    worker = threading.Thread(target=lambda: log.info("from worker"), name="worker-7")
    worker.start()
    worker.join()
    log.info("from main")
    after = time.strftime("%Y-%m-%d", time.gmtime())
    handler.flush()
    got = streams_of(logs, group)
    # The date is the record's own (UTC); a run across midnight sees either day.
    assert got in ([f"MainThread-{d}", f"worker-7-{d}"] for d in (before, after)) or (
        before != after and len(got) == 2
    )


def test_forbidden_characters_are_replaced_and_the_rest_kept(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(
        log_group_name=f"{group} customer:1", log_stream_name="customer {logger_name} a:b*c"
    )
    make_logger("weird name", handler).info("x")
    handler.flush()
    clean_group = f"{group}_customer_1"
    assert streams_of(logs, clean_group) == ["customer weird name a_b_c"]
    assert read_messages(logs, clean_group, "customer weird name a_b_c") == ["x"]


@pytest.mark.parametrize("template", ["{hostname}", "{logger_name", "{process_id:q}"])
def test_bad_templates_raise_when_the_handler_is_made(local_endpoint, template):
    with pytest.raises(cwlog.InvalidSettingError):
        cwlog.CloudWatchLogHandler(log_group_name="g", log_stream_name=template)


def test_a_stream_per_logger_with_one_destination_each(local_endpoint, logs, group):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="{logger_name}")
    for i in range(5):
        make_logger(f"component{i}", handler).info(f"m{i}")
    handler.flush()
    assert streams_of(logs, group) == [f"component{i}" for i in range(5)]
    logging.getLogger("component0").handlers.clear()

"""The per-customer pattern: a handler per customer, all on one shipper."""
import logging
import os

import cwlog
from conftest import read_messages


def native_threads():
    return len(os.listdir("/proc/self/task"))


def test_a_hundred_customer_handlers_share_one_shipper(local_endpoint, logs, group):
    def get_customer_handler(customer_id):
        return cwlog.CloudWatchLogHandler(
            log_group_name=f"{group}-customer-{customer_id}",
            log_stream_name=f"customer-{customer_id}-stream",
            log_group_retention_days=30,
        )

    first = get_customer_handler(0)
    threads_before = native_threads()
    handlers = [first] + [get_customer_handler(c) for c in range(1, 100)]
    assert native_threads() == threads_before  # no thread, no connection per customer
    assert len({id(h.shipper) for h in handlers}) == 1

    for c, handler in enumerate(handlers):
        log = logging.getLogger(f"{group}.customer.{c}")
        log.handlers[:] = [handler]
        log.propagate = False
        log.setLevel(logging.INFO)
        for i in range(3):
            log.info("customer %d event %d", c, i)
    handlers[0].flush()
    for c in (0, 42, 99):
        got = read_messages(logs, f"{group}-customer-{c}", f"customer-{c}-stream")
        assert got == [f"customer {c} event {i}" for i in range(3)]
    pages = logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=f"{group}-customer-")
    groups = [g for page in pages for g in page["logGroups"]]
    assert len(groups) == 100 and {g["retentionInDays"] for g in groups} == {30}

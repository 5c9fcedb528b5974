"""Tenants: from extra or from ``with cwlog.tenant(...)`` (a context variable),
across threads and asyncio tasks; a cwlog config routes them to their groups."""
import asyncio
import json
import logging
import threading

import pytest

import cwlog
from conftest import read_messages

CONFIG = """
aws:
  region: us-east-1
shipping:
  flush_interval: 1s
destinations:
  - name: tenant
    group: "{prefix}-customer-{{tenant}}"
    stream: "{{component}}"
    retention_days: 7
    format: json
  - name: platform
    group: "{prefix}-platform"
    stream: "{{component}}"
    format: json
routes:
  - name: tenants
    match:
      tenant: true
    to: tenant
default_destination: platform
"""


@pytest.fixture
def routed(tmp_path, group, local_endpoint):
    path = tmp_path / "cwlog.yaml"
    path.write_text(CONFIG.format(prefix=group))
    handler = cwlog.CloudWatchLogHandler(config=str(path))
    log = logging.getLogger("agents")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    yield log, handler
    log.handlers.clear()


def events(logs, group):
    return [json.loads(m) for m in read_messages(logs, group, "agents")]


def test_tenant_from_extra_and_from_the_context(routed, logs, group):
    log, handler = routed
    log.info("explicit", extra={"tenant": "acme", "order_id": 42})
    with cwlog.tenant("globex"):
        log.info("scoped")
        with cwlog.tenant("initech"):
            log.info("nested")
        log.info("scoped again")
    log.info("no tenant")
    handler.flush()
    acme = events(logs, f"{group}-customer-acme")
    assert [(e["message"], e["tenant"], e["order_id"], e["level"]) for e in acme] == [("explicit", "acme", 42, "info")]
    assert [e["message"] for e in events(logs, f"{group}-customer-globex")] == ["scoped", "scoped again"]
    assert [e["message"] for e in events(logs, f"{group}-customer-initech")] == ["nested"]
    assert [e["message"] for e in events(logs, f"{group}-platform")] == ["no tenant"]


def test_new_threads_start_without_the_tenant(routed, logs, group):
    log, handler = routed
    with cwlog.tenant("acme"):
        t = threading.Thread(target=lambda: log.info("in a new thread"))
        t.start()
        t.join()

        def inside():
            with cwlog.tenant("acme"):
                log.info("set inside the thread")

        t = threading.Thread(target=inside)
        t.start()
        t.join()
    handler.flush()
    assert [e["message"] for e in events(logs, f"{group}-platform")] == ["in a new thread"]
    assert [e["message"] for e in events(logs, f"{group}-customer-acme")] == ["set inside the thread"]


def test_asyncio_tasks_inherit_and_isolate_the_tenant(routed, logs, group):
    log, handler = routed

    async def agent(customer):
        with cwlog.tenant(customer):
            await asyncio.sleep(0)
            log.info("step 1")
            await asyncio.gather(child(), child())  # tasks created here copy the context
            log.info("step 2")

    async def child():
        await asyncio.sleep(0)
        log.info("child")

    async def main():
        await asyncio.gather(agent("acme"), agent("globex"))
        log.info("outside")

    asyncio.run(main())
    handler.flush()
    for customer in ("acme", "globex"):
        got = [e["message"] for e in events(logs, f"{group}-customer-{customer}")]
        assert sorted(got) == ["child", "child", "step 1", "step 2"]
    assert [e["message"] for e in events(logs, f"{group}-platform")] == ["outside"]


def test_tenant_group_names_use_the_injective_encoding(routed, logs, group):
    log, handler = routed
    log.info("odd id", extra={"tenant": "Acme Corp/EU"})
    handler.flush()
    name = cwlog.tenant_name(f"{group}-customer-{{tenant}}", "Acme Corp/EU")
    assert name != f"{group}-customer-Acme Corp/EU"
    assert [e["message"] for e in events(logs, name)] == ["odd id"]


def test_an_invalid_config_names_file_line_and_column(tmp_path, local_endpoint):
    path = tmp_path / "bad.yaml"
    path.write_text("destinations:\n  - name: d\n    group: g\n    retention_days: 2\n")
    with pytest.raises(cwlog.InvalidSettingError, match=r"bad\.yaml:4:\d+: .*retention"):
        cwlog.CloudWatchLogHandler(config=str(path))

"""cwlog.Shipper used directly: fixed destinations, counters, flush, shutdown."""
import json
import threading

import pytest

import cwlog
from conftest import read_messages


def test_open_log_flush_and_counters(local_endpoint, logs, group):
    shipper = cwlog.Shipper(flush_interval=60)
    orders = shipper.open(group, "orders", retention_days=7, format="json")
    assert (orders.group, orders.stream) == (group, "orders")
    for i in range(10):
        assert shipper.log("order placed", level=30, logger="api", tenant="acme", fields={"order_id": i, "ok": True}, destination=orders)
    result = shipper.flush(30)
    assert result == {"complete": True, "pending": 0}
    events = [json.loads(m) for m in read_messages(logs, group, "orders")]
    assert [e["order_id"] for e in events] == list(range(10))
    assert events[0]["level"] == "warn" and events[0]["tenant"] == "acme" and events[0]["ok"] is True
    c = shipper.counters()
    assert c["enqueued"] == 10 and c["delivered"] == 10 and c["dropped_total"] == 0
    assert c["groups_created"] == 1 and c["streams_created"] == 1
    assert shipper.shutdown(10)["complete"]
    assert shipper.log("after shutdown", destination=orders) is False
    assert shipper.counters()["dropped"]["stopped"] == 1


def test_fan_out_copies_are_counted_per_destination(local_endpoint, logs, group, tmp_path):
    # One route to two destinations: each record makes two copies, each
    # settled on its own and counted under its destination's name.
    path = tmp_path / "fanout.yaml"
    path.write_text(
        f"""destinations:
  - name: primary
    group: {group}-primary
    stream: s
    format: plain
    pattern: "{{message}}"
  - name: audit
    group: {group}-audit
    stream: s
    format: plain
    pattern: "{{message}}"
routes:
  - to: [primary, audit]
"""
    )
    shipper = cwlog.Shipper(config=str(path))
    for i in range(5):
        assert shipper.log(f"m{i}", logger="app")
    assert shipper.flush(30)["complete"]
    c = shipper.counters()
    assert (c["enqueued"], c["routed"], c["copies"], c["delivered"]) == (5, 5, 10, 10)
    by_name = {d["name"]: d for d in c["per_destination"]}
    assert set(by_name) == {"primary", "audit"}
    for d in by_name.values():
        assert (d["copies"], d["delivered"], d["dropped_total"]) == (5, 5, 0)
    assert read_messages(logs, f"{group}-audit", "s") == [f"m{i}" for i in range(5)]
    shipper.shutdown()


def test_records_without_a_destination_or_route_are_counted(local_endpoint):
    shipper = cwlog.Shipper()
    shipper.log("nowhere to go")
    shipper.flush(30)
    assert shipper.counters()["dropped"]["no_destination"] == 1
    shipper.shutdown()


def test_flush_releases_the_gil(local_endpoint, group):
    # While flush() waits, another Python thread keeps running: with the GIL
    # held it could not append anything until flush() returned.
    shipper = cwlog.Shipper(flush_interval=60)
    dest = shipper.open(group, "s")
    for i in range(2000):
        shipper.log(f"event {i}", destination=dest)
    progress = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            progress.append(1)
            stop.wait(0.001)

    flushing = threading.Thread(target=lambda: (shipper.flush(30), stop.set()))
    spinner = threading.Thread(target=spin)
    spinner.start()
    flushing.start()
    flushing.join(60)
    spinner.join(60)
    assert progress, "no other thread ran while flush() waited"
    shipper.shutdown()


def test_invalid_destinations_and_settings_raise(local_endpoint):
    shipper = cwlog.Shipper()
    with pytest.raises(cwlog.InvalidSettingError, match="contains ':'"):
        shipper.open("g", "a:b")
    with pytest.raises(cwlog.InvalidSettingError, match="retention"):
        shipper.open("g", "s", retention_days=8)
    with pytest.raises(cwlog.InvalidSettingError, match="overflow"):
        cwlog.Shipper(overflow="sometimes")
    with pytest.raises(cwlog.InvalidSettingError, match="flush_interval"):
        cwlog.Shipper(flush_interval=-1)
    shipper.shutdown()

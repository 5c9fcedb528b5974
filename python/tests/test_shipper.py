"""cwlog.Shipper used directly: fixed destinations, counters, flush, shutdown."""
import gc
import json
import logging
import threading

import pytest

import cwlog
from conftest import read_messages, wait_for


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


def test_max_in_flight_per_stream_is_a_setting(local_endpoint, logs, group):
    shipper = cwlog.Shipper(flush_interval=60, max_in_flight_per_stream=1)
    dest = shipper.open(group, "s", max_batch_events=10)
    for i in range(100):  # ten batches, one in flight at a time: stored in order
        shipper.log(f"m{i:03d}", destination=dest)
    assert shipper.flush(30)["complete"]
    assert read_messages(logs, group, "s") == [f"m{i:03d}" for i in range(100)]
    assert shipper.counters()["batches"] == 10
    shipper.shutdown()
    for bad in (0, 65):
        with pytest.raises(cwlog.InvalidSettingError, match="max_in_flight_per_stream"):
            cwlog.Shipper(max_in_flight_per_stream=bad)


def test_spool_counters_show_what_was_appended_settled_and_left(local_endpoint, logs, group, tmp_path):
    # A config: records a dead shipper left are routed again by the replaying
    # shipper's configuration (docs/spool.md), which must know the destination.
    config = tmp_path / "spooled.yaml"
    config.write_text(
        f"""shipping:
  spool_dir: {tmp_path / "spool"}
  spool_write_interval: 50ms
destinations:
  - name: main
    group: {group}
    stream: s
    format: plain
    pattern: "{{message}}"
routes:
  - to: [main]
"""
    )
    # Nothing answers on this endpoint: every record stays unsettled, and
    # shutdown leaves them on disk for the next shipper of that directory.
    down = cwlog.Shipper(config, endpoint="http://127.0.0.1:9")
    for i in range(30):
        assert down.log(f"r{i:02d}", logger="app")
    # The warning says why: the call that found no answer, and its error.
    with pytest.warns(cwlog.WatchtowerWarning, match=r"does not answer \(CreateLogGroup: network: Couldn't connect"):
        assert down.flush(0.5)["complete"] is False
    with pytest.warns(cwlog.WatchtowerWarning, match="30 records were not delivered"):
        assert down.shutdown(0.5)["undelivered"] == 30
    s = down.counters()["spool"]
    assert (s["enabled"], s["appended"], s["settled"], s["left"]) == (True, 30, 0, 30)
    del down  # its spool directory is free to adopt once its shipper is gone
    gc.collect()

    up = cwlog.Shipper(config)
    assert up.flush(30)["complete"]
    assert sorted(read_messages(logs, group, "s")) == [f"r{i:02d}" for i in range(30)]
    assert up.shutdown(10)["complete"]
    s = up.counters()["spool"]
    assert (s["replayed"], s["adopted_dirs"], s["settled"], s["left"]) == (30, 1, 30, 0)
    off = cwlog.Shipper()
    assert off.counters()["spool"] == dict.fromkeys(s, 0) | {"enabled": False}
    off.shutdown()


def test_a_handler_with_a_spool_counts_its_records(local_endpoint, logs, group, tmp_path):
    handler = cwlog.CloudWatchLogHandler(log_group_name=group, log_stream_name="s", spool_dir=tmp_path / "spool")
    log = logging.getLogger(f"{group}.spooled")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    for i in range(40):
        log.info("spooled %d", i)
    handler.flush()
    assert read_messages(logs, group, "s") == [f"spooled {i}" for i in range(40)]
    s = wait_for(lambda: (c := handler.counters()["spool"])["settled"] == 40 and c)
    assert s and (s["enabled"], s["appended"], s["settled"], s["write_errors"]) == (True, 40, 40, 0)
    handler.shipper.shutdown()
    assert handler.counters()["spool"]["left"] == 0
    with pytest.raises(cwlog.InvalidSettingError, match="config file sets them"):
        cwlog.CloudWatchLogHandler(config=tmp_path / "x.yaml", spool_dir=tmp_path)

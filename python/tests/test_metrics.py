"""cwlog.Metrics: EMF documents through a Shipper into cwlog local, read back
from the metrics cwlog local extracted (GET /_cwlog/api/metrics)."""
import math

import pytest

import cwlog
from conftest import read_messages


def test_each_kind_read_back_per_tenant(local_endpoint, logs, local_metrics, group):
    shipper = cwlog.Shipper(flush_interval=60)
    metrics = cwlog.Metrics(shipper, group=group + "-{tenant}", stream="emf")
    for tenant, n in (("acme", 3), ("globex", 5)):
        g = metrics.group("PyShop", tenant=tenant, dimensions={"Service": "api"})
        orders = g.counter("Orders")
        for _ in range(n):
            assert orders.add()
        g.gauge("Queue", unit="Count", storage_resolution=1).set(n * 10)
        g.distribution("Latency", unit="Milliseconds").record(1.5)
    assert shipper.flush(30)["complete"]
    for tenant, n in (("acme", 3), ("globex", 5)):
        (doc,) = read_messages(logs, f"{group}-{tenant}", "emf")
        assert '"Orders"' in doc
        points = {p["metricName"]: p for p in local_metrics(group=f"{group}-{tenant}")["datapoints"]}
        assert points["Orders"]["values"] == [n]
        assert points["Orders"]["unit"] == "Count"
        assert points["Orders"]["dimensions"] == {"Service": "api", "Tenant": tenant}
        assert points["Queue"]["values"] == [n * 10] and points["Queue"]["storageResolution"] == 1
        assert points["Latency"]["values"] == [1.5] and points["Latency"]["unit"] == "Milliseconds"
    assert metrics.stats()["documents"] == 2
    shipper.shutdown(10)


def test_refused_values_and_names(local_endpoint, group):
    shipper = cwlog.Shipper(flush_interval=60)
    metrics = cwlog.Metrics(shipper, group=group)
    c = metrics.group("PyShop").counter("Hits")
    assert c.add(math.nan) is False
    assert c.add(math.inf) is False
    assert metrics.stats()["refused_values"] == 2
    with pytest.raises(cwlog.InvalidSettingError, match="namespace"):
        metrics.group("AWS/Nope")
    with pytest.raises(cwlog.InvalidSettingError, match="metric name"):
        metrics.group("PyShop").counter("")
    with pytest.raises(cwlog.InvalidSettingError, match="unit"):
        metrics.group("PyShop").gauge("G", unit="Hours")
    shipper.shutdown(10)


def test_tenant_scope_is_the_default_tenant(local_endpoint, local_metrics, group):
    shipper = cwlog.Shipper(flush_interval=60)
    metrics = cwlog.Metrics(shipper, group=group + "-{tenant}")
    with cwlog.tenant("initech"):
        metrics.group("PyScoped").counter("Calls").add(7)
    assert shipper.flush(30)["complete"]
    (point,) = local_metrics(group=f"{group}-initech", name="Calls")["datapoints"]
    assert point["dimensions"] == {"Tenant": "initech"} and point["values"] == [7]
    shipper.shutdown(10)

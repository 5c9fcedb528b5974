"""cwlog.Metrics: counters, gauges and distributions aggregated in the process
and shipped as CloudWatch Embedded Metric Format documents through a
cwlog.Shipper -- the C++ ``cwlog::metrics`` (docs/metrics.md), like
aws-embedded-metrics but aggregated per interval::

    metrics = cwlog.Metrics(shipper, group="metrics-{tenant}")
    orders = metrics.group("Shop", tenant="acme", dimensions={"Service": "api"})
    placed = orders.counter("OrdersPlaced")
    placed.add()                     # False (and counted) for NaN/Inf
    orders.distribution("Latency", unit="Milliseconds").record(12.5)

The handles' add/set/record go straight to the C++ aggregator.
"""
from . import _cwlog
from ._errors import InvalidSettingError
from ._tenant import current_tenant


class Metrics:
    """Aggregates per ``interval`` seconds (default 60, or the config's
    ``metrics.interval``) and sends on ``shipper.flush()``/``shutdown()`` too.

    ``group``/``stream``: the destination templates of the documents
    (``{tenant}``: the group's tenant, ``{logger}``: its namespace); without
    ``group``, the shipper's config must name ``metrics.destination``."""

    def __init__(self, shipper, *, group=None, stream="{logger}", interval=None, max_dimension_sets=None):
        self.shipper = shipper
        try:
            self._core = _cwlog.Metrics(
                shipper.core(), group=group, stream=stream, interval=interval, max_dimension_sets=max_dimension_sets
            )
        except _cwlog.Error as e:
            raise InvalidSettingError(str(e)) from None

    def group(self, namespace, *, dimensions=None, tenant=None, component="", properties=None, dimension_sets=None):
        """A namespace and its dimension values. ``tenant`` (default: the
        tenant of ``with cwlog.tenant(...)``, if any) adds the dimension
        ``Tenant`` with the tenant's injective encoding. Raises
        InvalidSettingError when a name breaks an EMF rule."""
        if tenant is None:
            tenant = current_tenant()
        try:
            return _MetricGroup(
                self._core.group(
                    namespace,
                    dimensions=dict(dimensions or {}),
                    tenant=tenant,
                    component=component,
                    properties=dict(properties or {}),
                    dimension_sets=[list(s) for s in (dimension_sets or [])],
                )
            )
        except _cwlog.Error as e:
            raise InvalidSettingError(str(e)) from None

    def emit(self):
        """Sends the current (partial) interval now."""
        self._core.emit()

    def stats(self):
        """refused_values, cardinality_dropped, cardinality_groups, documents,
        documents_dropped, intervals."""
        return self._core.stats()


class _MetricGroup:
    __slots__ = ("_core",)

    def __init__(self, core):
        self._core = core

    def _make(self, kind, name, unit, storage_resolution):
        try:
            return getattr(self._core, kind)(name, unit=unit, storage_resolution=storage_resolution)
        except _cwlog.Error as e:
            raise InvalidSettingError(str(e)) from None

    def counter(self, name, unit="Count", storage_resolution=60):
        return self._make("counter", name, unit, storage_resolution)

    def gauge(self, name, unit="None", storage_resolution=60):
        return self._make("gauge", name, unit, storage_resolution)

    def distribution(self, name, unit="None", storage_resolution=60):
        return self._make("distribution", name, unit, storage_resolution)

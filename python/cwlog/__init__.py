"""cwlog for Python: logs to AWS CloudWatch Logs through cwlog's C++ core.

A drop-in replacement for watchtower (``CloudWatchLogHandler``,
``CloudWatchLogFormatter``, ``WatchtowerError``, ``WatchtowerWarning``), plus a
loguru sink, tenants (``with cwlog.tenant("acme"):``), cwlog YAML configs and
the shipper itself (``cwlog.Shipper``) and metrics as CloudWatch EMF
(``cwlog.Metrics``). Every handler and sink of a process
shares one background shipper per AWS setting. See python/README.md.
"""
from ._errors import (
    CloudWatchLogError,
    CloudWatchLogWarning,
    InvalidSettingError,
    WatchtowerError,
    WatchtowerWarning,
)
from ._shipping import Destination, Shipper, shared_shipper
from ._tenant import current_tenant, tenant
from .formatter import CloudWatchLogFormatter
from .handler import DEFAULT_LOG_STREAM_NAME, CloudWatchLogHandler
from .loguru_sink import LoguruSink, loguru_sink
from .metrics import Metrics
from . import _cwlog

__version__ = _cwlog.version


def tenant_name(group_template, tenant_id):
    """The exact group name a tenant's records go to for a config's template
    such as ``"app-customer-{tenant}"`` (the injective tenant encoding)."""
    return _cwlog.tenant_name(group_template, tenant_id)


__all__ = [
    "CloudWatchLogError",
    "CloudWatchLogFormatter",
    "CloudWatchLogHandler",
    "CloudWatchLogWarning",
    "DEFAULT_LOG_STREAM_NAME",
    "Destination",
    "InvalidSettingError",
    "LoguruSink",
    "Metrics",
    "Shipper",
    "WatchtowerError",
    "WatchtowerWarning",
    "current_tenant",
    "loguru_sink",
    "shared_shipper",
    "tenant",
    "tenant_name",
]

"""A loguru sink: ``logger.add(cwlog.loguru_sink(...))``.

Each record goes out as JSON (time, level, logger, tenant, message, and the
``bind()`` / ``contextualize()`` extras as fields). The tenant is the extra
``tenant`` if bound, else the current ``with cwlog.tenant(...)``; the logger
name is the extra ``logger`` if bound (``logger.bind(logger="orchestrator")``),
else loguru's ``name`` (the module).
"""
from ._cwlog import log as _log
from ._errors import InvalidSettingError
from ._shipping import Shipper, shared_shipper
from ._target import Target
from ._tenant import _current
from .handler import DEFAULT_LOG_GROUP_NAME, DEFAULT_LOG_STREAM_NAME


_RESERVED = frozenset({"tenant", "logger"})  # bound extras with a meaning, not fields


class LoguruSink:
    """Callable loguru sink. Build it with :func:`loguru_sink`."""

    def __init__(self, shipper, target):
        self.shipper = shipper
        self._target = target
        self.emit_errors = 0

    def __call__(self, message):
        try:
            record = message.record
            extra = record["extra"]
            tenant = extra.get("tenant")
            if tenant is None:
                tenant = _current.get()
            elif not isinstance(tenant, str):
                tenant = str(tenant)
            fields = {k: v for k, v in extra.items() if k not in _RESERVED} or None
            text = record["message"]
            exc = record["exception"]
            if exc is not None and exc.type is not None:
                import traceback

                text = text + "\n" + "".join(traceback.format_exception(exc.type, exc.value, exc.traceback)).rstrip()
            name = extra.get("logger") or record["name"] or ""
            created = record["time"].timestamp()
            shipper = self.shipper
            core = shipper._core or shipper.core()
            token = None
            if self._target is not None:
                token = self._target.handle_for(core, name, record["thread"].name, created)
            _log(shipper._token, token, record["level"].no, name, text, created, tenant, fields)
        except Exception:  # a sink must not raise into loguru's caller
            self.emit_errors += 1

    def flush(self, timeout=30.0):
        return self.shipper.flush(timeout)


def loguru_sink(
    log_group_name=DEFAULT_LOG_GROUP_NAME,
    log_stream_name=DEFAULT_LOG_STREAM_NAME,
    *,
    config=None,
    shipper=None,
    boto3_client=None,
    boto3_profile_name=None,
    send_interval=60,
    log_group_retention_days=None,
    log_group_tags=None,
    log_group_kms_key_id="",
    log_group_class="STANDARD",
    create_log_group=True,
    create_log_stream=True,
    max_in_flight_per_stream=4,
    spool_dir=None,
):
    """A sink for ``loguru.logger.add``. The same names and options as
    CloudWatchLogHandler (``config`` routes by the YAML rules instead); every
    sink and handler with the same AWS settings shares one shipper."""
    if shipper is None:
        shipper = shared_shipper(
            boto3_client=boto3_client,
            profile=boto3_profile_name or "",
            send_interval=send_interval,
            config=config,
            max_in_flight_per_stream=max_in_flight_per_stream,
            spool_dir=spool_dir,
        )
    elif max_in_flight_per_stream != 4 or spool_dir is not None:
        raise InvalidSettingError("max_in_flight_per_stream, spool_dir: set them on the shipper given")
    elif not isinstance(shipper, Shipper):
        raise InvalidSettingError(f"shipper: {shipper!r} (allowed: a cwlog.Shipper)")
    target = None
    if config is None:
        target = Target(
            shipper,
            log_group_name,
            log_stream_name,
            fmt="json",
            spec=dict(
                retention_days=log_group_retention_days,
                kms_key_id=log_group_kms_key_id,
                tags=dict(log_group_tags or {}),
                group_class=log_group_class,
                create_group=bool(create_log_group),
                create_stream=bool(create_log_stream),
            ),
        )
    return LoguruSink(shipper, target)

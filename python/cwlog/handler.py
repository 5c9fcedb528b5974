"""CloudWatchLogHandler: watchtower's handler on cwlog's C++ core."""
import logging
import warnings
from collections.abc import Mapping

from ._cwlog import emit as _emit
from ._cwlog import emit_state as _emit_state
from ._cwlog import log as _log
from ._errors import InvalidSettingError, WatchtowerError, WatchtowerWarning
from ._shipping import Shipper, _seconds, shared_shipper
from ._target import Target
from ._tenant import _current
from .formatter import CloudWatchLogFormatter

DEFAULT_LOG_GROUP_NAME = "watchtower"  # watchtower's default: its module name
DEFAULT_LOG_STREAM_NAME = "{machine_name}/{program_name}/{logger_name}/{process_id}"
EXTRA_MSG_PAYLOAD_SIZE = 26  # bytes CloudWatch counts per event on top of its message

# LogRecord attributes that are not extra fields (plus what formatters add).
_RECORD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "tenant", "taskName"}
_MISSING = object()


def extra_fields(record):
    """The fields a caller passed with ``extra=`` (everything LogRecord does not define)."""
    return {k: v for k, v in record.__dict__.items() if k not in _RECORD_ATTRS} or None


class _DecidedOnce:
    """A handler attribute the C++ fast path's state depends on: setting it
    drops the state, so the next emit() decides again (see _make_fast)."""

    def __set_name__(self, owner, name):
        self.slot = "_" + name

    def __get__(self, obj, owner=None):
        return self if obj is None else getattr(obj, self.slot)

    def __set__(self, obj, value):
        setattr(obj, self.slot, value)
        obj._fast = None


def _check_range(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidSettingError(f"{name}: {value!r} (allowed: an int from {low} to {high})")
    return value


class CloudWatchLogHandler(logging.Handler):
    """Sends records to CloudWatch Logs through cwlog's shared background
    shipper. Takes watchtower's keyword arguments with their meaning and
    defaults; see python/README.md for the migration table.

    cwlog additions: ``config`` (a cwlog YAML file: records are routed by its
    rules, by logger, level, fields and tenant, with ``extra`` fields as JSON
    fields), ``log_group_kms_key_id``, ``log_group_class``, the shipping options
    ``max_in_flight_per_stream`` and ``spool_dir`` (the disk spool, see
    docs/spool.md), and ``shipper`` (a cwlog.Shipper to use instead of the
    shared one).
    """

    END = 1
    FLUSH = 2
    FLUSH_TIMEOUT = 30
    EXTRA_MSG_PAYLOAD_SIZE = EXTRA_MSG_PAYLOAD_SIZE

    def __init__(
        self,
        log_group_name=DEFAULT_LOG_GROUP_NAME,
        log_stream_name=DEFAULT_LOG_STREAM_NAME,
        use_queues=True,
        send_interval=60,
        max_batch_size=1024 * 1024,
        max_batch_count=10000,
        boto3_client=None,
        boto3_profile_name=None,
        create_log_group=True,
        log_group_tags={},  # noqa: B006 - watchtower's signature; never mutated
        json_serialize_default=None,
        log_group_retention_days=None,
        create_log_stream=True,
        max_message_size=256 * 1024,
        log_group=None,
        stream_name=None,
        level=logging.NOTSET,
        *,
        config=None,
        log_group_kms_key_id="",
        log_group_class="STANDARD",
        max_in_flight_per_stream=4,
        spool_dir=None,
        shipper=None,
    ):
        # The C++ fast path's state (_cwlog.emit): None until the next emit()
        # decides, False when it cannot apply (see _make_fast).
        self._fast = None
        self._shutting_down = False
        super().__init__(level)
        if log_group is not None:
            if log_group_name != DEFAULT_LOG_GROUP_NAME:
                raise WatchtowerError("Both log_group_name and deprecated log_group parameter specified")
            warnings.warn("Please use log_group_name instead of log_group", DeprecationWarning, stacklevel=2)
            log_group_name = log_group
        if stream_name is not None:
            if log_stream_name != DEFAULT_LOG_STREAM_NAME:
                raise WatchtowerError("Both log_stream_name and deprecated stream_name parameter specified")
            warnings.warn("Please use log_stream_name instead of stream_name", DeprecationWarning, stacklevel=2)
            log_stream_name = stream_name
        if boto3_client is not None and boto3_profile_name is not None:
            raise WatchtowerError("Either boto3_client or boto3_profile_name can be specified, but not both")
        if config is not None and (log_group_name != DEFAULT_LOG_GROUP_NAME or log_stream_name != DEFAULT_LOG_STREAM_NAME):
            raise WatchtowerError("config routes records itself: do not also give log_group_name or log_stream_name")
        if not isinstance(log_group_tags, Mapping):
            raise InvalidSettingError(f"log_group_tags: {log_group_tags!r} (allowed: a dict of str to str)")

        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.use_queues = bool(use_queues)
        self.send_interval = _seconds(send_interval, "send_interval")
        self.max_batch_size = _check_range(max_batch_size, "max_batch_size", 1, 1024 * 1024)
        self.max_batch_count = _check_range(max_batch_count, "max_batch_count", 1, 10000)
        self.max_message_size = _check_range(
            max_message_size, "max_message_size", EXTRA_MSG_PAYLOAD_SIZE + 1, 1024 * 1024
        )
        self.create_log_stream = create_log_stream
        self.log_group_retention_days = log_group_retention_days
        self.json_serialize_default = json_serialize_default
        self.config = config
        self.shutting_down = False
        self.emit_errors = 0  # records emit() could not hand over (handleError was called)

        if shipper is None:
            shipper = shared_shipper(
                boto3_client=boto3_client,
                profile=boto3_profile_name or "",
                send_interval=self.send_interval,
                config=config,
                max_in_flight_per_stream=max_in_flight_per_stream,
                spool_dir=spool_dir,
            )
        elif max_in_flight_per_stream != 4 or spool_dir is not None:
            raise InvalidSettingError("max_in_flight_per_stream, spool_dir: set them on the shipper given")
        elif not isinstance(shipper, Shipper):
            raise InvalidSettingError(f"shipper: {shipper!r} (allowed: a cwlog.Shipper)")
        self.shipper = shipper
        self._target = None
        if config is None:
            self._target = Target(
                shipper,
                log_group_name,
                log_stream_name,
                fmt="plain",
                spec=dict(
                    retention_days=log_group_retention_days,
                    kms_key_id=log_group_kms_key_id,
                    tags=dict(log_group_tags),
                    group_class=log_group_class,
                    create_group=bool(create_log_group),
                    create_stream=bool(create_log_stream),
                    max_batch_bytes=self.max_batch_size,
                    max_batch_events=self.max_batch_count,
                ),
            )
        self._default_formatter = CloudWatchLogFormatter(json_serialize_default=json_serialize_default)
        self.setFormatter(self._default_formatter)
        # The fast path (message = record.getMessage()) is exactly what the
        # default formatter would produce; a subclass overriding format() or a
        # formatter set later takes the general path.
        self._fast_format = type(self).format is logging.Handler.format
        self._body_limit = self.max_message_size - EXTRA_MSG_PAYLOAD_SIZE

    # What the fast path decides once (_make_fast): setting one of these makes
    # the next emit() decide again. The formatter is also set by
    # logging.Handler.__init__ and setFormatter; any other formatter than the
    # default one takes the general path.
    formatter = _DecidedOnce()
    use_queues = _DecidedOnce()
    shutting_down = _DecidedOnce()

    def _make_fast(self, core):
        """The C++ fast path's state, when everything it decides once holds:
        handler.emit and format not overridden, the default formatter without
        log record attributes, queued sending, a destination that does not
        depend on the thread or the time."""
        fmt = self._formatter
        if (
            self._target is None
            or not self.use_queues
            or self.shutting_down
            or not self._fast_format
            or type(self).emit is not CloudWatchLogHandler.emit
            or fmt is not self._default_formatter
            or fmt.add_log_record_attrs
        ):
            return None
        route = self._target.fast_route(core)
        if route is None:
            return None
        return _emit_state(self.shipper._token, route[0], route[1], self._body_limit, _current)

    # logging.Handler.handle takes the handler's lock around emit(); cwlog's
    # emit is thread-safe without it (the queue is), so callers never contend.
    # A plain record goes through the C++ fast path (_cwlog.emit, which does
    # what emit() below does for it); anything else, or a state made before
    # fork(), through emit().
    def handle(self, record):
        fast = self._fast
        if fast and not self.filters:
            try:
                done = _emit(fast, record)
            except Exception:
                self.emit_errors += 1
                self.handleError(record)
                return True
            if done:
                return True
            if done is None:
                self._fast = None
            self.emit(record)
            return True
        rv = self.filter(record)
        if rv:
            if isinstance(rv, logging.LogRecord):
                record = rv
            self.emit(record)
        return rv

    def _message(self, record):
        # The fast path gives exactly what the default formatter would: the
        # message with its arguments, when there is no exception or stack.
        fmt = self.formatter
        if (
            self._fast_format
            and fmt is self._default_formatter
            and type(record.msg) is str
            and not fmt.add_log_record_attrs
            and record.exc_info is None
            and record.exc_text is None
            and record.stack_info is None
        ):
            args = record.args
            return record.msg % args if args else record.msg
        return self.format(record)

    def emit(self, record):
        try:
            if self.shutting_down:
                warnings.warn("Received message after logging system shutdown", WatchtowerWarning)
                return
            msg = self._message(record)
            if not msg:
                warnings.warn(
                    "Received empty message. Empty messages cannot be sent to CloudWatch Logs", WatchtowerWarning
                )
                return
            if len(msg) * 4 > self._body_limit and len(msg.encode("utf-8")) > self._body_limit:
                warnings.warn("Log message size exceeds CWL max payload size, truncated", WatchtowerWarning)
                msg = msg.encode("utf-8")[: self._body_limit].decode("utf-8", "ignore")
            tenant = record.__dict__.get("tenant", _MISSING)
            if tenant is _MISSING:
                tenant = _current.get()
            elif tenant is not None and type(tenant) is not str:
                tenant = str(tenant)
            shipper = self.shipper
            core = shipper._core or shipper.core()
            target = self._target
            if target is None:  # config: the core routes, extra becomes fields
                _log(shipper._token, None, record.levelno, record.name, msg, record.created, tenant, extra_fields(record))
            else:
                _log(
                    shipper._token,
                    target.handle_for(core, record.name, record.threadName, record.created),
                    record.levelno,
                    record.name,
                    msg,
                    record.created,
                    tenant,
                    None,
                )
            if not self.use_queues:
                shipper.flush(self.FLUSH_TIMEOUT)
            elif self._fast is None:
                self._fast = self._make_fast(core) or False
        except Exception:
            self.emit_errors += 1
            self.handleError(record)

    def flush(self):
        """Delivers what was logged so far (up to FLUSH_TIMEOUT seconds, GIL released)."""
        # logging.shutdown() also flushes a handler whose construction raised: it has no shipper.
        if self.shutting_down or getattr(self, "shipper", None) is None or self.shipper.is_shut_down:
            return
        result = self.shipper.flush(self.FLUSH_TIMEOUT)
        if not result["complete"]:
            warnings.warn("Timed out while delivering logs", WatchtowerWarning)

    def close(self):
        """Delivers what was logged and refuses further records. The shared
        shipper keeps serving the process's other handlers."""
        if not self.shutting_down:
            self.flush()
            self.shutting_down = True
        super().close()

    def counters(self):
        """The shipper's counters (shared with every handler on the same shipper)."""
        return self.shipper.counters()

    def __repr__(self):
        name = self.__class__.__name__
        return f"{name}(log_group_name='{self.log_group_name}', log_stream_name='{self.log_stream_name}')"


__all__ = ["CloudWatchLogHandler", "DEFAULT_LOG_STREAM_NAME", "extra_fields"]

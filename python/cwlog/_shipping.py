"""cwlog.Shipper: the C++ shipper for Python, plus what a process needs around
it -- one shared shipper per AWS setting for all handlers and sinks, a fresh
shipper in a child after fork(), and delivery at interpreter exit."""
import atexit
import os
import threading
import warnings
import weakref
from datetime import timedelta

from . import _cwlog
from ._errors import InvalidSettingError, WatchtowerWarning

_live = weakref.WeakSet()  # every Shipper, for fork and exit
_shared = {}  # settings key -> Shipper used by handlers and sinks
_shared_lock = threading.Lock()


def _seconds(value, name):
    if isinstance(value, timedelta):
        value = value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidSettingError(f"{name}: {value!r} (allowed: a positive number of seconds or a timedelta)")
    return float(value)


def _boto3_credentials(client):
    """A callback that asks the boto3 client's credentials on each refresh, so
    that refreshable (assume-role, SSO, container) credentials keep working."""
    creds = getattr(getattr(client, "_request_signer", None), "_credentials", None)
    if creds is None:
        import boto3

        creds = boto3.session.Session().get_credentials()
    if creds is None:
        raise InvalidSettingError("boto3_client: it has no credentials (allowed: a client made with credentials)")

    def fetch():
        frozen = creds.get_frozen_credentials()
        expiry = getattr(creds, "_expiry_time", None)
        return (frozen.access_key, frozen.secret_key, frozen.token, expiry.timestamp() if expiry else None)

    return fetch, creds


class Destination:
    """A fixed (group, stream) opened on a Shipper (see ``Shipper.open``)."""

    __slots__ = ("shipper", "group", "stream", "_spec", "_core", "_handle", "_token")

    def __init__(self, shipper, group, stream, spec):
        self.shipper, self.group, self.stream, self._spec = shipper, group, stream, spec
        self._core = None
        self._handle = None
        self._token = None
        self.handle()  # validated now, not when the first record is logged

    def handle(self):
        """The core's handle, opened again on the child's shipper after fork()."""
        core = self.shipper.core()
        if core is not self._core:
            try:
                handle = core.open(self.group, self.stream, **self._spec)
            except _cwlog.Error as e:
                raise InvalidSettingError(str(e)) from None
            self._handle, self._token, self._core = handle, handle.token, core
        return self._handle

    def token(self):
        """The handle's token for _cwlog.log."""
        self.handle()
        return self._token

    def __repr__(self):
        return f"Destination(group={self.group!r}, stream={self.stream!r})"


class Shipper:
    """The shipper: a bounded queue and background threads that deliver to
    CloudWatch Logs. ``log()`` never waits for the network and never raises;
    ``flush()`` and ``shutdown()`` release the GIL while they wait.

    ``config`` is a cwlog YAML file (routing by logger, level, fields, tenant;
    see docs/config.md); without it, records go to destinations opened with
    ``open()``. AWS settings: ``region``, ``endpoint``, ``profile``, or a
    ``boto3_client`` whose region, endpoint and credentials are used; otherwise
    the usual AWS environment, files and instance roles, as boto3 reads them.

    The other keywords are cwlog's shipping options (docs/config.md), durations
    in seconds: ``max_in_flight_per_stream`` (concurrent puts to one stream),
    and the disk spool (docs/spool.md): ``spool_dir`` (None: off),
    ``spool_bytes``, ``spool_sync`` ("interval" or "none"),
    ``spool_write_interval``. A config file sets them itself.
    """

    def __init__(
        self,
        config=None,
        *,
        region="",
        endpoint="",
        profile="",
        boto3_client=None,
        flush_interval=2.0,
        queue_bytes=64 << 20,
        max_in_flight=4,
        max_in_flight_per_stream=4,
        shutdown_deadline=10.0,
        overflow="drop_newest",
        gzip=False,
        spool_dir=None,
        spool_bytes=1 << 30,
        spool_sync="interval",
        spool_write_interval=0.2,
    ):
        settings = dict(
            config=os.fspath(config) if config is not None else None,
            region=region or "",
            endpoint=endpoint or "",
            profile=profile or "",
            flush_interval=_seconds(flush_interval, "flush_interval"),
            queue_bytes=queue_bytes,
            max_in_flight=max_in_flight,
            max_in_flight_per_stream=max_in_flight_per_stream,
            shutdown_deadline=_seconds(shutdown_deadline, "shutdown_deadline"),
            overflow=overflow,
            gzip=gzip,
            spool_dir=os.fspath(spool_dir) if spool_dir is not None else "",
            spool_bytes=spool_bytes,
            spool_sync=spool_sync,
            spool_write_interval=_seconds(spool_write_interval, "spool_write_interval"),
        )
        self._boto3_creds = None
        if boto3_client is not None:
            meta = boto3_client.meta
            settings["region"] = settings["region"] or (meta.region_name or "")
            settings["endpoint"] = settings["endpoint"] or (meta.endpoint_url or "")
            settings["credentials"], self._boto3_creds = _boto3_credentials(boto3_client)
        self._settings = settings
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._core = None
        self._token = None  # the core's capsule for _cwlog.log (the caller's path)
        self._core = self._make_core()
        self._token = self._core.token
        _live.add(self)

    def _make_core(self):
        try:
            return _cwlog.Shipper(**self._settings)
        except _cwlog.Error as e:
            raise InvalidSettingError(str(e)) from None
        except TypeError as e:  # a wrong type for a setting
            raise InvalidSettingError(str(e)) from None

    def core(self):
        """The C++ shipper of this process (made anew in a child after fork())."""
        core = self._core
        if core is None:
            with self._lock:
                if self._core is None:
                    core = self._make_core()
                    self._token = core.token
                    self._core = core
                core = self._core
        return core

    def token(self):
        """The core's token for _cwlog.log."""
        token = self._token
        if token is None or self._core is None:
            self.core()
            token = self._token
        return token

    def _after_fork_in_child(self):
        # The parent's shipper has no threads here; records the parent logged
        # before fork() stay the parent's to send (never twice). The lock may
        # have been held by a thread that does not exist in the child.
        self._lock = threading.Lock()
        self._core = None
        self._token = None
        self._pid = os.getpid()

    # --- the public API ------------------------------------------------------
    def open(
        self,
        group,
        stream,
        *,
        retention_days=None,
        kms_key_id="",
        tags=None,
        group_class="STANDARD",
        create_group=True,
        create_stream=True,
        format="plain",
        pattern="{message}",
        max_batch_bytes=0,
        max_batch_events=0,
    ):
        """A fixed destination, validated now (names, retention, KMS key ARN,
        tags, class); its group and stream are created with these options when
        its first batch is sent. ``format="plain"`` sends ``pattern`` (by default
        the message as is); ``"json"`` sends a JSON object with time, level,
        logger, tenant, message and fields. ``max_batch_bytes`` (messages plus
        26 bytes per event, as AWS counts) and ``max_batch_events`` send smaller
        batches than PutLogEvents allows; 0 means the service's limit."""
        spec = dict(
            retention_days=retention_days,
            kms_key_id=kms_key_id or "",
            tags=dict(tags or {}),
            group_class=group_class,
            create_group=create_group,
            create_stream=create_stream,
            format=format,
            pattern=pattern,
            max_batch_bytes=max_batch_bytes,
            max_batch_events=max_batch_events,
        )
        return Destination(self, group, stream, spec)

    def log(self, message, *, level=20, logger="", tenant=None, fields=None, destination=None, created=0.0):
        """Hands a record over; False when it was dropped (counted in ``counters()``)."""
        if tenant is None:
            from ._tenant import _current

            tenant = _current.get()
        handle = destination.token() if destination is not None else None
        return _cwlog.log(self.token(), handle, level, logger, message, float(created), tenant, fields)

    def flush(self, timeout=5.0):
        """Delivers what was logged so far (waiting up to ``timeout`` seconds, GIL
        released). Returns ``{"complete": bool, "pending": int}``; delivery
        problems since the last call are issued as WatchtowerWarning."""
        core = self._core
        if core is None or core.is_shut_down:
            return {"complete": True, "pending": 0}
        result = core.flush(_seconds(timeout, "timeout"))
        self.warn_diagnostics()
        return result

    def shutdown(self, deadline=None):
        """Stops accepting records and delivers what it can before ``deadline``
        seconds (default: ``shutdown_deadline``). Idempotent."""
        core = self._core
        if core is None:
            return {"complete": True, "undelivered": 0, "undelivered_bytes": 0}
        d = self._settings["shutdown_deadline"] if deadline is None else _seconds(deadline, "deadline")
        result = core.shutdown(d)
        self.warn_diagnostics()
        if result["undelivered"]:
            warnings.warn(f"cwlog: {result['undelivered']} records were not delivered", WatchtowerWarning)
        return result

    def counters(self):
        """What happened to the records: enqueued, routed, copies (one per
        destination a record goes to), delivered and rejected copies, dropped
        (by reason), ..., and per_destination: one dict per configured
        destination name with its copies, delivered, rejected, duplicated and
        dropped. Copies to destinations from open() are in the totals only.
        spool: the disk spool's figures (appended, settled, replayed, left after
        shutdown(), ...; all zero and enabled False without spool_dir)."""
        core = self._core
        return core.counters() if core is not None else self.core().counters()

    def warn_diagnostics(self):
        core = self._core
        if core is None:
            return
        for severity, message in core.diagnostics():
            if severity != "info":
                warnings.warn(f"cwlog: {message}", WatchtowerWarning, stacklevel=3)

    @property
    def is_shut_down(self):
        core = self._core
        return core is not None and core.is_shut_down


def shared_shipper(
    boto3_client=None, profile="", send_interval=2.0, config=None, max_in_flight_per_stream=4, spool_dir=None
):
    """The process's shipper for these settings: every handler and sink with
    the same AWS settings, interval and shipping options shares one (one set
    of threads and connections), so a handler per customer costs a table entry.
    A config file sets the shipping options itself: giving them too is an error."""
    if config is not None and (max_in_flight_per_stream != 4 or spool_dir is not None):
        raise InvalidSettingError(
            "max_in_flight_per_stream, spool_dir: a config file sets them itself (its shipping: section)"
        )
    if config is not None:
        key = ("config", os.path.abspath(os.fspath(config)))
    elif boto3_client is not None:
        creds = getattr(getattr(boto3_client, "_request_signer", None), "_credentials", None)
        meta = boto3_client.meta
        key = ("client", meta.region_name, meta.endpoint_url, id(creds) if creds is not None else id(boto3_client))
    else:
        key = ("env", profile or "")
    spool_dir = os.path.abspath(os.fspath(spool_dir)) if spool_dir is not None else None
    key = key + (send_interval, max_in_flight_per_stream, spool_dir)
    with _shared_lock:
        shipper = _shared.get(key)
        if shipper is None or shipper.is_shut_down:
            kwargs = dict(
                flush_interval=send_interval, max_in_flight_per_stream=max_in_flight_per_stream, spool_dir=spool_dir
            )
            if config is not None:
                shipper = Shipper(config)
            else:
                shipper = Shipper(boto3_client=boto3_client, profile=profile, **kwargs)
            _shared[key] = shipper
        return shipper


def _after_fork_in_child():
    global _shared_lock
    _shared_lock = threading.Lock()
    for shipper in list(_live):
        shipper._after_fork_in_child()


def _at_exit():
    # Runs before logging's own exit hook (atexit is last-in, first-out and
    # logging registered first): deliver, then stop the threads while the
    # interpreter can still serve a credentials callback.
    for shipper in list(_live):
        try:
            if shipper._pid == os.getpid():
                shipper.flush(shipper._settings["shutdown_deadline"])
                shipper.shutdown()
        except Exception as e:  # never fail the interpreter's exit
            warnings.warn(f"cwlog: delivery at exit failed: {e}", WatchtowerWarning)


class _ExitInMultiprocessingChild:
    """multiprocessing's children end with os._exit(), which skips atexit: its
    own exit hook runs the finalizers registered here (after it cleared the
    parent's), so a child delivers what it logged before it exits."""

    def __call__(self, _obj=None):
        import multiprocessing.util

        multiprocessing.util.Finalize(None, _at_exit, exitpriority=100)


_exit_in_child = _ExitInMultiprocessingChild()
os.register_at_fork(after_in_child=_after_fork_in_child)
atexit.register(_at_exit)
try:
    import multiprocessing.util as _mp_util

    _mp_util.register_after_fork(_exit_in_child, _exit_in_child)
except ImportError:  # pragma: no cover - multiprocessing is part of CPython
    pass

"""Where a handler's or sink's records go: one (group, stream template) on a
shared shipper. Fixed destinations are opened once per rendered stream name
and cached; a template that uses only per-process values resolves to one
destination, found without any formatting on the caller's path."""
import threading

from ._errors import InvalidSettingError
from ._names import _PER_RECORD, StreamName, clean_group_name


class Target:
    def __init__(self, shipper, group, stream_template, *, fmt, spec):
        if not isinstance(group, str) or not group:
            raise InvalidSettingError(f"log_group_name: {group!r} (allowed: a non-empty str)")
        self.shipper = shipper
        self.group = clean_group_name(group)
        self.stream = StreamName(stream_template)
        self._spec = dict(spec, format=fmt)
        self._lock = threading.Lock()
        self._core = None
        self._static = None  # the one destination token when the name never varies
        # (logger_name, thread_name) -> handle; just logger_name when that is
        # all the name depends on (the handler's C++ fast path reads this dict)
        self._by_key = {}
        self._logger_only = self.stream.fields & _PER_RECORD == {"logger_name"}
        self._by_name = {}  # rendered name -> handle
        # Validates the group options and a sample stream name now.
        self._open(self.stream.render("root", threading.current_thread().name, 0.0))

    def _open(self, stream_name):
        """The token (_cwlog.log's destination argument) of a fixed destination."""
        return self.shipper.open(self.group, stream_name, **self._spec).token()

    def _rebind(self, core):
        """A new core (first use, or a child after fork()): forget old handles."""
        with self._lock:
            self.stream.refresh_process()
            self._by_key = {}
            self._by_name = {}
            self._static = None if self.stream.per_record else self._open(self.stream.render("", "", 0.0))
            self._core = core

    def handle_for(self, core, logger_name, thread_name, created):
        """The destination token for a record (opens it on first use)."""
        if core is not self._core:
            self._rebind(core)
        if self._static is not None:
            return self._static
        if not self.stream.uses_time:
            key = logger_name if self._logger_only else (logger_name, thread_name)
            h = self._by_key.get(key)
            if h is None:
                h = self._by_key[key] = self._by_name_open(self.stream.render(logger_name, thread_name, created))
            return h
        return self._by_name_open(self.stream.render(logger_name, thread_name, created))

    def _by_name_open(self, name):
        h = self._by_name.get(name)
        if h is None:
            h = self._by_name[name] = self._open(name)
        return h

    def fast_route(self, core):
        """(static token, None) or (None, {logger name: token}) for the
        handler's C++ fast path on this core; None when the stream name
        depends on the thread or the time (the general path renders it)."""
        if core is not self._core:
            return None
        if self._static is not None:
            return (self._static, None)
        if self._logger_only:
            return (None, self._by_key)
        return None

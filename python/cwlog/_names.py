"""Stream and group names as watchtower builds them: ``str.format`` with
{machine_name}, {program_name}, {logger_name}, {process_id}, {thread_name} and
{strftime:FMT}, filled with raw values; only characters CloudWatch forbids are
replaced (with ``_``), and ':' is removed from the program name as watchtower
does. A template naming any other field is refused when the handler is made."""
import os
import platform
import re
import string
import sys
from datetime import datetime, timezone

from ._errors import InvalidSettingError

_FIELDS = frozenset({"machine_name", "program_name", "logger_name", "process_id", "thread_name", "strftime"})
_PER_RECORD = frozenset({"logger_name", "thread_name", "strftime"})
_GROUP_FORBIDDEN = re.compile(r"[^A-Za-z0-9._/#-]")
_STREAM_FORBIDDEN = re.compile(r"[:*]")


def clean_group_name(name):
    return _GROUP_FORBIDDEN.sub("_", name)


def clean_stream_name(name):
    return _STREAM_FORBIDDEN.sub("_", name)


class StreamName:
    """A compiled ``log_stream_name`` template."""

    def __init__(self, template):
        if not isinstance(template, str) or not template:
            raise InvalidSettingError(f"log_stream_name: {template!r} (allowed: a non-empty str)")
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        except ValueError as e:
            raise InvalidSettingError(f"log_stream_name {template!r}: {e}") from None
        unknown = sorted(f for f in fields if f not in _FIELDS)
        if unknown:
            raise InvalidSettingError(
                f"log_stream_name {template!r}: unknown placeholder {{{unknown[0]}}} "
                f"(allowed: {', '.join('{' + f + '}' for f in sorted(_FIELDS))})"
            )
        self.template = template
        self.fields = fields
        self.per_record = bool(fields & _PER_RECORD)
        self.uses_time = "strftime" in fields
        self._process = {}
        self.refresh_process()
        # A render now catches format-spec errors ({process_id:q}) at construction.
        self.render("root", "MainThread", 0.0)

    def refresh_process(self):
        """The per-process values (again after fork(): the pid changed)."""
        self._process = {
            "machine_name": platform.node(),
            "program_name": sys.argv[0].replace(":", "") if sys.argv and sys.argv[0] else "python",
            "process_id": os.getpid(),
        }

    def render(self, logger_name, thread_name, created):
        try:
            name = self.template.format(
                logger_name=logger_name,
                thread_name=thread_name,
                strftime=datetime.fromtimestamp(created, timezone.utc),
                **self._process,
            )
        except (ValueError, TypeError, KeyError) as e:
            raise InvalidSettingError(f"log_stream_name {self.template!r}: {e}") from None
        return clean_stream_name(name)

    def key(self, logger_name, thread_name):
        """What the rendered name depends on, when it does not use the time."""
        return (logger_name, thread_name)

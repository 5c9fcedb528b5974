"""CloudWatchLogFormatter: watchtower's formatter, same options and output."""
import json
import logging
from collections.abc import Mapping
from datetime import date, datetime

from ._cwlog import drop_emit_states


def _json_serialize_default(o):
    """Dates as ISO 8601, anything else as its repr(), as watchtower does."""
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    return repr(o)


class CloudWatchLogFormatter(logging.Formatter):
    """A dict message becomes its JSON text (CloudWatch indexes JSON events);
    with ``add_log_record_attrs`` the named LogRecord attributes are added to
    it, a plain message then going under ``"msg"``. Anything else is formatted
    as ``logging.Formatter`` does.
    """

    def __init__(self, *args, json_serialize_default=None, add_log_record_attrs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.json_serialize_default = json_serialize_default or _json_serialize_default
        self._add_log_record_attrs = () if add_log_record_attrs is None else add_log_record_attrs

    # The handlers' C++ fast path applies only without attributes to add, a
    # decision each makes once: setting them later makes every handler decide again.
    @property
    def add_log_record_attrs(self):
        return self._add_log_record_attrs

    @add_log_record_attrs.setter
    def add_log_record_attrs(self, names):
        self._add_log_record_attrs = names
        drop_emit_states()

    def format(self, record):
        if self.add_log_record_attrs:
            body = dict(record.msg) if isinstance(record.msg, Mapping) else {"msg": record.getMessage()}
            for name in self.add_log_record_attrs:
                if name != "msg":
                    body[name] = getattr(record, name, None)
            return json.dumps(body, default=self.json_serialize_default)
        if isinstance(record.msg, Mapping):
            return json.dumps(record.msg, default=self.json_serialize_default)
        return super().format(record)

"""The exception and warning classes, named as watchtower names them."""


class WatchtowerWarning(UserWarning):
    """A delivery problem reported by cwlog (a dropped record, a failed request...).

    cwlog's background threads never raise into the application: what they
    report is collected and issued as this warning by ``flush()``, ``close()``
    and at interpreter exit.
    """


class WatchtowerError(Exception):
    """Misuse of the handler's arguments (e.g. both ``log_group`` and ``log_group_name``)."""


class InvalidSettingError(WatchtowerError, ValueError):
    """A setting CloudWatch or cwlog would refuse: raised when the handler,
    sink or shipper is made, never when a record is logged. For a config file
    the message lists every problem as ``file:line:col: message (allowed: ...)``.
    """


CloudWatchLogWarning = WatchtowerWarning
CloudWatchLogError = WatchtowerError

"""The current tenant: a context variable, so it follows the thread, the
asyncio task and the tasks that task creates (they copy the context). A new
``threading.Thread`` starts with an empty context: set the tenant inside it, or
pass ``extra={"tenant": ...}``."""
import contextvars

_current = contextvars.ContextVar("cwlog_tenant", default=None)


class tenant:
    """``with cwlog.tenant("acme"): ...`` -- records logged inside belong to tenant
    ``acme`` unless they name another one (``extra={"tenant": ...}`` or a
    loguru ``bind(tenant=...)``). Scopes nest; leaving one restores the outer tenant.
    """

    __slots__ = ("id", "_token")

    def __init__(self, tenant_id):
        if not isinstance(tenant_id, str):
            raise TypeError(f"tenant id must be a str, not {type(tenant_id).__name__}")
        self.id = tenant_id
        self._token = None

    def __enter__(self):
        self._token = _current.set(self.id)
        return self

    def __exit__(self, *exc):
        _current.reset(self._token)
        return False


def current_tenant():
    """The tenant set by the innermost active ``with cwlog.tenant(...)``, or None."""
    return _current.get()

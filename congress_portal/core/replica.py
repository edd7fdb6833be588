"""A read replica for the heavy read-only pages (the leaders' dashboard, the ledgers, the performance
table): with DATABASE_REPLICA_URL set, what those views read comes from the "replica" connection, so
their scans do not compete with the workflow's writes on the primary. Everything else, and every write,
stays on the primary. A replica lags its primary by a moment; the pages it serves are figures and
exports, never a form that must show what was just saved."""

import contextvars
import functools

from django.db import connections

REPLICA = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in connections.settings:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        # Explicit: otherwise Django writes an instance back to the database it was read from.
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both connections

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows its primary; never migrated itself


def replica_reads(view):
    """The view's reads go to the replica when one is configured (its writes stay on the primary)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _reading.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reading.reset(token)

    return wrapper

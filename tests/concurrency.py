"""Races on the real PostgreSQL: functions started at the same instant, each on its own connection."""

import threading

import pytest
from django.db import connection, connections


def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL (row locks); run by .ci/run")


def run_concurrently(fns):
    """Run each of `fns` in its own thread, released together by a barrier; [("ok", result) or
    ("error", exception)] in the order given."""
    barrier = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except Exception as exc:  # noqa: BLE001 - the result is inspected by the test
            results[i] = ("error", exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results

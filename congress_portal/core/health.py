"""/healthz: the state of the database, the broker and the workers, as JSON.

A worker that does not answer is reported with status 503, never hidden.
"""

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

# Other apps add checks (the outbox backlog, say): fn() -> (name, ok, detail).
EXTRA_CHECKS = []


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, {"vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return False, {"error": str(exc)[:200]}


def _check_broker_and_workers():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return (True, {"mode": "in-process"}), (True, {"mode": "in-process", "count": 0})
    from congress_portal.celery import app

    conn = app.connection_for_write(url=settings.CELERY_BROKER_URL)
    try:
        conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        conn.release()
        return (False, {"error": str(exc)[:200]}), (False, {"error": "broker unreachable", "count": 0})
    broker = (True, {"transport": conn.transport_cls})
    try:
        replies = app.control.ping(timeout=1.0, connection=conn) or []
    except Exception as exc:  # noqa: BLE001
        return broker, (False, {"error": str(exc)[:200], "count": 0})
    finally:
        conn.release()
    names = sorted(name for reply in replies for name in reply)
    if not names:
        return broker, (False, {"error": "no worker answered", "count": 0})
    return broker, (True, {"count": len(names), "names": names})


@never_cache
def healthz(request):
    started = time.monotonic()
    db_ok, db_detail = _check_database()
    (broker_ok, broker_detail), (workers_ok, workers_detail) = _check_broker_and_workers()
    checks = {
        "database": {"ok": db_ok, **db_detail},
        "broker": {"ok": broker_ok, **broker_detail},
        "workers": {"ok": workers_ok, **workers_detail},
    }
    for check in EXTRA_CHECKS:
        name, ok, detail = check()
        checks[name] = {"ok": ok, **detail}
    healthy = all(item["ok"] for item in checks.values())
    body = {"status": "ok" if healthy else "fail", "checks": checks,
            "took_ms": round((time.monotonic() - started) * 1000, 1)}
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})

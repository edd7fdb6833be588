"""/healthz: is the portal able to serve and to deliver? 200 when it is, 503 when anything fails.

Anonymous callers (load balancers, anyone) get the status code and one word, "ok" or "fail": the
database vendor, the broker, the workers' names and exception texts are not for the internet.
Committee staff signed in, and monitoring that sends the HEALTHZ_TOKEN from the environment
(`Authorization: Bearer <token>` or `X-Healthz-Token: <token>`), get every check as JSON.

It is cheap: one `SELECT 1`, one Redis round trip (PING and the workers' heartbeats, written by the
workers themselves: core/heartbeat.py), one query for the periodic tasks, the apps' extra checks
(the outbox: two queries). No worker is pinged and every network wait is short.
"""

import hmac
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from congress_portal.accounts.permissions import is_staff_member

from . import heartbeat, schedule

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
    if not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
        return (False, {"error": "only a Redis broker is checked"}), (False, {"error": "unknown", "count": 0})
    import redis

    max_age = settings.HEALTHZ_WORKER_MAX_AGE
    try:
        names = heartbeat.ping_and_alive(max_age, conn=heartbeat.client())
    except redis.RedisError as exc:
        return (False, {"error": str(exc)[:200]}), (False, {"error": "broker unreachable", "count": 0})
    broker = (True, {"transport": "redis"})
    if not names:
        return broker, (False, {"error": f"no worker heartbeat within {max_age:g} s", "count": 0})
    workers = [heartbeat.parse(name) for name in names]
    served = set().union(*(queues for _host, queues in workers if queues is not None))
    everything = any(queues is None for _host, queues in workers)
    # With a worker per queue, one queue can lose its worker while the others' live on.
    missing = [] if everything else sorted({q.name for q in settings.CELERY_TASK_QUEUES} - served)
    detail = {"count": len(workers), "names": sorted(host for host, _queues in workers)}
    if missing:
        return broker, (False, {**detail, "error": "queues without a worker: " + ", ".join(missing),
                                "queues_without_worker": missing})
    return broker, (True, detail)


def _check_schedule(now=None):
    """Every registered periodic task is there, switched on, and has run within its schedule.

    A task's last run is django-celery-beat's last_run_at (or, before its first run, when the row
    last changed, as beat itself counts), written as beat sends it (CELERY_BEAT_SYNC_EVERY = 1); the
    grace allows for a beat being restarted. In-process mode has no beat: only the rows are checked.
    """
    from django_celery_beat.models import PeriodicTask

    now = now or timezone.now()
    wanted = {job.name: job for job in schedule.jobs()}
    rows = {task.name: task for task in PeriodicTask.objects.filter(name__in=wanted).select_related(
        "interval", "crontab", "solar", "clocked")}
    grace = timedelta(seconds=settings.HEALTHZ_BEAT_GRACE_SECONDS)
    problems = {}
    for name in sorted(wanted):
        row = rows.get(name)
        if row is None:
            problems[name] = "missing"
        elif not row.enabled:
            problems[name] = "disabled"
        elif not settings.CELERY_TASK_ALWAYS_EAGER:
            last = row.last_run_at or row.date_changed
            # remaining_estimate: time from now until the first run due after `last` (negative: overdue).
            overdue = -row.schedule.remaining_estimate(last.astimezone(row.schedule.tz))
            if overdue > grace:
                problems[name] = f"not run for {int(overdue.total_seconds())} s past its time"
    detail = {"tasks": len(wanted)}
    if problems:
        detail["problems"] = problems
    if settings.CELERY_TASK_ALWAYS_EAGER:
        detail["mode"] = "in-process"
    return not problems, detail


def _checks():
    db_ok, db_detail = _check_database()
    (broker_ok, broker_detail), (workers_ok, workers_detail) = _check_broker_and_workers()
    checks = {
        "database": {"ok": db_ok, **db_detail},
        "broker": {"ok": broker_ok, **broker_detail},
        "workers": {"ok": workers_ok, **workers_detail},
    }
    if db_ok:
        try:
            ok, detail = _check_schedule()
        except Exception as exc:  # noqa: BLE001
            ok, detail = False, {"error": str(exc)[:200]}
        checks["schedule"] = {"ok": ok, **detail}
    for check in EXTRA_CHECKS:
        name, ok, detail = check()
        checks[name] = {"ok": ok, **detail}
    return checks


def _token_matches(request):
    token = settings.HEALTHZ_TOKEN
    if not token:
        return False
    given = request.headers.get("X-Healthz-Token", "")
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        given = authorization[len("Bearer "):]
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


def may_see_details(request):
    if _token_matches(request):
        return True
    try:
        return is_staff_member(request.user)
    except Exception:  # noqa: BLE001 - the session is in the database, which may be the thing that is down
        return False


@never_cache
def healthz(request):
    started = time.monotonic()
    checks = _checks()
    healthy = all(item["ok"] for item in checks.values())
    status = 200 if healthy else 503
    word = "ok" if healthy else "fail"
    if not may_see_details(request):
        return HttpResponse(word, status=status, content_type="text/plain; charset=utf-8")
    body = {"status": word, "checks": checks, "took_ms": round((time.monotonic() - started) * 1000, 1)}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


LIVEZ_PATH = "/livez"


def livez(request):
    """/livez: the process is up and answers. No database, no Redis, no session: a load balancer's
    liveness probe must not take a web server out of service (or restart it) because a shared backend
    is down; that is /healthz's question, asked by monitoring."""
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class LivezMiddleware:
    """Answers /livez before the middleware that could touch a backend or refuse the probe: the session
    (Redis or the database), the host check (a probe sends the server's address as Host) and the HTTPS
    redirect (a probe speaks plain HTTP to gunicorn). Placed right after the request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == LIVEZ_PATH and request.method in ("GET", "HEAD"):
            return livez(request)
        return self.get_response(request)

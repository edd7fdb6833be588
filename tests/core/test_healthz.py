import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from congress_portal.core import health, heartbeat, schedule

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "monitoring-7f3a9c1e5b"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _details(client, **headers):
    response = client.get("/healthz", headers=headers or {"Authorization": f"Bearer {TOKEN}"})
    assert response["Content-Type"] == "application/json", response.content
    return response, response.json()


@pytest.fixture(autouse=True)
def _token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


# --- who sees what (issue 12.8) -------------------------------------------------------------------

@pytest.mark.django_db
def test_anonymous_gets_the_status_and_one_word(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_anonymous_failure_tells_nothing_of_the_cause(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"fail"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["deputy", "unit_officer", "leader"])
def test_other_roles_signed_in_get_one_word(client, cast, role, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(cast[role])
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_staff_signed_in_get_every_check(client, cast, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(cast["staff"])
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True and body["checks"]["database"]["vendor"]
    assert body["checks"]["workers"]["mode"] == "in-process"
    assert body["checks"]["schedule"] == {"ok": True, "tasks": len(schedule.jobs()), "mode": "in-process"}


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{"Authorization": f"Bearer {TOKEN}"}, {"X-Healthz-Token": TOKEN}])
def test_the_monitoring_token_gets_every_check(client, settings, headers):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response, body = _details(client, **headers)
    assert response.status_code == 200 and set(body["checks"]) >= {"database", "broker", "workers", "schedule",
                                                                   "outbox"}


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{"Authorization": "Bearer wrong"}, {"X-Healthz-Token": ""},
                                     {"Authorization": TOKEN}])
def test_a_wrong_token_gets_one_word(client, settings, headers):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert client.get("/healthz", headers=headers).content == b"ok"


@pytest.mark.django_db
def test_no_token_configured_means_no_token_accepted(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTHZ_TOKEN = ""
    assert client.get("/healthz", headers={"Authorization": "Bearer "}).content == b"ok"
    assert client.get("/healthz", headers={"X-Healthz-Token": ""}).content == b"ok"


@pytest.mark.django_db
def test_healthz_queries_are_pinned(client, settings, django_assert_num_queries):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # SELECT 1, the periodic tasks, the outbox's oldest row and backlog, the failed deliveries.
    with django_assert_num_queries(5):
        response = client.get("/healthz", headers={"X-Healthz-Token": TOKEN})
    assert response.status_code == 200


# --- the periodic tasks (issue 19.4) --------------------------------------------------------------

@pytest.mark.django_db
def test_a_missing_or_disabled_periodic_task_fails(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    PeriodicTask.objects.filter(name="notifications: outbox relay").delete()
    PeriodicTask.objects.filter(name="notifications: reminder sweep").update(enabled=False)
    response, body = _details(client)
    assert response.status_code == 503
    assert body["checks"]["schedule"]["problems"] == {"notifications: outbox relay": "missing",
                                                      "notifications: reminder sweep": "disabled"}
    assert client.get("/healthz").content == b"fail"


def _run_at(name, when):
    PeriodicTask.objects.filter(name=name).update(last_run_at=when)


@pytest.mark.django_db
def test_a_periodic_task_that_has_not_run_in_its_interval_fails(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a beat is expected to run them
    now = timezone.now()
    for job in schedule.jobs():
        _run_at(job.name, now - datetime.timedelta(seconds=30))
    assert health._check_schedule(now) == (True, {"tasks": len(schedule.jobs())})
    # The relay runs every minute: 10 minutes without a run is past the 5 minutes' grace.
    _run_at("notifications: outbox relay", now - datetime.timedelta(minutes=10))
    ok, detail = health._check_schedule(now)
    assert not ok and list(detail["problems"]) == ["notifications: outbox relay"]
    assert detail["problems"]["notifications: outbox relay"].startswith("not run for 5")
    _run_at("notifications: outbox relay", now - datetime.timedelta(minutes=4))
    assert health._check_schedule(now)[0] is True


@pytest.mark.django_db
def test_the_reminder_sweep_is_judged_by_its_crontab(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    morning = datetime.datetime(2026, 12, 2, 7, 33, tzinfo=SHANGHAI)
    for job in schedule.jobs():
        _run_at(job.name, morning - datetime.timedelta(seconds=20))
    # Last run the evening before at 17:30: at 7:33 the 7:30 run is 3 minutes late, within the grace ...
    _run_at("notifications: reminder sweep", datetime.datetime(2026, 12, 1, 17, 30, 5, tzinfo=SHANGHAI))
    import time_machine

    with time_machine.travel(morning, tick=False):
        assert health._check_schedule(timezone.now())[0] is True
    # ... at 8:00 it is 30 minutes late.
    with time_machine.travel(morning.replace(hour=8, minute=0), tick=False):
        ok, detail = health._check_schedule(timezone.now())
    assert not ok and set(detail["problems"]) >= {"notifications: reminder sweep"}


@pytest.mark.django_db
def test_migrate_restores_a_deleted_periodic_task_and_keeps_edited_times():
    PeriodicTask.objects.filter(name="notifications: outbox relay").delete()
    edited = CrontabSchedule.objects.create(minute="0", hour="9", timezone="Asia/Shanghai")
    PeriodicTask.objects.filter(name="notifications: reminder sweep").update(crontab=edited)
    call_command("migrate", verbosity=0)
    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert names >= {job.name for job in schedule.jobs()}
    assert PeriodicTask.objects.get(name="notifications: reminder sweep").crontab == edited
    assert PeriodicTask.objects.get(name="notifications: outbox relay").interval.every == 1


@pytest.mark.django_db(transaction=True)
def test_flush_restores_the_schedule():
    call_command("flush", interactive=False, verbosity=0)
    tasks = dict(PeriodicTask.objects.values_list("name", "task"))
    assert {name: tasks.get(name) for name in (job.name for job in schedule.jobs())} == {
        job.name: job.task for job in schedule.jobs()}


# --- the broker and the workers (issue 19.5), with the real Redis ------------------------------

def _require_redis():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (run by .ci/run against the real Redis)")


@pytest.mark.django_db
def test_healthz_reports_missing_worker_without_pinging(client, settings, monkeypatch):
    _require_redis()
    from congress_portal.celery import app

    def no_ping(*args, **kwargs):
        raise AssertionError("/healthz must not ping the workers")

    monkeypatch.setattr(app.control, "ping", no_ping)
    heartbeat.client().delete(heartbeat.KEY)
    response, body = _details(client)
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["workers"] == {"ok": False, "error": "no worker heartbeat within 60 s", "count": 0}


@pytest.mark.django_db
def test_healthz_reads_the_heartbeats(client, settings):
    _require_redis()
    conn = heartbeat.client()
    conn.delete(heartbeat.KEY)
    heartbeat.beat("stale@host", now=time.time() - 120)
    assert _details(client)[1]["checks"]["workers"]["ok"] is False
    heartbeat.beat("w1@host")
    workers = _details(client)[1]["checks"]["workers"]
    assert workers == {"ok": True, "count": 1, "names": ["w1@host"]}
    heartbeat.forget("w1@host")
    assert _details(client)[1]["checks"]["workers"]["ok"] is False
    conn.delete(heartbeat.KEY)


@pytest.mark.django_db
def test_healthz_sees_a_real_worker(client, settings):
    _require_redis()
    heartbeat.client().delete(heartbeat.KEY)
    env = dict(os.environ)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-n", "healthz@%h",
         "-l", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = None
        for _ in range(60):
            body = _details(client)[1]
            if body["checks"]["workers"]["ok"]:
                break
            time.sleep(0.5)
        assert body["checks"]["workers"]["ok"], json.dumps(body)
        assert body["checks"]["workers"]["names"][0].startswith("healthz@")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    # A worker that stops cleanly takes itself off the list.
    assert _details(client)[1]["checks"]["workers"]["ok"] is False


@pytest.mark.django_db
def test_healthz_reports_unreachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response, body = _details(client)
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["workers"]["ok"] is False


@pytest.mark.django_db
def test_healthz_fails_when_a_queue_has_no_live_worker(client, settings):
    """Issue 19.7: with a worker per queue, the default queue's worker may die while the sweep's lives."""
    _require_redis()
    conn = heartbeat.client()
    conn.delete(heartbeat.KEY)
    heartbeat.beat(heartbeat.member("sweep@host", ["sweep"]))
    heartbeat.beat(heartbeat.member("documents@host", ["documents"]))
    heartbeat.beat(heartbeat.member("default@host", ["default"]), now=time.time() - 120)  # silent 2 minutes
    response, body = _details(client)
    assert response.status_code == 503
    assert body["checks"]["workers"] == {"ok": False, "count": 2, "names": ["documents@host", "sweep@host"],
                                         "error": "queues without a worker: default",
                                         "queues_without_worker": ["default"]}
    heartbeat.beat(heartbeat.member("default@host", ["default"]))
    assert _details(client)[1]["checks"]["workers"] == {"ok": True, "count": 3,
                                                         "names": ["default@host", "documents@host", "sweep@host"]}
    heartbeat.forget(heartbeat.member("default@host", ["default"]))
    heartbeat.beat("all@host")  # a worker started without -Q consumes every queue
    assert _details(client)[1]["checks"]["workers"]["ok"] is True
    conn.delete(heartbeat.KEY)

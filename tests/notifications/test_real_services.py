"""Exactly once against the real PostgreSQL and Redis: concurrent sweeps, a killed sweep, a broker outage."""

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections

from congress_portal.notifications import services
from congress_portal.notifications.models import Delivery, Notification, OutboxEvent, Preference
from proposals.models import Status
from tests import factories

from .conftest import make_suggestion, require_services

ROOT = Path(__file__).resolve().parents[2]
D = datetime.date
DUE = D(2026, 11, 30)

pytestmark = [pytest.mark.real_clock, pytest.mark.django_db(transaction=True)]


def _env_for_subprocess(**extra):
    """The environment of a child process that uses the test database and the test Redis."""
    env = dict(os.environ)
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env.update(extra)
    return env


def _officers(n, unit):
    return [factories.UnitOfficerFactory(username=f"officer{i}", unit=unit, email=f"o{i}@example.cn",
                                         mobile=f"1380000{i:04d}") for i in range(n)]


def test_two_concurrent_sweeps_send_each_reminder_once(cast, unit, mailoutbox):
    require_services()
    officers = _officers(3, unit)
    for _ in range(20):
        make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=DUE, units=[unit])
    barrier = threading.Barrier(3)
    errors = []

    def run():
        try:
            barrier.wait()
            services.sweep(D(2026, 11, 23))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    expected = 20 * (len(officers) + 1)  # the fixture's officer too
    assert Notification.objects.count() == expected
    assert Delivery.objects.filter(channel="email", status="sent").count() == 20 * 3
    assert len(mailoutbox) == 20 * 3
    assert len({(m.to[0], m.subject) for m in mailoutbox}) == 20 * 3


def test_a_sweep_killed_mid_way_loses_nothing_and_duplicates_nothing(cast, unit, tmp_path):
    require_services()
    officers = _officers(2, unit)
    for officer in officers:
        Preference.objects.create(user=officer, email="off", sms="immediate")
    for _ in range(4):
        make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=DUE, units=[unit])
    sms_file = tmp_path / "sms.txt"
    env = _env_for_subprocess(NOTIFICATIONS_SMS_BACKEND="tests.notifications.slow_sms.FileBackend",
                              TEST_SMS_FILE=str(sms_file), TEST_SMS_HANG_AT="3",
                              NOTIFICATIONS_SEND_BATCH="3")
    command = [sys.executable, "manage.py", "send_reminders", "--at", "2026-11-23"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        for _ in range(200):
            if sms_file.exists() and len(sms_file.read_text().splitlines()) >= 3:
                break
            time.sleep(0.1)
        assert len(sms_file.read_text().splitlines()) == 3
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker dies: no clean-up, no rollback handler
        proc.wait(30)
    # The batch in hand when the process died (three texts: two left, the third maybe) stays "sending".
    assert Delivery.objects.filter(channel="sms", status="sending").count() == 3
    env.pop("TEST_SMS_HANG_AT")
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    lines = sms_file.read_text().splitlines()
    assert len(lines) == 8 and len(set(lines)) == 8  # 4 suggestions x 2 officers, each exactly once
    assert Notification.objects.count() == 4 * 3
    assert Delivery.objects.filter(channel="sms", status="sent").count() == 5
    # The batch claimed when the process died stays visible (never resent blindly), then shows as failed.
    stuck = list(Delivery.objects.filter(channel="sms", status="sending"))
    assert len(stuck) == 3
    Delivery.objects.filter(pk__in=[d.pk for d in stuck]).update(
        claimed_at=stuck[0].claimed_at - datetime.timedelta(hours=1))
    services.deliver_pending()
    assert set(Delivery.objects.filter(pk__in=[d.pk for d in stuck]).values_list("status", flat=True)) == {"failed"}
    assert len(sms_file.read_text().splitlines()) == 8


@contextmanager
def broker(url):
    """Point the Celery app at another broker (its connection pools are rebuilt)."""
    from django.conf import settings

    from congress_portal.celery import app

    def reset():
        # Not closed: kombu keeps a producer pool per broker URL that must stay usable.
        app._pool = None
        app.amqp._producer_pool = None

    old = settings.CELERY_BROKER_URL
    reset()
    settings.CELERY_BROKER_URL = url
    try:
        yield app
    finally:
        reset()
        settings.CELERY_BROKER_URL = old


def test_with_the_broker_down_moves_succeed_and_notifications_arrive_once_later(cast, unit, settings):
    require_services()
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], status=Status.DRAFT)
    started = time.monotonic()
    from proposals import services as moves

    staff = cast["staff"]
    with broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        moves.suggestion_submit(suggestion=s, actor=cast["deputy"])
        moves.suggestion_register(suggestion=s, actor=staff, lawful=True, single_matter=True, feasible=True)
        moves.suggestion_assign(suggestion=s, actor=staff, lead_unit=unit, co_units=[], separate_units=[])
    assert time.monotonic() - started < 10  # the requests did not hang
    s.refresh_from_db()
    assert s.status == Status.ASSIGNED  # every move committed
    assert OutboxEvent.objects.filter(relayed_at__isnull=True).count() == 3
    assert Notification.objects.count() == 0

    # The broker is back: the periodic relay (as beat sends it, twice for good measure) and a real worker.
    from congress_portal.celery import app

    app.send_task("notifications.relay_outbox")
    app.send_task("notifications.relay_outbox")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-n",
         "outbox@%h", "-l", "warning"], cwd=ROOT, env=_env_for_subprocess(), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            if not OutboxEvent.objects.filter(relayed_at__isnull=True).exists() and Notification.objects.count() >= 4:
                break
            time.sleep(0.25)
        time.sleep(1.0)  # let the second relay run too
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    got = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert got == [("deputy", "assigned"), ("deputy", "registered"), ("staff", "submitted"), ("unit", "assigned")]


def test_a_killed_workers_sweep_is_taken_up_by_another_worker_after_the_visibility_timeout(cast, unit, tmp_path):
    """Issue 19.2: the task of a worker killed mid-sweep (never acknowledged) goes to another worker after
    the broker's visibility timeout (300 s in service, 2 s here), which sends the rest, each once (what the
dead worker had claimed, its batch of three here, is left for staff)."""
    require_services()
    import shutil

    from tests.private_services import private_redis_server

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    officers = _officers(2, unit)
    for officer in officers:
        Preference.objects.create(user=officer, email="off", sms="immediate")
    for _ in range(4):
        make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=DUE, units=[unit])
    sms_file = tmp_path / "sms.txt"
    with private_redis_server(tmp_path) as (_process, redis_url):
        env = _env_for_subprocess(REDIS_URL=redis_url, CELERY_VISIBILITY_TIMEOUT="2", TEST_SMS_FILE=str(sms_file),
                                  NOTIFICATIONS_SMS_BACKEND="tests.notifications.slow_sms.FileBackend",
                                  NOTIFICATIONS_SEND_BATCH="3")
        worker = [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-l", "warning"]
        first = subprocess.Popen([*worker, "-n", "first@%h"], cwd=ROOT, env={**env, "TEST_SMS_HANG_AT": "3"},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        second = None
        try:
            with broker(redis_url) as app:
                app.send_task("notifications.sweep_reminders", kwargs={"at": "2026-11-23"})
            for _ in range(600):
                if sms_file.exists() and len(sms_file.read_text().splitlines()) >= 3:
                    break
                time.sleep(0.1)
            assert len(sms_file.read_text().splitlines()) == 3
            os.killpg(first.pid, signal.SIGKILL)  # no warm shutdown: the message stays unacknowledged
            first.wait(30)
            second = subprocess.Popen([*worker, "-n", "second@%h"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
            for _ in range(600):
                if len(sms_file.read_text().splitlines()) >= 8:
                    break
                time.sleep(0.1)
            time.sleep(1)
        finally:
            for proc in (first, second):
                if proc is not None and proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(30)
    lines = sms_file.read_text().splitlines()
    assert len(lines) == 8 and len(set(lines)) == 8
    assert Delivery.objects.filter(channel="sms", status="sent").count() == 5
    # The batch in hand when the worker was cut off (two sent, the third maybe): for staff.
    assert Delivery.objects.filter(channel="sms", status="sending").count() == 3
    assert Notification.objects.count() == 4 * 3


def test_the_sweep_and_documents_have_queues_of_their_own(tmp_path):
    """Issue 19.7: the reminder sweep and the daily digests go to the "sweep" queue, immediate
    notifications to "default": a worker per queue (celery worker -Q sweep) keeps one from delaying the other."""
    import shutil

    import redis

    from tests.private_services import private_redis_server

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with private_redis_server(tmp_path) as (_process, url):
        with broker(url) as app:
            app.send_task("notifications.sweep_reminders")
            app.send_task("notifications.send_digests")
            app.send_task("notifications.relay_outbox_event", (1,))
            app.send_task("notifications.relay_outbox")
            assert {q.name for q in app.amqp.queues.consume_from.values()} == {"default", "documents", "sweep"}
        queued = redis.Redis.from_url(url)
        assert (queued.llen("sweep"), queued.llen("default"), queued.llen("celery")) == (2, 2, 0)

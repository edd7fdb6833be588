"""Immediate notifications go through the outbox: written with the change, relayed after commit."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from congress_portal.notifications import selectors, services
from congress_portal.notifications.models import Delivery, Notification, OutboxEvent

from .conftest import make_suggestion


@pytest.mark.django_db
def test_notify_in_process_delivers_after_commit(cast, unit, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # no REDIS_URL: the relay runs in-process after commit
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=datetime.date(2027, 1, 1),
                        units=[unit])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            row = services.notify("assigned", subject=s,
                                  recipients=[cast["unit_officer"], None, cast["unit_officer"].pk])
        assert Notification.objects.count() == 0  # nothing leaves before the change commits
    assert len(callbacks) == 2  # the relay, and from it the refresh of the bell counts
    row.refresh_from_db()
    assert row.relayed_at is not None and row.recipients == [cast["unit_officer"].pk]
    notification = Notification.objects.get()
    assert notification.recipient == cast["unit_officer"]
    assert notification.text == f"有建议交办给您的单位：{s.number} 关于老旧小区加装电梯的建议"


@pytest.mark.django_db
def test_rolled_back_change_announces_nothing(cast, unit, django_capture_on_commit_callbacks):
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.notify("returned", subject=s, recipients=[cast["deputy"]])
                raise RuntimeError("the move failed")
    assert callbacks == []
    assert OutboxEvent.objects.count() == 0 and Notification.objects.count() == 0


@pytest.mark.django_db
def test_unknown_event_is_refused(cast, unit):
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    with pytest.raises(ValueError):
        services.notify("nonsense", subject=s, recipients=[cast["deputy"]])


@pytest.mark.django_db
def test_relaying_twice_delivers_once(cast, unit, mailoutbox):
    cast["deputy"].email = "deputy@example.cn"
    cast["deputy"].save()
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    row = OutboxEvent.objects.create(event="replied", content_type_id=services.ContentType.objects.get_for_model(s).pk,
                                     object_id=s.pk, recipients=[cast["deputy"].pk], context={"subject": "X"})
    assert services.relay_event(row.pk) == 1
    assert services.relay_event(row.pk) == 0
    assert services.relay_waiting() == 0
    services.deliver_pending()
    services.deliver_pending()
    assert Notification.objects.count() == 1
    assert Delivery.objects.filter(channel="email", status="sent").count() == 1
    assert len(mailoutbox) == 1 and "收到答复" in mailoutbox[0].subject


@pytest.mark.django_db
def test_healthz_reports_the_outbox_backlog(client, cast, unit):
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    client.force_login(cast["staff"])  # the details are for staff and monitoring (issue 12.8)
    body = client.get("/healthz").json()
    assert body["checks"]["outbox"] == {"ok": True, "backlog": 0, "oldest_age_seconds": None,
                                        "failed_deliveries": 0}
    row = OutboxEvent.objects.create(event="urged", content_type_id=services.ContentType.objects.get_for_model(s).pk,
                                     object_id=s.pk, recipients=[cast["unit_officer"].pk])
    OutboxEvent.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get("/healthz")
    outbox = response.json()["checks"]["outbox"]
    assert response.status_code == 503
    assert outbox["ok"] is False and outbox["backlog"] == 1 and outbox["oldest_age_seconds"] >= 3600
    assert selectors.outbox_backlog()[0] == 1


@pytest.mark.django_db
def test_beat_schedule_is_in_the_database():
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.filter(name__startswith="notifications:").values_list("name", "task"))
    assert tasks == {
        "notifications: reminder sweep": "notifications.sweep_reminders",
        "notifications: daily digest": "notifications.send_digests",
        "notifications: outbox relay": "notifications.relay_outbox",
        "notifications: retry deliveries": "notifications.deliver_pending",
    }
    sweep = PeriodicTask.objects.select_related("crontab").get(name="notifications: reminder sweep")
    assert sweep.crontab.hour == "7,12,17"

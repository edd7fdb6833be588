"""Issue 19.9 and 19.2: the reminder sweep's first run of a day reads and writes in batches (its queries
grow with kinds and batches, not with deliveries: e-mails and texts are claimed and recorded a batch at a
time), and a run that dies leaves at most one batch (NOTIFICATIONS_SEND_BATCH) whose fate is unknown, shown
to staff as interrupted and never resent blindly; what it had not claimed goes out with the next run."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_portal.notifications import services
from congress_portal.notifications.models import Delivery, Notification, Preference

from .conftest import make_suggestion

D = datetime.date
DUE = D(2026, 11, 30)
AT = D(2026, 11, 23)  # the 7-days-before reminder of DUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(cast, chair_user, ordinary_leader):
    cast["unit_officer"].email = "unit@example.cn"
    cast["unit_officer"].mobile = "13900001111"
    cast["unit_officer"].save()
    Preference.objects.create(user=cast["unit_officer"], email="immediate", sms="immediate")
    return cast


def _sweep_queries(at):
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        result = services.sweep(at)
    return len(ctx.captured_queries), result


def test_the_first_sweep_claims_and_records_messages_a_batch_at_a_time(people, unit, mailoutbox, settings):
    settings.NOTIFICATIONS_SEND_BATCH = 10
    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    one, first = _sweep_queries(AT)
    assert first == {"planned": 3, "in_app": 1, "sent": 2, "failed": 0}  # in the portal, e-mail, SMS
    Delivery.objects.all().delete()
    Notification.objects.all().delete()
    mailoutbox.clear()
    for _i in range(20):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    many, result = _sweep_queries(AT)
    assert result == {"planned": 63, "in_app": 21, "sent": 42, "failed": 0}
    assert len(mailoutbox) == 21 and Delivery.objects.filter(status="sent").count() == 63
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    # 20 more suggestions, 40 more e-mails and texts (one bulk insert still): 4 more batches of ten, each
    # five queries (the claim's savepoint, SELECT ... FOR UPDATE, UPDATE, release; the record's UPDATE),
    # nothing per message. Before, each e-mail or text took an UPDATE of its own (40 more).
    assert many - one == 4 * 5


def test_failures_in_a_batch_are_recorded_each_with_its_own_error(people, unit, mailoutbox, monkeypatch):
    from congress_portal.notifications import channels

    for _i in range(3):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])

    def broken(*args, **kwargs):
        raise OSError("gateway refused")

    monkeypatch.setitem(channels.SENDERS, "sms", broken)
    assert services.sweep(AT) == {"planned": 9, "in_app": 3, "sent": 3, "failed": 3}
    emails = Delivery.objects.filter(channel="email")
    texts = Delivery.objects.filter(channel="sms")
    assert {(d.status, d.attempts, d.last_error) for d in emails} == {("sent", 1, "")}
    assert all(d.sent_at for d in emails)
    assert {(d.status, d.attempts, d.last_error) for d in texts} == {("failed", 1, "gateway refused")}
    assert all(d.next_attempt_at and d.sent_at is None for d in texts)


def test_a_killed_runs_claimed_batch_is_never_resent_blindly_and_the_rest_go_out_once(people, unit, mailoutbox,
                                                                                     settings):
    settings.NOTIFICATIONS_SEND_BATCH = 4
    for _i in range(3):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    claimed = services._claim_external(services.send_batch_size())  # a run claims four, then dies
    assert len(claimed) == 4 and {d.status for d in claimed} == {"sending"}
    # The next run does not take them: it sends the two it finds waiting.
    assert services.deliver_pending()["sent"] == 2
    assert Delivery.objects.filter(status="sending").count() == 4
    # After STALE_SENDING they are shown to staff as interrupted, never resent by themselves.
    Delivery.objects.filter(status="sending").update(
        claimed_at=claimed[0].claimed_at - services.STALE_SENDING - datetime.timedelta(seconds=1))
    assert services.deliver_pending()["sent"] == 0
    assert Delivery.objects.filter(status="failed", last_error=services.INTERRUPTED).count() == 4


def test_two_runs_never_claim_the_same_rows(people, unit, mailoutbox):
    for _i in range(2):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    first = services._claim_external(3)
    second = services._claim_external(100)
    assert len(first) == 3 and len(second) == 1
    assert not {r.pk for r in first} & {r.pk for r in second}
    assert services._send_claimed(first, None) == (3, 0)
    assert services._send_claimed(second, None) == (1, 0)
    assert len(mailoutbox) == 2


def test_a_slow_batch_renews_its_claim_and_a_paused_run_whose_rows_were_recovered_stops(people, unit, mailoutbox,
                                                                                       monkeypatch):
    for _i in range(3):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    monkeypatch.setattr(services, "_heartbeat_seconds", lambda: 0)  # every message counts as slow
    rows = services._claim_external(100)
    assert services._send_claimed(rows, None) == (6, 0)  # recorded and renewed message by message
    assert set(Delivery.objects.filter(channel__in=["email", "sms"]).values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == 3

    Delivery.objects.all().delete()
    mailoutbox.clear()
    services.plan(AT)
    rows = services._claim_external(100)
    # The run is paused past STALE_SENDING: another run recovers its rows (interrupted, for staff).
    Delivery.objects.filter(status="sending").update(claimed_at=rows[0].claimed_at - datetime.timedelta(hours=1))
    services.recover_stale()
    # Back to life, it finds its claim gone at the first renewal and sends nothing more.
    assert services._send_claimed(rows, None) == (0, 0)
    assert not mailoutbox


def test_staff_find_interrupted_and_stuck_deliveries_in_the_log_in_chinese(admin_client, people, unit):
    from django.utils import timezone

    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    email, sms = Delivery.objects.get(channel="email"), Delivery.objects.get(channel="sms")
    long_ago = timezone.now() - services.STALE_SENDING - datetime.timedelta(minutes=1)
    Delivery.objects.filter(pk__in=[email.pk, sms.pk]).update(status="sending", claimed_at=long_ago)
    url = "/admin/notifications/delivery/"
    page = admin_client.get(url).content.decode()
    assert "需要核实" in page and "发送中断" in page and "发送中超过 5 分钟" in page
    stuck = admin_client.get(url + "?stuck=sending").context["cl"].result_list
    assert {d.pk for d in stuck} == {email.pk, sms.pk}
    services.recover_stale()  # what the next run does first: never resent by itself
    assert not admin_client.get(url + "?stuck=sending").context["cl"].result_list
    response = admin_client.get(url + "?stuck=interrupted")
    assert {d.pk for d in response.context["cl"].result_list} == {email.pk, sms.pk}
    assert "可能已经送达" in response.content.decode()
    admin_client.post(url, {"action": "retry_failed", "_selected_action": [email.pk]})
    assert services.deliver_pending()["sent"] == 1
    assert set(Delivery.objects.filter(channel__in=["email", "sms"]).values_list("channel", "status")) == {
        ("email", "sent"), ("sms", "failed")}


def test_the_first_sweep_costs_the_same_queries_for_n_and_10n_deliveries_but_for_batches(cast, unit, monkeypatch):
    """Issue 19.9: N in-portal deliveries, then 10N: the same queries, plus one INSERT per batch of rows
    written and five per batch delivered (its transaction's savepoint and release, here inside the
    test's transaction; lock the batch, create its notifications, mark it sent). Batches made small
    here so that 10N spans several."""
    monkeypatch.setattr(services, "BATCH", 10)
    monkeypatch.setattr(services, "INSERT_BATCH", 20)
    Preference.objects.create(user=cast["unit_officer"], email="off", sms="off")
    n = 10

    def suggestions(count):
        for _i in range(count):
            make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=DUE, units=[unit])

    suggestions(n)
    small, result = _sweep_queries(AT)
    assert result == {"planned": n, "in_app": n, "sent": 0, "failed": 0}
    Delivery.objects.all().delete()
    Notification.objects.all().delete()
    suggestions(9 * n)
    large, result = _sweep_queries(AT)
    assert result == {"planned": 10 * n, "in_app": 10 * n, "sent": 0, "failed": 0}
    assert Notification.objects.count() == 10 * n and Delivery.objects.filter(status="sent").count() == 10 * n
    inserts = (10 * n // 20) - 1  # 5 INSERTs of 20 rows instead of 1 of 10
    deliveries = (10 * n // 10) - 1  # 10 batches of 10 instead of 1
    assert large - small == inserts + 5 * deliveries

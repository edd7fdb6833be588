"""Issue 19.9 and 19.2: the reminder sweep's first run of a day reads and writes in batches (its queries
grow with kinds and batches, and by one record per e-mail or text that leaves), and a run that dies
leaves at most one message whose fate is unknown; the rows it had reserved go out with the next run."""

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


def test_the_first_sweep_writes_in_batches_and_records_each_message_that_leaves(people, unit, mailoutbox,
                                                                                  monkeypatch):
    monkeypatch.setattr(services, "SEND_BATCH", 10)
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
    # 20 more suggestions, 60 more deliveries (one bulk insert still): one UPDATE per e-mail or text
    # that left (40 more), three per batch of ten reserved (reserve, read, record the last; 4 more
    # batches); the 20 more in the portal cost nothing. Before batching, each e-mail or text took
    # three queries of its own.
    assert many - one == 40 + 4 * 3


def test_a_dead_runs_reserved_rows_go_out_with_the_next_run_exactly_once(people, unit, mailoutbox):
    for _i in range(3):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    reserved = services._reserve_external(100)  # a run reserves the six e-mails and texts, then dies
    assert len(reserved) == 6
    assert services.deliver_pending()["sent"] == 6  # at once: none of them had left
    assert len(mailoutbox) == 3
    # The dead run, come back to life, finds each row taken and sends nothing.
    assert services._send_reserved(reserved, None) == (0, 0)
    assert len(mailoutbox) == 3 and set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_two_runs_reserving_the_same_rows_send_each_once(people, unit, mailoutbox):
    for _i in range(2):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.plan(AT)
    first = services._reserve_external(100)
    second = services._reserve_external(100)  # the oldest reservations are taken when nothing else waits
    assert [r.pk for r in first] == [r.pk for r in second]
    assert services._send_reserved(first, None) == (0, 0)  # overtaken: the second run holds them now
    assert services._send_reserved(second, None) == (4, 0)
    assert len(mailoutbox) == 2


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

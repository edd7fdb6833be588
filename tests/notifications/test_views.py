"""The notification centre, the bell and the settings page."""

import pytest
from django.urls import reverse
from django.utils import translation

from congress_portal.notifications.models import Notification, Preference


def add(user, n=1, **kw):
    return [Notification.objects.create(recipient=user, kind="urged", milestone="event:1",
                                        context={"subject": f"16-B-2026-{i:03d} 建议"}, url="/", **kw)
            for i in range(n)]


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    for name in ["notifications:list", "notifications:preferences"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


@pytest.mark.django_db
def test_list_shows_own_notifications_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    add(cast["unit_officer"], 25)
    add(cast["other_unit_officer"], 3)
    client.force_login(cast["unit_officer"])
    client.get(reverse("notifications:list"))  # warm the session
    with django_assert_num_queries(6):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("委员会办公室督促办理") == 25
    assert 'data-unread="25"' in body  # the bell in the header


@pytest.mark.django_db
def test_mark_one_read_and_outsider_gets_404(client, cast):
    mine = add(cast["unit_officer"])[0]
    theirs = add(cast["other_unit_officer"])[0]
    client.force_login(cast["unit_officer"])
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("notifications:read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


@pytest.mark.django_db
def test_mark_all_read(client, cast):
    add(cast["deputy"], 3)
    add(cast["other_deputy"], 2)
    client.force_login(cast["deputy"])
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client.get(reverse("notifications:list") + "?unread=1")
    assert "暂无通知" in response.content.decode()


@pytest.mark.django_db
def test_preferences_are_saved_and_bad_input_refused(client, cast):
    client.force_login(cast["staff"])
    response = client.post(reverse("notifications:preferences"), {"email": "digest", "sms": "loud", "language": "en"})
    assert response.status_code == 200 and not Preference.objects.exists()
    response = client.post(reverse("notifications:preferences"), {"email": "digest", "sms": "immediate",
                                                                  "language": "en"})
    assert response.status_code == 302
    pref = Preference.objects.get(user=cast["staff"])
    assert (pref.email, pref.sms, pref.language) == ("digest", "immediate", "en")


@pytest.mark.django_db
def test_admin_shows_delivery_log_failures_and_outbox(admin_client, cast):
    from django.contrib.contenttypes.models import ContentType

    from congress_portal.notifications.models import Delivery, OutboxEvent

    ct = ContentType.objects.get_for_model(cast["unit_officer"])
    failed = Delivery.objects.create(content_type=ct, object_id=1, kind="suggestion_reply", due_date="2026-11-30",
                                     milestone="before:7", recipient=cast["unit_officer"], channel="email",
                                     status="failed", attempts=3, last_error="SMTP refused")
    OutboxEvent.objects.create(event="assigned", content_type=ct, object_id=1, recipients=[cast["unit_officer"].pk])
    body = admin_client.get("/admin/notifications/delivery/?status__exact=failed").content.decode()
    assert "SMTP refused" in body
    assert "assigned" in admin_client.get("/admin/notifications/outboxevent/?waiting=1").content.decode()
    response = admin_client.post("/admin/notifications/delivery/", {"action": "retry_failed",
                                                                    "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "pending" and failed.attempts == 0
    for model in ["notification", "preference"]:
        assert admin_client.get(f"/admin/notifications/{model}/").status_code == 200


@pytest.mark.django_db
def test_outsiders_cannot_reach_the_admin_log(client, cast):
    client.force_login(cast["unit_officer"])
    response = client.get("/admin/notifications/delivery/")
    assert response.status_code == 302 and "/admin/login" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_bell_count_is_cached_and_follows_delivery_and_reading(client, cast, settings, django_assert_num_queries):
    from congress_portal.notifications import selectors, services
    from congress_portal.notifications.models import Delivery

    settings.NOTIFICATIONS_BELL_CACHE_SECONDS = 300

    user = cast["unit_officer"]
    add(user, 2)
    assert selectors.unread_count(user) == 2
    with django_assert_num_queries(0):
        assert selectors.unread_count(user) == 2  # from the cache
    # A new notification delivered through the service refreshes the count once committed.
    from django.contrib.contenttypes.models import ContentType

    Delivery.objects.create(content_type=ContentType.objects.get_for_model(user), object_id=user.pk,
                            kind="urged", due_date="2026-11-30", recipient=user, channel="in_app",
                            milestone="event:2", context={"subject": "16-B-2026-099 建议"})
    services.deliver_in_app()
    assert selectors.unread_count(user) == 3
    services.mark_read(user)
    assert selectors.unread_count(user) == 0
    client.force_login(user)
    assert "data-unread" not in client.get(reverse("notifications:list")).content.decode()  # no badge at 0


@pytest.mark.django_db
def test_bell_works_when_the_cache_is_down(client, cast, settings, monkeypatch):
    from django.core.cache import cache

    settings.NOTIFICATIONS_BELL_CACHE_SECONDS = 300

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    add(cast["deputy"], 4)
    for name in ("get", "set", "delete_many"):
        monkeypatch.setattr(cache, name, down)
    client.force_login(cast["deputy"])
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200 and 'data-unread="4"' in response.content.decode()
    client.post(reverse("notifications:read_all"))  # forgetting the count fails quietly
    assert "data-unread" not in client.get(reverse("notifications:list")).content.decode()  # no badge at 0


@pytest.mark.django_db
def test_the_admin_names_kinds_and_milestones_and_filters_by_them(admin_client, cast):
    """Staff read 建议答复期限 · 到期前7天, not suggestion_reply before:7; the filters list every known
    kind by name without scanning the table, and pick the rows they name."""
    from django.contrib.contenttypes.models import ContentType

    from congress_portal.notifications import messages
    from congress_portal.notifications.models import Delivery

    ct = ContentType.objects.get_for_model(cast["unit_officer"])
    common = {"content_type": ct, "object_id": 1, "due_date": "2026-11-30", "recipient": cast["unit_officer"],
              "channel": "email"}
    soon = Delivery.objects.create(kind="suggestion_reply", milestone="before:7", **common)
    late = Delivery.objects.create(kind="commitment_due", milestone="overdue:escalate", **common)
    event = Delivery.objects.create(kind="assigned", milestone="event:9", **common)
    admin_client.cookies["django_language"] = "zh-hans"
    body = admin_client.get("/admin/notifications/delivery/").content.decode()
    with translation.override("zh-hans"):
        reply = messages.kind_label("suggestion_reply")
        assert "到期前7天" in body and "长期逾期，报主任会议" in body and "即时通知" in body
        assert reply in body and "suggestion_reply" not in body.split('id="changelist-filter"')[0]
        assert str(soon) == f"{reply} · 到期前7天 · 电子邮件"
    assert messages.kind_label("assigned") and messages.kind_label("no_such_kind") == "no_such_kind"

    def listed(query):
        page = admin_client.get("/admin/notifications/delivery/" + query).context["cl"]
        return {d.pk for d in page.result_list}

    assert listed("?milestone=before") == {soon.pk}
    assert listed("?milestone=event") == {event.pk}
    assert listed("?milestone=overdue:escalate") == {late.pk}
    assert listed("?kind=commitment_due") == {late.pk}

"""The sweep over every suggestion deadline kind, travelling in time; each reminder exactly once."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_portal.notifications import registry, services
from congress_portal.notifications.models import Delivery, Notification, Preference
from proposals.models import Status, Suggestion
from tests import factories

from .conftest import make_commitment, make_suggestion, mark_key

D = datetime.date
DUE = D(2026, 11, 30)  # a Monday


def who(kind, at, channel="in_app"):
    """{username: milestone} of the deliveries of `kind` that a sweep on `at` adds."""
    before = set(Delivery.objects.values_list("pk", flat=True))
    services.sweep(at)
    return {d.recipient.username: d.milestone for d in Delivery.objects.filter(kind=kind, channel=channel)
            .exclude(pk__in=before).select_related("recipient")}


@pytest.fixture
def people(cast, chair_user, ordinary_leader):
    return cast


@pytest.mark.django_db
class TestReplyDeadline:
    @pytest.mark.parametrize("at,milestone", [
        (D(2026, 11, 15), "before:15"), (D(2026, 11, 23), "before:7"), (D(2026, 11, 27), "before:3"),
        (D(2026, 11, 29), "before:1"), (D(2026, 11, 30), "due")])
    def test_unit_officers_before_and_on_the_day(self, people, unit, other_unit, at, milestone):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        assert who("suggestion_reply", at) == {"unit": milestone}

    def test_nothing_before_the_first_offset(self, people, unit):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        assert who("suggestion_reply", D(2026, 11, 14)) == {}

    def test_overdue_goes_to_staff_and_the_supervising_leader(self, people, unit):
        s = make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        mark_key(s, people["leader"], people["staff"])
        assert who("suggestion_reply", D(2026, 12, 1)) == {"unit": "overdue", "staff": "overdue",
                                                           "leader": "overdue"}

    def test_long_overdue_goes_to_the_chairs_meeting(self, people, unit):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        got = who("suggestion_reply", D(2026, 12, 30))
        # The chair (and the vice-chair leader) sit in the chairs' meeting; an ordinary member does not.
        assert got == {"unit": "overdue:escalate", "staff": "overdue:escalate", "chair": "overdue:escalate",
                       "leader": "overdue:escalate"}

    def test_separate_units_each_reminded_co_units_not(self, people, unit, other_unit):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE,
                        units=[unit, other_unit])
        assert who("suggestion_reply", D(2026, 11, 23)) == {"unit": "before:7", "unit2": "before:7"}

    def test_replied_suggestions_are_not_reminded(self, people, unit):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit],
                        status=Status.REPLIED)
        assert who("suggestion_reply", D(2026, 11, 23)) == {}

    def test_an_extension_moves_the_reminders_to_the_new_date(self, people, unit):
        s = make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        assert who("suggestion_reply", D(2026, 11, 23)) == {"unit": "before:7"}
        new_due = D(2027, 2, 26)
        Suggestion.objects.filter(pk=s.pk).update(reply_due=new_due, extended=True)
        assert who("suggestion_reply", D(2026, 11, 30)) == {}  # no "due" for the old date
        services.sweep(D(2027, 2, 19))
        rows = list(Delivery.objects.filter(kind="suggestion_reply", channel="in_app")
                    .values_list("due_date", "milestone"))
        assert sorted(rows) == [(DUE, "before:7"), (new_due, "before:7")]


@pytest.mark.django_db
class TestOtherSuggestionKinds:
    @pytest.mark.parametrize("at,expected", [
        (D(2026, 11, 23), {"unit": "before:7"}), (D(2026, 11, 27), {"unit": "before:3"}),
        (D(2026, 11, 29), {"unit": "before:1"}), (DUE, {"unit": "due", "staff": "due"}),
        (D(2026, 12, 2), {"unit": "overdue", "staff": "overdue"})])
    def test_rehandling_units_then_staff_from_the_day(self, people, unit, at, expected):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit],
                        status=Status.REHANDLING)
        assert who("suggestion_rehandling", at) == expected
        assert who("suggestion_reply", at) == {}  # a re-handled suggestion is reminded as re-handling only

    @pytest.mark.parametrize("at,milestone", [(D(2026, 11, 26), "before:2"), (D(2026, 11, 27), "before:1"),
                                              (D(2026, 11, 30), "due")])
    def test_reassign_window_in_working_days(self, people, unit, at, milestone):
        # Window ends Mon Nov 30: Thu 26 has 2 working days left, Fri 27 one (the weekend is not counted).
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=D(2027, 2, 1),
                        units=[unit], reassign_until=DUE, status=Status.ASSIGNED)
        assert who("suggestion_reassign_request", at) == {"unit": milestone}

    def test_reassign_window_over_a_holiday_and_a_makeup_day(self, people, unit):
        # Window ends Thu Oct 8 2026 (after the National Day holiday): the last working day before is Sep 30.
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=D(2027, 1, 8),
                        units=[unit], reassign_until=D(2026, 10, 8), status=Status.ASSIGNED)
        assert who("suggestion_reassign_request", D(2026, 9, 29)) == {"unit": "before:2"}
        assert who("suggestion_reassign_request", D(2026, 9, 30)) == {"unit": "before:1"}
        assert who("suggestion_reassign_request", D(2026, 10, 3)) == {}  # the holiday: already sent
        assert who("suggestion_reassign_request", D(2026, 10, 8)) == {"unit": "due"}
        # And no "overdue" once the window has closed: it simply ends.
        assert who("suggestion_reassign_request", D(2026, 10, 9)) == {}

    @pytest.mark.parametrize("at,milestone", [(D(2026, 11, 23), "before:7"), (D(2026, 11, 27), "before:3"),
                                              (D(2026, 11, 29), "before:1"), (D(2026, 12, 1), "overdue")])
    def test_co_unit_opinion(self, people, unit, other_unit, at, milestone):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=D(2027, 2, 1),
                        units=[unit], co_units=[other_unit], co_opinion_due=DUE)
        assert who("suggestion_co_opinion", at) == {"unit2": milestone}

    @pytest.mark.parametrize("at,expected", [
        (D(2026, 11, 23), {"deputy": "before:5"}),   # Mon: 5 working days to Mon Nov 30
        (D(2026, 11, 27), {"deputy": "before:1"}),   # Fri: 1 working day left
        (D(2026, 11, 30), {"deputy": "due"}),
        (D(2026, 12, 1), {"staff": "overdue"}),      # missed: staff, not the deputy
    ])
    def test_deputy_evaluation(self, people, unit, at, expected):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], evaluation_due=DUE, units=[unit],
                        status=Status.REPLIED)
        assert who("suggestion_evaluation", at) == expected

    def test_evaluation_over_spring_festival(self, people, unit):
        # Due Fri 2026-02-27. Sat Feb 14 is a 调休 working day; Feb 15-23 are holidays.
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], evaluation_due=D(2026, 2, 27),
                        units=[unit], status=Status.REPLIED)
        sweep = registry.Sweep(D(2026, 2, 14))
        assert sweep.remaining(registry.get("suggestion_evaluation"), D(2026, 2, 27)) == 4
        assert who("suggestion_evaluation", D(2026, 2, 13)) == {"deputy": "before:5"}

    @pytest.mark.parametrize("at,expected", [
        (D(2026, 11, 15), {"unit": "before:15"}), (D(2026, 11, 23), {"unit": "before:7"}),
        (D(2026, 11, 27), {"unit": "before:3"}), (D(2026, 11, 29), {"unit": "before:1"}),
        (D(2026, 11, 30), {"unit": "due"}), (D(2026, 12, 1), {"unit": "overdue", "staff": "overdue"})])
    def test_commitment_due(self, people, unit, at, expected):
        s = make_suggestion(deputy_user=people["deputy"], staff=people["staff"], units=[unit],
                            status=Status.CLOSED)
        make_commitment(s, unit, people["staff"], DUE)
        assert who("commitment_due", at) == expected


@pytest.mark.django_db
class TestActivityDay:
    def test_serving_deputies_with_accounts_the_day_before_the_20th(self, people):
        assert who("activity_day", D(2026, 11, 18)) == {}
        got = who("activity_day", D(2026, 11, 19))
        assert got == {"deputy": "before:1", "deputy2": "before:1"}
        assert Delivery.objects.filter(kind="activity_day", due_date=D(2026, 11, 20)).count() == 2

    def test_not_for_deputies_who_left(self, people):
        people["deputy2"] = people["other_deputy"]
        people["other_deputy"].deputy.status = "resigned"
        people["other_deputy"].deputy.save()
        assert who("activity_day", D(2026, 12, 19)) == {"deputy": "before:1"}


@pytest.mark.django_db
class TestExactlyOnce:
    def test_two_sweeps_send_each_reminder_once(self, people, unit, mailoutbox):
        people["unit_officer"].email = "unit@example.cn"
        people["unit_officer"].save()
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        first = services.sweep(D(2026, 11, 23))
        second = services.sweep(D(2026, 11, 23))
        later_same_milestone = services.sweep(D(2026, 11, 24))
        assert first["planned"] == 2 and second["planned"] == 0 and later_same_milestone["planned"] == 0
        assert Notification.objects.filter(recipient=people["unit_officer"]).count() == 1
        assert len(mailoutbox) == 1

    def test_a_task_that_raises_half_way_loses_nothing_and_duplicates_nothing(self, people, unit, monkeypatch):
        for i in range(5):
            make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        monkeypatch.setattr(services, "BATCH", 2)
        real = Notification.objects.bulk_create
        calls = {"n": 0}

        def flaky(objs, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("worker lost half-way")
            return real(objs, *args, **kwargs)

        monkeypatch.setattr(Notification.objects, "bulk_create", flaky)
        with pytest.raises(RuntimeError):
            services.sweep(D(2026, 11, 23))
        assert Notification.objects.count() == 2  # the first batch committed, the second rolled back
        monkeypatch.setattr(Notification.objects, "bulk_create", real)
        services.sweep(D(2026, 11, 23))
        assert Notification.objects.count() == 5
        assert sorted(Notification.objects.values_list("delivery__object_id", flat=True)) == sorted(
            Suggestion.objects.values_list("pk", flat=True))

    def test_failed_email_is_recorded_and_retried_once(self, people, unit, mailoutbox, monkeypatch):
        people["unit_officer"].email = "unit@example.cn"
        people["unit_officer"].save()
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        from congress_portal.notifications import channels

        def broken(*args, **kwargs):
            raise OSError("SMTP refused")

        monkeypatch.setitem(channels.SENDERS, "email", broken)
        services.sweep(D(2026, 11, 23))
        row = Delivery.objects.get(channel="email")
        assert row.status == "failed" and row.attempts == 1 and "SMTP refused" in row.last_error
        monkeypatch.setitem(channels.SENDERS, "email", channels.send_email)
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=row.created_at)  # the backoff has passed
        services.deliver_pending()
        services.deliver_pending()
        row.refresh_from_db()
        assert row.status == "sent" and row.attempts == 2
        assert len(mailoutbox) == 1

    def test_interrupted_send_is_not_resent_blindly(self, people, unit):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
        people["unit_officer"].email = "unit@example.cn"
        people["unit_officer"].save()
        services.plan(D(2026, 11, 23))
        from django.utils import timezone

        Delivery.objects.filter(channel="email").update(status="sending",
                                                        claimed_at=timezone.now() - datetime.timedelta(hours=1))
        services.deliver_pending()
        row = Delivery.objects.get(channel="email")
        assert row.status == "failed" and "interrupted" in row.last_error


@pytest.mark.django_db
def test_channels_follow_preferences(people, unit, mailoutbox, caplog):
    officer = people["unit_officer"]
    officer.email, officer.mobile = "unit@example.cn", "13800000000"
    officer.save()
    Preference.objects.create(user=officer, email="digest", sms="immediate", language="en")
    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    with caplog.at_level("INFO", logger="congress_portal.notifications.sms"):
        services.sweep(D(2026, 11, 23))
    assert len(mailoutbox) == 0  # e-mail waits for the digest
    assert "SMS to 13800000000: Reply to a suggestion due in 7 days" in caplog.text
    assert services.send_digests() == 1
    assert services.send_digests() == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Your daily digest: 1 notifications"
    assert "Reply to a suggestion due in 7 days" in mailoutbox[0].body


@pytest.mark.django_db
def test_email_in_chinese_by_default(people, unit, mailoutbox):
    officer = people["unit_officer"]
    officer.email = "unit@example.cn"
    officer.save()
    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    services.sweep(D(2026, 11, 23))
    assert len(mailoutbox) == 1
    assert "答复" in mailoutbox[0].subject and "7" in mailoutbox[0].subject
    assert "陈磊" in mailoutbox[0].body


@pytest.mark.django_db
def test_collect_has_a_bounded_number_of_queries(people, unit, other_unit):
    def count_queries():
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        cache.clear()  # the working-day calendar
        with CaptureQueriesContext(connection) as ctx:
            services.collect(D(2026, 11, 23))
        return len(ctx.captured_queries)

    s = make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit],
                        co_units=[other_unit], co_opinion_due=DUE, reassign_until=D(2026, 11, 24))
    make_commitment(s, unit, people["staff"], DUE)
    baseline = count_queries()
    for _ in range(15):
        s = make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE,
                            units=[unit, other_unit], co_units=[factories.HandlingUnitFactory()],
                            co_opinion_due=DUE, reassign_until=D(2026, 11, 24))
        make_commitment(s, unit, people["staff"], DUE)
    assert count_queries() == baseline


@pytest.mark.django_db
def test_send_reminders_dry_run_prints_and_sends_nothing(people, unit):
    from io import StringIO

    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--at", "2026-11-23", stdout=out)
    text = out.getvalue()
    assert "suggestion_reply: 1 due, 1 deliveries to send" in text
    assert "[before:7] in_app -> unit" in text
    assert Delivery.objects.count() == 0
    out = StringIO()
    call_command("send_reminders", "--at", "2026-11-23", stdout=out)
    assert Notification.objects.filter(recipient=people["unit_officer"]).count() == 1
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--at", "2026-11-23", stdout=out)
    assert "suggestion_reply: 1 due, 0 deliveries to send" in out.getvalue()


@pytest.mark.django_db
def test_send_reminders_rejects_bad_input():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--at", "2026-13-01")
    with pytest.raises(CommandError):
        call_command("send_reminders", "--kind", "nonsense")


@pytest.mark.django_db
def test_every_suggestion_kind_is_registered():
    codes = {k.code for k in registry.kinds()}
    assert {"suggestion_reply", "suggestion_rehandling", "suggestion_reassign_request", "suggestion_co_opinion",
            "suggestion_evaluation", "commitment_due", "activity_day"} <= codes
    assert mail.outbox == []


@pytest.mark.django_db
def test_send_reminders_queue_runs_the_task(people, unit, settings):
    from io import StringIO

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the worker, in-process
    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    out = StringIO()
    call_command("send_reminders", "--queue", "--at", "2026-11-23", "--kind", "suggestion_reply", stdout=out)
    assert "handed to a worker" in out.getvalue()
    assert Notification.objects.filter(recipient=people["unit_officer"], kind="suggestion_reply").count() == 1


@pytest.mark.django_db
def test_staff_get_e_mail_as_a_daily_digest_unless_they_choose(people, unit, mailoutbox):
    staff = people["staff"]
    staff.email = "staff@example.cn"
    staff.save()
    make_suggestion(deputy_user=people["deputy"], staff=staff, reply_due=DUE, units=[unit])
    make_suggestion(deputy_user=people["deputy"], staff=staff, reply_due=DUE, units=[unit])
    services.sweep(D(2026, 12, 2))
    assert len(mailoutbox) == 0
    assert Delivery.objects.filter(recipient=staff, channel="email", status="digest").count() == 2
    services.send_digests()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["staff@example.cn"]
    assert mailoutbox[0].subject == "每日汇总：2 条通知"


@pytest.mark.django_db
def test_planning_and_in_app_delivery_have_a_bounded_number_of_queries(people, unit):
    from django.contrib.contenttypes.models import ContentType

    people["staff"].email = "staff@example.cn"  # a digest row: written in the same bulk insert
    people["staff"].save()

    def count_queries(at):
        ContentType.objects.clear_cache()
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            services.sweep(at)
        return len(ctx.captured_queries)

    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    baseline = count_queries(D(2026, 12, 1))
    # 10 more (SQLite splits an insert past 999 parameters, so more rows would add a batch there).
    for _ in range(10):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=D(2026, 12, 20),
                        units=[unit])
    assert count_queries(D(2026, 12, 21)) == baseline


class CountingBackend(LocmemBackend):
    """The test outbox, counting connections to the "server" and able to drop one send."""

    opened = 0
    fail_next = False

    def open(self):
        CountingBackend.opened += 1
        return True

    def send_messages(self, messages):
        if CountingBackend.fail_next:
            CountingBackend.fail_next = False
            raise OSError("connection reset by the mail server")
        return super().send_messages(messages)


@pytest.mark.django_db
@pytest.mark.parametrize("failure", [False, True])
def test_a_run_sends_its_emails_over_one_connection_and_reconnects_after_a_failure(
        people, unit, mailoutbox, settings, failure):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened, CountingBackend.fail_next = 0, failure
    people["unit_officer"].email = "unit@example.cn"
    people["unit_officer"].save()
    for _i in range(4):
        make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    result = services.sweep(D(2026, 11, 23))
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == 4
    if failure:
        assert result["sent"] >= 3 and result["failed"] == 1 and CountingBackend.opened == 2
        assert len(mailoutbox) == 3 and emails.filter(status="failed").count() == 1
    else:
        assert result["failed"] == 0 and CountingBackend.opened == 1 and len(mailoutbox) == 4
    # nothing waiting: no connection at all
    CountingBackend.opened = 0
    services.deliver_pending()
    assert CountingBackend.opened == 0


@pytest.mark.django_db
def test_the_digests_share_one_connection_and_a_failed_one_waits_for_the_next_day(people, unit, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    other = factories.UserFactory(username="staff2", role="staff", email="staff2@example.cn",
                                  office=people["staff"].office)
    people["staff"].email = "staff@example.cn"
    people["staff"].save()
    make_suggestion(deputy_user=people["deputy"], staff=people["staff"], reply_due=DUE, units=[unit])
    make_suggestion(deputy_user=people["deputy"], staff=other, reply_due=DUE, units=[unit])
    services.sweep(D(2026, 12, 2))
    assert Delivery.objects.filter(channel="email", status="digest").order_by().values("recipient").distinct().count() == 2
    CountingBackend.opened, CountingBackend.fail_next = 0, True
    assert services.send_digests() == 1
    assert CountingBackend.opened == 2 and len(mailoutbox) == 1  # reconnected after the failure
    assert Delivery.objects.filter(channel="email", status="digest").count() >= 1  # kept for tomorrow
    CountingBackend.opened = 0
    assert services.send_digests() == 1 and CountingBackend.opened == 1 and len(mailoutbox) == 2

"""Which milestone a deadline has reached on a given day, in calendar and in working days."""

import datetime

import pytest

from congress_portal.notifications import registry

D = datetime.date


class Calendar(registry.DeadlineKind):
    code = "test_calendar"
    setting_code = "suggestion_reply"  # 15,7,3,1


class Working(registry.DeadlineKind):
    code = "test_working"
    setting_code = "suggestion_evaluation"  # 5,1 working days
    working_days = True
    escalate = False


@pytest.mark.django_db
@pytest.mark.parametrize("today,expected", [
    (D(2026, 11, 1), None),            # 30 days ahead
    (D(2026, 11, 15), "before:15"),
    (D(2026, 11, 16), "before:15"),    # 14 left: still the 15-day milestone (sent once)
    (D(2026, 11, 23), "before:7"),
    (D(2026, 11, 27), "before:3"),
    (D(2026, 11, 29), "before:1"),
    (D(2026, 11, 30), "due"),
    (D(2026, 12, 1), "overdue"),
    (D(2026, 12, 29), "overdue"),
    (D(2026, 12, 30), "overdue:escalate"),  # 30 days late
])
def test_calendar_milestones(today, expected):
    assert registry.Sweep(today).milestone(Calendar(), D(2026, 11, 30)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("today,expected", [
    # Due Thu 2026-10-08, the first working day after the National Day holiday (Oct 1-7).
    (D(2026, 9, 28), "before:5"),      # Mon: Sep 29, Sep 30, Oct 8 left: 3, between the 5 and 1 offsets
    (D(2026, 9, 30), "before:1"),      # Wed: only Oct 8 remains -> the 1-working-day reminder
    (D(2026, 10, 3), "before:1"),      # in the holiday: still 1 working day left
    (D(2026, 10, 8), "due"),
    (D(2026, 10, 9), "overdue"),
])
def test_working_day_milestones_over_national_day(today, expected):
    assert registry.Sweep(today).milestone(Working(), D(2026, 10, 8)) == expected


@pytest.mark.django_db
def test_makeup_saturday_counts_as_a_working_day():
    # Due Mon 2026-10-12; Sat Oct 10 is a 调休 working day, so on Fri Oct 9 two working days are left.
    sweep = registry.Sweep(D(2026, 10, 9))
    assert sweep.remaining(Working(), D(2026, 10, 12)) == 2
    assert sweep.milestone(Working(), D(2026, 10, 12)) == "before:5"
    assert registry.Sweep(D(2026, 10, 10)).milestone(Working(), D(2026, 10, 12)) == "before:1"


@pytest.mark.django_db
def test_offsets_follow_the_setting(settings):
    from congress_portal.core.models import DeadlineSetting

    DeadlineSetting.objects.filter(code="suggestion_reply").update(reminder_days="10,2")
    sweep = registry.Sweep(D(2026, 11, 20))
    assert sweep.offsets(Calendar()) == (10, 2)
    assert sweep.milestone(Calendar(), D(2026, 11, 30)) == "before:10"
    settings.NOTIFICATIONS_ESCALATE_AFTER_DAYS = 5
    assert registry.Sweep(D(2026, 12, 5)).milestone(Calendar(), D(2026, 11, 30)) == "overdue:escalate"

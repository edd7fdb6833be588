import datetime

import pytest

from congress_portal.core import deadlines, workdays
from congress_portal.core.models import CalendarDay, DeadlineSetting

D = datetime.date


@pytest.mark.django_db
class TestWorkingDays:
    def test_plain_week_skips_the_weekend(self):
        assert workdays.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Fri -> Mon

    def test_national_day_holiday_and_makeup_saturday(self):
        # 2026-09-30 (Wed) + 1 working day: Oct 1-7 are holidays, Oct 8 (Thu) is the next working day.
        assert workdays.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
        # Oct 10 (Sat) is a make-up working day (调休), so Oct 9 + 1 = Oct 10.
        assert workdays.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)

    def test_makeup_sunday_before_national_day(self):
        assert workdays.is_working_day(D(2026, 9, 20))  # Sunday, 调休
        assert not workdays.is_working_day(D(2026, 10, 5))  # Monday, holiday

    def test_five_working_days_over_spring_festival(self):
        # Feb 13 (Fri) +1 = Feb 14 (Sat, 调休); then the holiday Feb 15-23; Feb 24.. are working days.
        assert workdays.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)

    def test_negative_and_zero(self):
        assert workdays.add_working_days(D(2026, 11, 23), 0) == D(2026, 11, 23)
        assert workdays.add_working_days(D(2026, 11, 23), -1) == D(2026, 11, 20)

    def test_between_counts_working_days(self):
        assert workdays.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # Oct 8, 9, 10

    def test_edited_calendar_takes_effect(self):
        assert workdays.is_working_day(D(2026, 12, 31))
        CalendarDay.objects.create(date=D(2026, 12, 31), kind=CalendarDay.Kind.HOLIDAY, name="测试")
        workdays.clear_cache()
        assert not workdays.is_working_day(D(2026, 12, 31))


@pytest.mark.django_db
class TestDeadlines:
    def test_defaults_are_loaded_by_migration(self):
        codes = set(DeadlineSetting.objects.values_list("code", flat=True))
        assert {d.code for d in deadlines.DEFAULTS} <= codes

    def test_reply_deadline_is_three_months(self):
        assert deadlines.due_date("suggestion_reply", D(2026, 3, 15)) == D(2026, 6, 15)

    def test_month_end_clamps(self):
        assert deadlines.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)

    def test_staff_edit_changes_the_deadline(self):
        DeadlineSetting.objects.filter(code="suggestion_reply").update(amount=2)
        assert deadlines.due_date("suggestion_reply", D(2026, 3, 15)) == D(2026, 5, 15)

    def test_working_day_deadline(self):
        # Evaluation: 15 working days from the reply; the National Day week does not count.
        # Sep 29, 30; Oct 8, 9, 10 (调休 Saturday), 12-16, 19-23: the 15th is Oct 23.
        assert deadlines.due_date("suggestion_evaluation", D(2026, 9, 28)) == D(2026, 10, 23)

    def test_reminder_offsets_parse(self):
        setting = DeadlineSetting(reminder_days="15, 7，3,1,x")
        assert setting.reminder_offsets() == [15, 7, 3, 1]

"""Deadline parameters (DOMAIN §9) and date arithmetic on them.

Defaults live here once; the database table is seeded from them by a data migration and edited by
staff afterwards. `due_date(code, start)` is what workflow code calls.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import workdays


@dataclass(frozen=True)
class Default:
    code: str
    name: str
    amount: int
    unit: str
    reminder_days: str = ""
    source: str = ""


DEFAULTS = [
    Default("suggestion_assign", _("Assign a registered suggestion (recess)"), 5, "working_days", "3,1",
            "各省代表建议办理办法"),
    Default("suggestion_reply", _("Reply to a suggestion"), 3, "months", "15,7,3,1", "代表法第50条"),
    Default("suggestion_reply_extended", _("Reply to a suggestion, with extension"), 6, "months", "15,7,3,1",
            "代表法第50条"),
    Default("suggestion_reassign_request", _("Ask for re-assignment"), 5, "working_days", "2,1",
            "各省代表建议办理办法"),
    Default("suggestion_co_opinion", _("Co-unit opinion to the lead unit"), 1, "months", "7,3,1",
            "各省代表建议办理办法"),
    Default("suggestion_evaluation", _("Deputy's evaluation of a reply"), 15, "working_days", "5,1",
            "各省代表建议办理办法"),
    Default("suggestion_rehandling", _("Re-handling after 不满意"), 1, "months", "7,3,1", "代表法第50条"),
    Default("commitment_due", _("Commitment due"), 0, "days", "15,7,3,1", "承诺事项跟踪督办"),
    Default("rectification_report", _("Rectification report"), 3, "months", "15,7,3,1", "监督法第27条"),
    Default("rectification_report_budget", _("Rectification report on a budget"), 2, "months", "15,7,3,1",
            "监督法"),
    Default("audit_rectification_report", _("Audit rectification report"), 6, "months", "15,7,3,1", "监督法"),
    Default("report_to_committee", _("Special work report to the committee, days before the meeting"), 20,
            "days", "3,1", "监督法第15条"),
    Default("report_to_standing_committee", _("Special work report to the standing committee, days before"),
            10, "days", "3,1", "监督法第15条"),
    Default("report_to_members", _("Special work report to members, days before the meeting"), 7, "days",
            "1", "监督法第15条"),
    Default("livelihood_progress", _("Livelihood project progress report"), 3, "months", "7,1", ""),
    Default("activity_day", _("Deputies' unified activity day (day of month)"), 20, "days", "1", ""),
    Default("appointment_motion", _("Appointment motion, days before the meeting"), 10, "days", "3,1",
            "任免办法"),
    # The appointment steps' own dates (DOMAIN §9): only the reminder offsets are read.
    Default("appointment_exam", _("Pre-appointment law exam"), 0, "days", "3,1", "任免办法"),
    Default("appointment_meeting", _("Committee meeting voting on an appointment"), 0, "days", "7,3,1",
            "任免办法"),
    Default("appointment_oath", _("Constitutional oath"), 0, "days", "3,1", "宪法宣誓制度的决定"),
    Default("filing_review", _("Filing of a normative document after publication"), 30, "days", "7,1", "监督法"),
    Default("filing_form_check", _("Form check of a filed normative document"), 10, "days", "3,1", "监督法"),
    Default("filing_review_period", _("Review of a filed normative document"), 3, "months", "15,7,3,1",
            "监督法"),
    Default("filing_review_extension", _("Extension of the review of a filed normative document"), 3, "months",
            "15,7,3,1", "监督法"),
    Default("filing_answer", _("Issuing body's answer to a review opinion"), 30, "days", "7,3,1", "监督法"),
]

DEFAULTS_BY_CODE = {d.code: d for d in DEFAULTS}


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Same day N months later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def get_setting(code):
    """The current row for `code`, falling back to the built-in default when the row is missing."""
    from .models import DeadlineSetting

    row = DeadlineSetting.objects.filter(code=code).first()
    if row is not None:
        return row
    default = DEFAULTS_BY_CODE[code]
    return DeadlineSetting(
        code=default.code, amount=default.amount, unit=default.unit,
        reminder_days=default.reminder_days, source=default.source,
    )


def shift(start: datetime.date, amount: int, unit: str) -> datetime.date:
    if unit == "months":
        return add_months(start, amount)
    if unit == "working_days":
        return workdays.add_working_days(start, amount)
    return start + datetime.timedelta(days=amount)


def due_date(code: str, start: datetime.date) -> datetime.date:
    """The deadline that starts on `start` for the parameter `code`."""
    setting = get_setting(code)
    return shift(start, setting.amount, setting.unit)

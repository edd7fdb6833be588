"""The supervision deadlines of the reminder sweep (DOMAIN §4, §9): the report before the meeting (to the
committee 20 days before, to the standing committee 10, to members 7) and the four filing-review clocks.

Recipients: the reporting (or issuing) body's unit officers and committee staff; long overdue, the chairs'
meeting. One query for the subjects of each kind, one for their units, one for the officers.
"""

import datetime

from django.urls import reverse

from congress_portal.core import deadlines
from congress_portal.core.deadlines import DEFAULTS_BY_CODE
from congress_portal.notifications import registry

from .models import FilingReview, Stage, SupervisionItem


def _subject(title):
    return title if len(title) <= 60 else title[:59] + "…"


def _url(item_id):
    return reverse("supervision:item", args=[item_id])


def _target_units(item_ids):
    """{item id: [unit ids]} in one query."""
    result = {}
    for item_id, unit_id in SupervisionItem.target_units.through.objects.filter(
            supervisionitem_id__in=item_ids).values_list("supervisionitem_id", "handlingunit_id"):
        result.setdefault(item_id, []).append(unit_id)
    return result


class _ReportDeadline(registry.DeadlineKind):
    """The report due `setting.amount` days before the item's meeting, until it is recorded as delivered."""

    field = ""
    stages = ()

    def reminders(self, sweep):
        days = deadlines.get_setting(self.setting_code).amount
        latest_meeting = sweep.horizon(self) + datetime.timedelta(days=days)
        items = list(SupervisionItem.objects.filter(
            stage__in=self.stages, meeting__isnull=False, meeting__date__lte=latest_meeting,
            **{f"{self.field}__isnull": True}).select_related("meeting").only("pk", "title", "meeting__date"))
        due = [(item, item.meeting.date - datetime.timedelta(days=days)) for item in items]
        due = [(item, date, sweep.milestone(self, date)) for item, date in due]
        due = [row for row in due if row[2]]
        if not due:
            return
        units = _target_units([item.pk for item, _d, _m in due])
        officers = sweep.unit_officer_ids({u for ids in units.values() for u in ids})
        for item, date, milestone in due:
            unit_users = [uid for unit in units.get(item.pk, ()) for uid in officers.get(unit, ())]
            recipients = sweep.recipients_for(milestone, before=[*unit_users, *sweep.staff_ids()],
                                              escalate=sweep.chairs_ids())
            yield sweep.reminder(self, item, date, milestone, recipients, subject=_subject(item.title),
                                 url=_url(item.pk))


class ReportToCommittee(_ReportDeadline):
    code = setting_code = "report_to_committee"
    label = DEFAULTS_BY_CODE["report_to_committee"].name
    field = "report_to_committee_on"
    stages = (Stage.TOPIC, Stage.ORGANISING)


class ReportToStandingCommittee(_ReportDeadline):
    code = setting_code = "report_to_standing_committee"
    label = DEFAULTS_BY_CODE["report_to_standing_committee"].name
    field = "report_to_standing_on"
    stages = (Stage.TOPIC, Stage.ORGANISING, Stage.REPORT)


class ReportToMembers(_ReportDeadline):
    code = setting_code = "report_to_members"
    label = DEFAULTS_BY_CODE["report_to_members"].name
    field = "report_to_members_on"
    stages = (Stage.TOPIC, Stage.ORGANISING, Stage.REPORT)


class _FilingClock(registry.DeadlineKind):
    """One clock of a filing review, read from FilingReview.clocks() (the settings' amounts)."""

    start_field = ""
    done_field = ""

    def reminders(self, sweep):
        rows = list(FilingReview.objects.filter(
            **{f"{self.start_field}__isnull": False, f"{self.start_field}__lte": sweep.horizon(self),
               f"{self.done_field}__isnull": True}).exclude(item__stage=Stage.CLOSED)
            .select_related("item").only("pk", "item__id", "item__title", "issuing_unit_id", "document_title",
                                         "published_on", "filed_on", "form_checked_on", "review_extended",
                                         "reviewed_on", "opinion_sent_on", "answered_on"))
        due = []
        for filing in rows:
            date = next(d for code, _label, d, _done in filing.clocks() if code == self.setting_code)
            milestone = sweep.milestone(self, date)
            if milestone:
                due.append((filing, date, milestone))
        if not due:
            return
        officers = sweep.unit_officer_ids({f.issuing_unit_id for f, _d, _m in due})
        for filing, date, milestone in due:
            recipients = sweep.recipients_for(
                milestone, before=[*officers.get(filing.issuing_unit_id, ()), *sweep.staff_ids()],
                escalate=sweep.chairs_ids())
            yield sweep.reminder(self, filing, date, milestone, recipients,
                                 subject=_subject(filing.document_title), url=_url(filing.item_id))


class FilingDeadline(_FilingClock):
    """Filed within 30 days of publication."""

    code = setting_code = "filing_review"
    label = DEFAULTS_BY_CODE["filing_review"].name
    start_field, done_field = "published_on", "filed_on"


class FormCheckDeadline(_FilingClock):
    code = setting_code = "filing_form_check"
    label = DEFAULTS_BY_CODE["filing_form_check"].name
    start_field, done_field = "filed_on", "form_checked_on"


class ReviewDeadline(_FilingClock):
    code = setting_code = "filing_review_period"
    label = DEFAULTS_BY_CODE["filing_review_period"].name
    start_field, done_field = "filed_on", "reviewed_on"


class AnswerDeadline(_FilingClock):
    code = setting_code = "filing_answer"
    label = DEFAULTS_BY_CODE["filing_answer"].name
    start_field, done_field = "opinion_sent_on", "answered_on"


KINDS = [ReportToCommittee(), ReportToStandingCommittee(), ReportToMembers(), FilingDeadline(), FormCheckDeadline(),
         ReviewDeadline(), AnswerDeadline()]


def register():
    for kind in KINDS:
        registry.register(kind)

"""The appointment steps' dates as deadlines of the reminder sweep (DOMAIN §9): the motion's deadline
before each meeting, each nominee's law exam and meeting, and each constitutional oath.

Who hears: committee staff, and the officers of the nominee's organ office (Nominee.unit). The motion's
deadline goes to staff and the offices that have nominated in the term. A bounded number of queries per
kind, whatever the count."""

import datetime

from django.urls import reverse

from congress_portal.core import deadlines
from congress_portal.core.deadlines import DEFAULTS_BY_CODE
from congress_portal.notifications import registry

from .models import Nominee, Oath, OathTaker, State

WAITING = (State.REGISTERED, State.REVIEWED, State.EXAMINED, State.TO_VOTE)


def nominee_url(pk):
    return reverse("admin:appointments_nominee_change", args=[pk])


class MotionDeadline(registry.DeadlineKind):
    """Motions are due N days (setting appointment_motion) before each meeting; a late one needs the chairs'
    meeting's consent, so the reminder goes out before the day and not after."""

    code = "appointment_motion"
    label = DEFAULTS_BY_CODE["appointment_motion"].name
    setting_code = "appointment_motion"
    escalate = False

    def reminders(self, sweep):
        from congress_portal.meetings.models import StandingCommitteeMeeting

        days = datetime.timedelta(days=deadlines.get_setting(self.setting_code).amount)
        meetings = list(StandingCommitteeMeeting.objects.filter(
            date__gte=sweep.at + days, date__lte=sweep.horizon(self) + days)
            .select_related("term"))
        due = [(m, m.date - days, sweep.milestone(self, m.date - days)) for m in meetings]
        due = [(m, d, ms) for m, d, ms in due if ms and not ms.startswith("overdue")]
        if not due:
            return
        terms = {m.term_id for m, _d, _ms in due}
        units = dict.fromkeys(Nominee.objects.filter(motion__meeting__term_id__in=terms, unit__isnull=False)
                              .values_list("unit_id", flat=True).distinct())
        officers = sweep.unit_officer_ids(set(units))
        office_users = [uid for ids in officers.values() for uid in ids]
        for meeting, day, milestone in due:
            yield sweep.reminder(self, meeting, day, milestone, list(sweep.staff_ids()) + office_users,
                                 subject=str(meeting), url=reverse("admin:appointments_motion_add"))


class _NomineeDate(registry.DeadlineKind):
    """A date of a nominee's process: the organ office's officers and staff before it; staff after it."""

    escalate = False

    def rows(self, sweep):  # pragma: no cover - interface
        raise NotImplementedError

    def reminders(self, sweep):
        rows = list(self.rows(sweep))
        due = [(n, self.due_of(n), sweep.milestone(self, self.due_of(n))) for n in rows]
        due = [(n, d, m) for n, d, m in due if m]
        officers = sweep.unit_officer_ids({n.unit_id for n, _d, _m in due if n.unit_id})
        for nominee, day, milestone in due:
            office = officers.get(nominee.unit_id, ()) if nominee.unit_id else ()
            late = milestone.startswith("overdue")
            recipients = sweep.staff_ids() if late else list(office) + list(sweep.staff_ids())
            yield sweep.reminder(self, nominee, day, milestone, recipients, subject=str(nominee),
                                 url=nominee_url(nominee.pk))


class ExamDate(_NomineeDate):
    """The law exam set for a nominee (Nominee.exam_scheduled_on), until its score is recorded."""

    code = "appointment_exam"
    label = DEFAULTS_BY_CODE["appointment_exam"].name
    setting_code = "appointment_exam"

    def due_of(self, nominee):
        return nominee.exam_scheduled_on

    def rows(self, sweep):
        return (Nominee.objects.filter(exam_required=True, exam_scheduled_on__isnull=False, exam__isnull=True,
                                       state__in=(State.REGISTERED, State.REVIEWED),
                                       exam_scheduled_on__lte=sweep.horizon(self))
                .only("id", "person_name", "post", "unit_id", "exam_scheduled_on"))


class MeetingDate(_NomineeDate):
    """The committee meeting that votes on a nominee not yet voted on."""

    code = "appointment_meeting"
    label = DEFAULTS_BY_CODE["appointment_meeting"].name
    setting_code = "appointment_meeting"

    def due_of(self, nominee):
        return nominee.motion.meeting.date

    def rows(self, sweep):
        return (Nominee.objects.filter(state__in=WAITING, motion__meeting__date__lte=sweep.horizon(self))
                .select_related("motion__meeting")
                .only("id", "person_name", "post", "unit_id", "motion__id", "motion__meeting__date"))


class OathDate(registry.DeadlineKind):
    """A constitutional oath set for a day and not yet recorded as taken: staff and the sworn's offices."""

    code = "appointment_oath"
    label = DEFAULTS_BY_CODE["appointment_oath"].name
    setting_code = "appointment_oath"
    escalate = False

    def reminders(self, sweep):
        oaths = list(Oath.objects.filter(taken=False, date__lte=sweep.horizon(self)))
        due = [(o, sweep.milestone(self, o.date)) for o in oaths]
        due = [(o, m) for o, m in due if m]
        if not due:
            return
        takers = {}
        for oath_id, name, unit_id in OathTaker.objects.filter(oath__in=[o for o, _m in due]).values_list(
                "oath_id", "nominee__person_name", "nominee__unit_id"):
            takers.setdefault(oath_id, []).append((name, unit_id))
        officers = sweep.unit_officer_ids({u for rows in takers.values() for _n, u in rows if u})
        for oath, milestone in due:
            rows = takers.get(oath.pk, [])
            office = [uid for _n, u in rows if u for uid in officers.get(u, ())]
            before = office + list(sweep.staff_ids())
            recipients = sweep.staff_ids() if milestone.startswith("overdue") else before
            yield sweep.reminder(self, oath, oath.date, milestone, recipients,
                                 subject=f"{oath}：{'、'.join(n for n, _u in rows)}",
                                 url=reverse("admin:appointments_oath_change", args=[oath.pk]))


KINDS = (MotionDeadline(), ExamDate(), MeetingDate(), OathDate())


def register():
    for kind in KINDS:
        registry.register(kind)

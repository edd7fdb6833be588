"""The deadlines of a suggestion that drive reminders (DOMAIN §9), for the notifications sweep.

Each kind reads the deadlines stored on the rows (Suggestion.reply_due, .evaluation_due,
Assignment.reassign_until, .co_opinion_due, Commitment.due_date): a deadline moved by an extension
or a re-handling gets reminders for its new date. Queries are bounded per kind, whatever the count.
"""

from django.urls import reverse
from congress_portal.core.deadlines import DEFAULTS_BY_CODE
from congress_portal.notifications import registry

from .models import Assignment, Commitment, OPEN_HANDLING_STATES, Status, Suggestion

ANSWERING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)


def subject_text(suggestion):
    title = suggestion.title if len(suggestion.title) <= 60 else suggestion.title[:59] + "…"
    return f"{suggestion.number or ''} {title}".strip()


def suggestion_url(suggestion_id):
    return reverse("proposals:detail", args=[suggestion_id])


def _answering_units(suggestion_ids):
    """{suggestion id: [unit ids]} of the active lead and separate-handling units, in one query."""
    result = {}
    for sid, unit_id in Assignment.objects.filter(suggestion_id__in=suggestion_ids, active=True,
                                                  role__in=ANSWERING_ROLES).values_list("suggestion_id", "unit_id"):
        result.setdefault(sid, []).append(unit_id)
    return result


class _SuggestionHandlingDeadline(registry.DeadlineKind):
    """A reply deadline on Suggestion.reply_due, for the suggestions in `states`."""

    states = ()
    staff_from = "overdue"  # the first milestone that also goes to staff

    def reminders(self, sweep):
        suggestions = list(Suggestion.objects.filter(status__in=self.states, reply_due__isnull=False,
                                                     reply_due__lte=sweep.horizon(self))
                           .select_related("key_supervision").only(
                               "pk", "number", "title", "reply_due", "is_key", "key_supervision__leader_id"))
        due = [(s, sweep.milestone(self, s.reply_due)) for s in suggestions]
        due = [(s, m) for s, m in due if m]
        if not due:
            return
        units = _answering_units([s.pk for s, _m in due])
        officers = sweep.unit_officer_ids({u for ids in units.values() for u in ids})
        for s, milestone in due:
            unit_users = [uid for unit in units.get(s.pk, ()) for uid in officers.get(unit, ())]
            key = getattr(s, "key_supervision", None) if s.is_key else None
            staff = list(sweep.staff_ids()) + ([key.leader_id] if key else [])
            if self.staff_from == "due" and milestone == "due":
                unit_users = unit_users + staff
            recipients = sweep.recipients_for(milestone, before=unit_users, overdue=staff,
                                              escalate=sweep.chairs_ids())
            yield sweep.reminder(self, s, s.reply_due, milestone, recipients, subject=subject_text(s),
                                 url=suggestion_url(s.pk))


class ReplyDeadline(_SuggestionHandlingDeadline):
    """Reply within 3 months of assignment (6 with an extension): units; overdue also staff and the
    supervising leader; long overdue also the chairs' meeting."""

    code = "suggestion_reply"
    label = DEFAULTS_BY_CODE["suggestion_reply"].name  # as named in the deadline settings
    setting_code = "suggestion_reply"
    states = (Status.ASSIGNED, Status.HANDLING)


class RehandlingDeadline(_SuggestionHandlingDeadline):
    """Re-handling after 不满意 (1 month): units; staff from the day it is due."""

    code = "suggestion_rehandling"
    label = DEFAULTS_BY_CODE["suggestion_rehandling"].name
    setting_code = "suggestion_rehandling"
    states = (Status.REHANDLING,)
    staff_from = "due"


class ReassignWindow(registry.DeadlineKind):
    """The last working days in which a unit may ask for re-assignment: its officers, before it closes."""

    code = "suggestion_reassign_request"
    label = DEFAULTS_BY_CODE["suggestion_reassign_request"].name
    setting_code = "suggestion_reassign_request"
    working_days = True
    escalate = False

    def reminders(self, sweep):
        rows = list(Assignment.objects.filter(
            active=True, suggestion__status__in=(Status.ASSIGNED, Status.HANDLING),
            reassign_until__gte=sweep.at, reassign_until__lte=sweep.horizon(self), reassign_requests__isnull=True,
        ).select_related("suggestion").only("id", "unit_id", "reassign_until", "suggestion__id",
                                             "suggestion__number", "suggestion__title"))
        due = [(a, sweep.milestone(self, a.reassign_until)) for a in rows]
        due = [(a, m) for a, m in due if m and not m.startswith("overdue")]
        officers = sweep.unit_officer_ids({a.unit_id for a, _m in due})
        for a, milestone in due:
            yield sweep.reminder(self, a, a.reassign_until, milestone, officers.get(a.unit_id, ()),
                                 subject=subject_text(a.suggestion), url=suggestion_url(a.suggestion_id))


class CoOpinionDeadline(registry.DeadlineKind):
    """A co-handling unit's written opinion to the lead unit (1 month): the co-unit's officers."""

    code = "suggestion_co_opinion"
    label = DEFAULTS_BY_CODE["suggestion_co_opinion"].name
    setting_code = "suggestion_co_opinion"
    escalate = False

    def reminders(self, sweep):
        rows = list(Assignment.objects.filter(
            active=True, role=Assignment.Role.CO, co_opinion_due__isnull=False,
            co_opinion_due__lte=sweep.horizon(self), co_opinion__isnull=True,
            suggestion__status__in=OPEN_HANDLING_STATES,
        ).select_related("suggestion").only("id", "unit_id", "co_opinion_due", "suggestion__id",
                                             "suggestion__number", "suggestion__title"))
        due = [(a, sweep.milestone(self, a.co_opinion_due)) for a in rows]
        due = [(a, m) for a, m in due if m]
        officers = sweep.unit_officer_ids({a.unit_id for a, _m in due})
        for a, milestone in due:
            yield sweep.reminder(self, a, a.co_opinion_due, milestone, officers.get(a.unit_id, ()),
                                 subject=subject_text(a.suggestion), url=suggestion_url(a.suggestion_id))


class EvaluationDeadline(registry.DeadlineKind):
    """The deputy's rating within 15 working days of the reply: the deputy; staff when it is missed."""

    code = "suggestion_evaluation"
    label = DEFAULTS_BY_CODE["suggestion_evaluation"].name
    setting_code = "suggestion_evaluation"
    working_days = True
    escalate = False

    def reminders(self, sweep):
        rows = list(Suggestion.objects.filter(status=Status.REPLIED, evaluation_due__isnull=False,
                                              evaluation_due__lte=sweep.horizon(self))
                    .only("id", "number", "title", "evaluation_due", "lead_deputy_id"))
        due = [(s, sweep.milestone(self, s.evaluation_due)) for s in rows]
        due = [(s, m) for s, m in due if m]
        deputies = sweep.deputy_user_ids({s.lead_deputy_id for s, _m in due})
        for s, milestone in due:
            recipients = sweep.staff_ids() if milestone.startswith("overdue") else [deputies.get(s.lead_deputy_id)]
            yield sweep.reminder(self, s, s.evaluation_due, milestone, recipients, subject=subject_text(s),
                                 url=suggestion_url(s.pk))


class CommitmentDeadline(registry.DeadlineKind):
    """A commitment of a reply, on its own date: the unit's officers; staff when overdue."""

    code = "commitment_due"
    label = DEFAULTS_BY_CODE["commitment_due"].name
    setting_code = "commitment_due"

    def reminders(self, sweep):
        rows = list(Commitment.objects.filter(fulfilled_at__isnull=True, due_date__lte=sweep.horizon(self))
                    .select_related("suggestion").only("id", "unit_id", "due_date", "content", "suggestion__id",
                                                        "suggestion__number", "suggestion__title"))
        due = [(c, sweep.milestone(self, c.due_date)) for c in rows]
        due = [(c, m) for c, m in due if m]
        officers = sweep.unit_officer_ids({c.unit_id for c, _m in due})
        for c, milestone in due:
            recipients = sweep.recipients_for(milestone, before=officers.get(c.unit_id, ()),
                                              overdue=sweep.staff_ids(), escalate=sweep.chairs_ids())
            content = c.content if len(c.content) <= 40 else c.content[:39] + "…"
            yield sweep.reminder(self, c, c.due_date, milestone, recipients,
                                 subject=f"{subject_text(c.suggestion)}: {content}",
                                 url=suggestion_url(c.suggestion_id))


KINDS = (ReplyDeadline(), RehandlingDeadline(), ReassignWindow(), CoOpinionDeadline(), EvaluationDeadline(),
         CommitmentDeadline())


def register():
    for kind in KINDS:
        registry.register(kind)

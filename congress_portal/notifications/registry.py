"""Deadline kinds: each app registers the deadlines it stores, the sweep asks each for what is due.

A kind is a small object with `code`, `label` and `reminders(sweep)`. `reminders` returns the
reminders due as of `sweep.at`, reading the deadlines stored in the database with a bounded number
of queries (one for the subjects, a few for their recipients), never one per subject.

    class ReplyDeadline(DeadlineKind):
        code = "suggestion_reply"           # also the code of the Delivery rows
        label = _("Reply to a suggestion")
        setting_code = "suggestion_reply"   # core DeadlineSetting with the reminder offsets

        def reminders(self, sweep):
            for s in Suggestion.objects.filter(reply_due__lte=sweep.horizon(self)) ...:
                milestone = sweep.milestone(self, s.reply_due)
                if milestone:
                    yield sweep.reminder(self, s, s.reply_due, milestone, recipients, subject=str(s))

    registry.register(ReplyDeadline())      # from AppConfig.ready()
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from congress_portal.core import deadlines, workdays

_KINDS = {}


@dataclass(frozen=True)
class Reminder:
    content_type_id: int
    object_id: int
    kind: str
    due: datetime.date
    milestone: str  # before:N | due | overdue | overdue:escalate
    recipients: tuple  # user ids
    context: dict = field(default_factory=dict, compare=False, hash=False)


class DeadlineKind:
    code = ""
    label = ""
    setting_code = ""  # the core DeadlineSetting whose reminder offsets apply; "" for none
    working_days = False  # offsets counted in working days (the official calendar)
    offsets_override = None  # a fixed tuple of offsets instead of the setting's
    escalate = True  # long overdue goes to the chairs' meeting

    def reminders(self, sweep):  # pragma: no cover - interface
        raise NotImplementedError


def register(kind):
    if not kind.code:
        raise ValueError("a deadline kind needs a code")
    _KINDS[kind.code] = kind
    return kind


def kinds():
    return list(_KINDS.values())


def get(code):
    return _KINDS.get(code)


def escalate_after_days():
    """Days past the deadline after which it goes to the chairs' meeting (setting)."""
    return int(getattr(settings, "NOTIFICATIONS_ESCALATE_AFTER_DAYS", 30))


class Sweep:
    """The state of one sweep as of day `at`: memoised look-ups shared by every kind."""

    def __init__(self, at: datetime.date):
        self.at = at
        self._offsets = {}
        self._staff = None
        self._chairs = None
        self._cts = {}

    # --- dates --------------------------------------------------------------------------
    def offsets(self, kind):
        if kind.offsets_override is not None:
            return tuple(sorted(kind.offsets_override, reverse=True))
        if not kind.setting_code:
            return ()
        if kind.setting_code not in self._offsets:
            self._offsets[kind.setting_code] = tuple(deadlines.get_setting(kind.setting_code).reminder_offsets())
        return self._offsets[kind.setting_code]

    def horizon(self, kind):
        """The latest deadline that can have a reminder today: fetch deadlines up to this day."""
        furthest = max(self.offsets(kind), default=0)
        if kind.working_days:
            return workdays.add_working_days(self.at, furthest)
        return self.at + datetime.timedelta(days=furthest)

    def remaining(self, kind, due):
        if kind.working_days:
            return workdays.working_days_between(self.at, due)
        return (due - self.at).days

    def milestone(self, kind, due):
        """The latest milestone reached by `at` for a deadline on `due`, or None.

        Only the latest: a sweep that missed a day still sends the one that matters now, and a
        deadline set 5 days ahead gets its "7 days" reminder at once, not four stale ones.
        """
        if due is None:
            return None
        remaining = self.remaining(kind, due)
        if remaining > 0:
            reached = [o for o in self.offsets(kind) if o >= remaining]
            return f"before:{min(reached)}" if reached else None
        if remaining == 0 and due == self.at:
            return "due"
        late = (self.at - due).days
        if late <= 0:  # a working-day deadline on a holiday: remaining 0, not yet past
            return "due"
        if kind.escalate and late >= escalate_after_days():
            return "overdue:escalate"
        return "overdue"

    # --- recipients ---------------------------------------------------------------------
    def staff_ids(self):
        """Committee staff who handle suggestions (all staff when no office is marked so)."""
        if self._staff is None:
            from congress_portal.accounts.models import Role, User

            rows = list(User.objects.filter(role=Role.STAFF, is_active=True)
                        .values_list("pk", "office__handles_suggestions"))
            marked = [pk for pk, handles in rows if handles]
            self._staff = tuple(sorted(marked or [pk for pk, _ in rows]))
        return self._staff

    def chairs_ids(self):
        """Users who sit in the chairs' meeting (chair, vice-chairs, secretary-general)."""
        if self._chairs is None:
            from congress_portal.accounts.models import User
            from congress_portal.organization.models import CommitteeMember

            self._chairs = tuple(sorted(User.objects.filter(
                is_active=True, committee_member__post__in=CommitteeMember.CHAIRS_MEETING_POSTS,
                committee_member__left_on__isnull=True).values_list("pk", flat=True)))
        return self._chairs

    def unit_officer_ids(self, unit_ids):
        """{unit id: (user ids)} for the active officers of these units, in one query."""
        from congress_portal.accounts.models import Role, User

        result = {}
        if not unit_ids:
            return result
        for pk, unit_id in User.objects.filter(role=Role.UNIT_OFFICER, is_active=True,
                                               unit_id__in=set(unit_ids)).values_list("pk", "unit_id"):
            result.setdefault(unit_id, []).append(pk)
        return {k: tuple(sorted(v)) for k, v in result.items()}

    def deputy_user_ids(self, deputy_ids):
        """{deputy id: user id} for deputies who have an active account, in one query."""
        from congress_portal.accounts.models import User

        if not deputy_ids:
            return {}
        return dict(User.objects.filter(is_active=True, deputy_id__in=set(deputy_ids))
                    .values_list("deputy_id", "pk"))

    # --- building reminders -------------------------------------------------------------
    def content_type(self, model):
        if model not in self._cts:
            self._cts[model] = ContentType.objects.get_for_model(model)
        return self._cts[model]

    def reminder(self, kind, obj, due, milestone, recipients, **context):
        """A Reminder for `obj` (a model instance), with the days left/late in its context."""
        recipients = tuple(sorted({r for r in recipients if r}))
        days = abs((due - self.at).days)
        if "subject" not in context:
            context["subject"] = str(obj)
        context["days"] = days
        return Reminder(self.content_type(type(obj)).pk, obj.pk, kind.code, due, milestone, recipients, context)

    def recipients_for(self, milestone, *, before, overdue=(), escalate=()):
        """Who hears of a milestone: `before` until the day; `overdue` added after; `escalate` when long late."""
        ids = set(before)
        if milestone.startswith("overdue"):
            ids.update(overdue)
        if milestone == "overdue:escalate":
            ids.update(escalate)
        return ids

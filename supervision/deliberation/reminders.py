"""The deadlines of rectifications and inquiry commitments, for the notifications sweep (DOMAIN §9).

Each kind reads the dates stored on the rows (Rectification.due_date, moved by a second round;
InquiryCommitment.due_date). Before the day the target body's officers are reminded; once overdue the
owning committee's staff and the leader in charge too; long overdue also the chairs' meeting. A bounded
number of queries per kind, whatever the count.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress_portal.accounts.models import Role, User
from congress_portal.core.deadlines import DEFAULTS_BY_CODE
from congress_portal.notifications import registry
from supervision.models import Kind

from .models import OPEN_RECT_STATES, InquiryCommitment, Rectification


def _committee_people(items):
    """{item id: [user ids]}: the owning committee's staff and the leader in charge (2 queries)."""
    committees = {i.committee_id for i in items}
    leaders = {i.leader_id for i in items if i.leader_id}
    staff = {}
    for pk, office in User.objects.filter(role=Role.STAFF, is_active=True, office_id__in=committees).values_list(
            "pk", "office_id"):
        staff.setdefault(office, []).append(pk)
    leader_users = dict(User.objects.filter(is_active=True, committee_member_id__in=leaders).values_list(
        "committee_member_id", "pk")) if leaders else {}
    return {i.pk: staff.get(i.committee_id, []) + ([leader_users[i.leader_id]] if i.leader_id in leader_users
                                                   else []) for i in items}


class _RectificationDeadline(registry.DeadlineKind):
    budget = False

    def reminders(self, sweep):
        qs = Rectification.objects.filter(state__in=OPEN_RECT_STATES, due_date__lte=sweep.horizon(self))
        qs = (qs.filter(issue__opinion__item__kind=Kind.BUDGET_RECTIFICATION) if self.budget
              else qs.exclude(issue__opinion__item__kind=Kind.BUDGET_RECTIFICATION))
        rows = list(qs.select_related("issue__opinion__item").only(
            "id", "unit_id", "due_date", "round", "issue__text", "issue__opinion__title",
            "issue__opinion__item__id", "issue__opinion__item__committee_id",
            "issue__opinion__item__leader_id", "issue__opinion__item__kind"))
        due = [(r, sweep.milestone(self, r.due_date)) for r in rows]
        due = [(r, m) for r, m in due if m]
        if not due:
            return
        officers = sweep.unit_officer_ids({r.unit_id for r, _m in due})
        people = _committee_people({r.issue.opinion.item for r, _m in due})
        for r, milestone in due:
            recipients = sweep.recipients_for(milestone, before=officers.get(r.unit_id, ()),
                                              overdue=people.get(r.issue.opinion.item_id, ()),
                                              escalate=sweep.chairs_ids())
            text = r.issue.text if len(r.issue.text) <= 40 else r.issue.text[:39] + "…"
            yield sweep.reminder(self, r, r.due_date, milestone, recipients,
                                 subject=f"{r.issue.opinion.title}：{text}",
                                 url=reverse("deliberation:rectification", args=[r.pk]))


class RectificationDeadline(_RectificationDeadline):
    code = "rectification_report"
    label = DEFAULTS_BY_CODE["rectification_report"].name
    setting_code = "rectification_report"


class BudgetRectificationDeadline(_RectificationDeadline):
    code = "rectification_report_budget"
    label = DEFAULTS_BY_CODE["rectification_report_budget"].name
    setting_code = "rectification_report_budget"
    budget = True


class InquiryCommitmentDeadline(registry.DeadlineKind):
    """A commitment made in a special inquiry, on its own date: the unit; staff of the owning committee
    and the leader in charge when overdue; the chairs' meeting when long overdue."""

    code = "inquiry_commitment_due"
    label = _("Inquiry commitment due")
    setting_code = "commitment_due"

    def reminders(self, sweep):
        rows = list(InquiryCommitment.objects.filter(fulfilled_at__isnull=True, due_date__lte=sweep.horizon(self))
                    .select_related("inquiry__item").only(
                        "id", "unit_id", "due_date", "content", "inquiry__title", "inquiry__item__id",
                        "inquiry__item__committee_id", "inquiry__item__leader_id"))
        due = [(c, sweep.milestone(self, c.due_date)) for c in rows]
        due = [(c, m) for c, m in due if m]
        if not due:
            return
        officers = sweep.unit_officer_ids({c.unit_id for c, _m in due})
        people = _committee_people({c.inquiry.item for c, _m in due})
        for c, milestone in due:
            recipients = sweep.recipients_for(milestone, before=officers.get(c.unit_id, ()),
                                              overdue=people.get(c.inquiry.item_id, ()),
                                              escalate=sweep.chairs_ids())
            content = c.content if len(c.content) <= 40 else c.content[:39] + "…"
            yield sweep.reminder(self, c, c.due_date, milestone, recipients,
                                 subject=f"{c.inquiry.title}：{content}", url=reverse("deliberation:commitments"))


KINDS = (RectificationDeadline(), BudgetRectificationDeadline(), InquiryCommitmentDeadline())


def register():
    for kind in KINDS:
        registry.register(kind)

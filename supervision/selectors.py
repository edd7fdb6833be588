"""Reads of the supervision plan and items, scoped to the user, each a fixed number of queries."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from congress_portal.accounts.permissions import is_leader, is_staff_member, is_unit_officer
from congress_portal.core import deadlines
from congress_portal.core.searching import contains_lookup
from deputies.models import canonical_tracking_code

from .models import Stage, SupervisionItem, SupervisionPlan, TopicProposal

OPEN_BEFORE_REPORT = (Stage.TOPIC, Stage.ORGANISING)


def can_see_all(user):
    return user.is_authenticated and (is_staff_member(user) or is_leader(user))


def visible_items(user):
    """Staff and leaders see every item; a target body's officers only the items addressed to their unit;
    anyone else none."""
    queryset = SupervisionItem.objects.all()
    if can_see_all(user):
        return queryset
    if user.is_authenticated and is_unit_officer(user) and user.unit_id:
        return queryset.filter(target_units=user.unit_id)
    return queryset.none()


def report_overdue_q(today=None):
    """Items whose report to the committee (20 days before the meeting, a setting) is late."""
    today = today or timezone.localdate()
    days = deadlines.get_setting("report_to_committee").amount
    return Q(stage__in=OPEN_BEFORE_REPORT, report_to_committee_on__isnull=True,
             meeting__date__lt=today + datetime.timedelta(days=days))


def item_list(user, *, year=None, kind="", stage="", committee=None, q="", overdue=False):
    """The items `user` may see, filtered; the page's rows with committee, meeting and target bodies."""
    queryset = visible_items(user)
    if year:
        queryset = queryset.filter(year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    if stage:
        queryset = queryset.filter(stage=stage)
    if committee:
        queryset = queryset.filter(committee=committee)
    if q:
        queryset = queryset.filter(**{contains_lookup("title", q): q})
    if overdue:
        queryset = queryset.filter(report_overdue_q())
    return (queryset.select_related("committee", "meeting__term")
            .prefetch_related("target_units").order_by("-year", "id"))


def item_detail(user, pk):
    """The item with everything its page shows, or None when `user` may not see it."""
    return (visible_items(user).filter(pk=pk)
            .select_related("committee", "leader", "meeting__term", "plan", "agenda_item", "filing__issuing_unit",
                            "source_project__candidate__solicitation")
            .prefetch_related("target_units", "documents", "inspection_groups", "visits", "findings",
                              Prefetch("appraisals", queryset=_appraisals()),
                              Prefetch("topics", queryset=TopicProposal.objects.order_by("submitted_at")))
            .first())


def opinion_issued(item):
    """Whether a deliberation opinion of `item` has been issued to its target bodies (one query)."""
    from .deliberation.models import Opinion

    return item.deliberation_opinions.filter(state=Opinion.State.ISSUED).exists()


def _appraisals():
    from .models import Appraisal

    return Appraisal.objects.select_related("unit").order_by("id")


def items_of_unit(user, limit=10):
    """A target body's open items, for its workbench card: (count, first rows)."""
    queryset = visible_items(user).exclude(stage=Stage.CLOSED) if is_unit_officer(user) else None
    if queryset is None:
        return 0, []
    rows = list(queryset.select_related("meeting").order_by("-year", "id")[:limit + 1])
    count = len(rows) if len(rows) <= limit else queryset.count()
    return count, rows[:limit]


def open_plan(today=None):
    """The plan whose topic solicitation is open today, or None."""
    today = today or timezone.localdate()
    return (SupervisionPlan.objects.filter(topics_open_on__lte=today, topics_close_on__gte=today)
            .order_by("-year").first())


def published_years():
    return list(SupervisionPlan.objects.filter(published_at__isnull=False).values_list("year", flat=True))


def published_plan(year):
    """The published plan of `year` with its items grouped by committee, or None: the public sees nothing
    of a plan before it is published."""
    plan = SupervisionPlan.objects.filter(year=year, published_at__isnull=False).first()
    if plan is None:
        return None, []
    items = list(plan.items.select_related("committee", "meeting__term").prefetch_related("target_units")
                 .order_by("committee__sort_order", "committee__name", "kind", "id"))
    groups = []
    for item in items:
        if not groups or groups[-1][0] != item.committee:
            groups.append((item.committee, []))
        groups[-1][1].append(item)
    return plan, groups


def topic_by_code(code):
    canonical = canonical_tracking_code(code)
    if canonical is None:
        return None
    return TopicProposal.objects.filter(tracking_code=canonical).select_related("plan", "item").first()


def topics_for_staff(*, plan=None, status=""):
    queryset = TopicProposal.objects.select_related("plan", "item", "proposer")
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("status", "-submitted_at", "-id")


def year_figures(year, today=None):
    """The year's figures for the dashboard section: items by stage and by kind, topics received and
    accepted, items with a report overdue. Four queries."""
    items = SupervisionItem.objects.filter(year=year)
    by_stage = dict(items.values_list("stage").annotate(n=Count("id")).order_by())
    by_kind = dict(items.values_list("kind").annotate(n=Count("id")).order_by())
    topics = TopicProposal.objects.filter(plan__year=year).aggregate(
        received=Count("id"), accepted=Count("id", filter=Q(status=TopicProposal.Status.ACCEPTED)))
    overdue = items.filter(report_overdue_q(today)).count()
    return {"by_stage": by_stage, "by_kind": by_kind, "topics": topics, "overdue": overdue,
            "total": sum(by_stage.values())}

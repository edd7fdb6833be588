"""What the platform shows of the supervision plan: workbench cards and the year's dashboard section."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card
from congress_portal.dashboard import sections

from . import selectors
from .models import Kind, Stage


def _items_url(**params):
    return reverse("supervision:items") + ("?" + urlencode(params) if params else "")


def staff_cards(user):
    """Staff: the items with a report overdue (one query) and the way to the plan and the items."""
    from django.utils import timezone

    from .models import SupervisionItem

    overdue = SupervisionItem.objects.filter(selectors.report_overdue_q()).count()
    year = timezone.localdate().year
    return [Card(_("Supervision items"), overdue, _items_url(overdue="on"),
                 _("Items whose report before the meeting is overdue; the year's plan and its topics."),
                 "danger" if overdue else "primary",
                 items=[(_("This year's items"), _items_url(year=year)),
                        (_("Supervision plan and topics"), reverse("supervision:index"))])]


def leader_cards(user):
    from django.utils import timezone

    return [Card(_("Supervision items"), None, _items_url(year=timezone.localdate().year),
                 _("Every item of the plan with its stage and next date."), "primary")]


def unit_cards(user):
    """A target body's officers: the open items addressed to their unit (two queries at most)."""
    count, rows = selectors.items_of_unit(user)
    if not count:
        return []
    return [Card(_("Supervision of your unit"), count, reverse("supervision:items"),
                 _("Items of the standing committee's supervision addressed to your unit."), "primary",
                 items=[(f"{item.year} {item.title} · {item.get_stage_display()}",
                         reverse("supervision:item", args=[item.pk])) for item in rows])]


def two_years_figures(year, today=None):
    """selectors.year_figures() of `year` and of the year before, in three queries rather than eight: the
    items grouped by year, stage and kind with the overdue ones counted alongside, the topics by year,
    and the report deadline's setting."""
    from django.db.models import Count, Q

    from .models import SupervisionItem, TopicProposal

    years = (year, year - 1)
    figures = {y: {"by_stage": {}, "by_kind": {}, "overdue": 0, "total": 0,
                   "topics": {"received": 0, "accepted": 0}} for y in years}
    for row in (SupervisionItem.objects.filter(year__in=years).order_by().values("year", "stage", "kind")
                .annotate(n=Count("id"), overdue=Count("id", filter=selectors.report_overdue_q(today)))):
        f = figures[row["year"]]
        f["by_stage"][row["stage"]] = f["by_stage"].get(row["stage"], 0) + row["n"]
        f["by_kind"][row["kind"]] = f["by_kind"].get(row["kind"], 0) + row["n"]
        f["overdue"] += row["overdue"]
        f["total"] += row["n"]
    for row in (TopicProposal.objects.filter(plan__year__in=years).order_by().values("plan__year").annotate(
            received=Count("id"), accepted=Count("id", filter=Q(status=TopicProposal.Status.ACCEPTED)))):
        figures[row.pop("plan__year")]["topics"] = row
    return figures[year], figures[year - 1]


def year_section(year):
    """The year's plan in figures: items by stage and kind, topics received and accepted, reports overdue
    (three queries for this year and last year, two_years_figures)."""
    now, before = two_years_figures(year)
    stages = [s for s in Stage]
    kinds = [k for k in Kind if now["by_kind"].get(k.value)]
    return sections.Section(
        code="supervision", title=_("Supervision"),
        figures=[
            sections.Figure("items", _("Supervision items"), now["total"], previous=before["total"],
                            url=_items_url(year=year)),
            sections.Figure("topics_received", _("Topics proposed by the public"), now["topics"]["received"],
                            previous=before["topics"]["received"], url=reverse("supervision:plan_manage", args=[year])),
            sections.Figure("topics_accepted", _("Topics taken into the plan"), now["topics"]["accepted"],
                            previous=before["topics"]["accepted"],
                            url=reverse("supervision:plan_manage", args=[year]) + "?status=accepted"),
            sections.Figure("report_overdue", _("Items with a report overdue"), now["overdue"],
                            url=_items_url(year=year, overdue="on")),
        ],
        charts=[
            sections.Chart("by_stage", _("Where are the year's items?"), "bar",
                           labels=[str(s.label) for s in stages],
                           series=[(_("Items"), [now["by_stage"].get(s.value, 0) for s in stages])],
                           url=_items_url(year=year)),
            sections.Chart("by_kind", _("Which kinds of supervision?"), "hbar",
                           labels=[str(k.label) for k in kinds],
                           series=[(_("Items"), [now["by_kind"][k.value] for k in kinds])], url=_items_url(year=year)),
        ])


def register():
    from congress_portal.core import workbench

    workbench.register("staff", staff_cards, order=18)
    workbench.register("leader", leader_cards, order=18)
    workbench.register("unit_officer", unit_cards, order=45)
    sections.register("supervision", year_section, order=30)

"""The appointments' section of the year (leaders' dashboard, annual work report): the decisions of the
year by kind and by organ, each with last year's figure (同比), drilling down to the list filtered."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from congress_portal.dashboard import sections

from .models import Appraisal, Kind, Nominee, Organ, State
from .selectors import year_range


def _list_url(year, **filters):
    return reverse("appointments:list") + "?" + urlencode({"year": year, "term": "", **filters})


def year_section(year):
    """Two queries: the decisions of the year and the year before (passed and not passed), grouped by
    year, kind, organ and outcome; the appraisals held."""
    both = year_range(year - 1) | {"decided_on__lt": year_range(year)["decided_on__lt"]}
    decided = list(Nominee.objects.filter(state__in=[State.PASSED, State.FAILED], **both)
                   .annotate(y=ExtractYear("decided_on")).values("y", "kind", "organ", "state")
                   .annotate(n=Count("id")).order_by())
    rows = [row for row in decided if row["state"] == State.PASSED]
    by = {}
    for row in rows:
        for key in ("all", ("kind", row["kind"]), ("organ", row["organ"])):
            by.setdefault(row["y"], {}).setdefault(key, 0)
            by[row["y"]][key] += row["n"]
    this, last = by.get(year, {}), by.get(year - 1, {})
    not_passed = {}
    for row in decided:
        if row["state"] == State.FAILED:
            not_passed[row["y"]] = not_passed.get(row["y"], 0) + row["n"]
    appraised = dict(Appraisal.objects.filter(held_on__gte=both["decided_on__gte"], held_on__lt=both["decided_on__lt"])
                     .annotate(y=ExtractYear("held_on")).values("y").annotate(n=Count("id")).values_list("y", "n"))
    appointed = (Kind.APPOINT, Kind.DECIDE)
    removed = (Kind.REMOVE, Kind.RESIGNATION, Kind.DISMISS)
    figures = [
        sections.Figure("decided", _("Appointments and removals decided"), this.get("all", 0),
                        previous=last.get("all", 0), unit="人", url=_list_url(year)),
        sections.Figure("appointed", _("Appointed"), sum(this.get(("kind", k), 0) for k in appointed),
                        previous=sum(last.get(("kind", k), 0) for k in appointed), unit="人", url=_list_url(year)),
        sections.Figure("removed", _("Removed, resigned or dismissed"), sum(this.get(("kind", k), 0) for k in removed),
                        previous=sum(last.get(("kind", k), 0) for k in removed), unit="人", url=_list_url(year)),
        sections.Figure("not_passed", _("Nominations not passed"), not_passed.get(year, 0),
                        previous=not_passed.get(year - 1, 0), unit="人"),
        sections.Figure("appraised", _("Appointed officials appraised"), appraised.get(year, 0),
                        previous=appraised.get(year - 1, 0), unit="人",
                        url=reverse("admin:appointments_appraisal_changelist") + f"?year={year}"),
    ]
    organs = Organ.choices
    kinds = Kind.choices
    charts = [
        sections.Chart("by_organ", _("Which organs had the most appointments and removals?"), "bar",
                       labels=[str(label) for _c, label in organs],
                       series=[(str(year), [this.get(("organ", c), 0) for c, _l in organs]),
                               (str(year - 1), [last.get(("organ", c), 0) for c, _l in organs])],
                       url=_list_url(year)),
        sections.Chart("by_kind", _("Appointments and removals by kind"), "bar",
                       labels=[str(label) for _c, label in kinds],
                       series=[(str(year), [this.get(("kind", c), 0) for c, _l in kinds]),
                               (str(year - 1), [last.get(("kind", c), 0) for c, _l in kinds])],
                       url=_list_url(year)),
    ]
    tables = [sections.Table(
        "by_organ_kind", _("Decisions of the year by organ and kind"),
        [_("organ")] + [str(label) for _c, label in kinds] + [_("Last year")],
        [[str(label)] + [_organ_kind(rows, year, c, k) for k, _l in kinds] + [last.get(("organ", c), 0)]
         for c, label in organs],
        url=_list_url(year))]
    return sections.Section(code="appointments", title=_("Appointments and removals"), figures=figures,
                            charts=charts, tables=tables)


def _organ_kind(rows, year, organ, kind):
    return sum(r["n"] for r in rows if r["y"] == year and r["organ"] == organ and r["kind"] == kind)


def register():
    sections.register("appointments", year_section, order=40)

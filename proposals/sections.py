"""The suggestions' section of the year (the leaders' dashboard and the annual work report).

Registered from ProposalsConfig.ready() through congress_portal/dashboard/sections.py. Counted by the
same rules as the suggestions' dashboard page (proposals/figures.py), so the section equals it. The
five years' figures come from proposals/year_figures.py, kept per month: the kept months still true cost
two queries, counting the others (the one a service just changed) four more and keeping them one; a
fixed number whatever the data size (pinned in tests/dashboard/test_sections.py).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress_portal.dashboard import sections

from .models import Status, Suggestion
from .year_figures import year_figures

LEAGUE_SIZE = 15  # units in the league table and the late-reply chart
TREND_YEARS = 5  # the rates' trend: this year and the four before


def counted():
    """The suggestions the figures count: submitted (drafts are their deputies' own until then) and not
    merged (并案办理: counted in the one they were merged into), as the dashboard page counts them."""
    return Suggestion.objects.submitted().exclude(status=Status.MERGED)


def of_year(suggestions, year):
    """The year of registration (立案); unregistered ones count in the year they were made (the
    dashboard filter's rule)."""
    return suggestions.filter(Q(registered_at__year=year) | Q(registered_at__isnull=True, created_at__year=year))


def list_url(year, **conditions):
    """The suggestions' drill-down list, filtered to the year (and the figure's state, unit...)."""
    return reverse("dashboard:suggestions") + "?" + urlencode({"year": year, **conditions})


def year_section(year):
    first = year - TREND_YEARS + 1
    by_year = year_figures(range(first, year + 1), units_of=[year])
    t, p = by_year[year]["totals"], by_year[year - 1]["totals"]
    c, cp = by_year[year]["commitments"], by_year[year - 1]["commitments"]
    url = list_url(year)
    pieces, items = pgettext("count of documents", "pcs"), pgettext("count of items", "items")
    figures = [
        sections.Figure("total", _("Suggestions"), t["total"], p["total"], pieces, url),
        sections.Figure("replied", _("Replied"), t["replied"], p["replied"], pieces, url),
        sections.Figure("overdue", _("Overdue"), t["overdue"], p["overdue"], pieces, list_url(year, overdue="on"),
                        note=_("Past the reply deadline and not yet answered.")),
        sections.Figure("on_time_rate", _("On-time reply rate"), t["on_time_rate"], p["on_time_rate"], "%", url),
        sections.Figure("resolution_rate", _("Resolution rate (A+B)"), t["resolution_rate"], p["resolution_rate"],
                        "%", url),
        sections.Figure("satisfaction_rate", _("Satisfaction rate"), t["satisfaction_rate"], p["satisfaction_rate"],
                        "%", url),
        sections.Figure("key", _("Key supervision"), t["key"], p["key"], pieces, list_url(year, key="on")),
        sections.Figure("commitments", _("Commitments in reply letters"), c["total"], cp["total"], items, url),
        sections.Figure("commitments_fulfilled", _("Commitments fulfilled"), c["fulfilled"], cp["fulfilled"],
                        items, url),
        sections.Figure("commitments_overdue", _("Commitments overdue"), c["overdue"], cp["overdue"], items, url),
    ]
    counts = by_year[year]["states"]
    states = [(value, label, counts[value]) for value, label in Status.choices if counts.get(value)]
    units = by_year[year]["units"]
    late = [u for u in units if u["overdue"] + u["late"]][:LEAGUE_SIZE]
    # The trend shows the years that had suggestions, as the suggestions' dashboard does.
    trend = [dict(by_year[y]["totals"], year=y) for y in sorted(by_year) if by_year[y]["totals"]["total"]]
    charts = [
        sections.Chart("states", _("Where are this year's suggestions now?"), "bar",
                       labels=[str(label) for _v, label, _n in states],
                       series=[(_("Suggestions"), [n for _v, _l, n in states])], url=url),
        sections.Chart("late_units", _("Which units reply late?"), "stacked",
                       labels=[u["short"] for u in late],
                       series=[(_("On time"), [u["on_time"] for u in late]),
                               (_("Late"), [u["late"] for u in late]),
                               (_("Overdue"), [u["overdue"] for u in late])], url=list_url(year, overdue="on")),
        sections.Chart("trend", _("Are the rates rising year on year?"), "line",
                       labels=[row["year"] for row in trend],
                       series=[(_("On-time reply rate"), [row["on_time_rate"] for row in trend]),
                               (_("Resolution rate (A+B)"), [row["resolution_rate"] for row in trend]),
                               (_("Satisfaction rate"), [row["satisfaction_rate"] for row in trend])]),
    ]
    tables = [sections.Table(
        "units", _("Handling units' league table"),
        [_("Handling unit"), _("Assigned"), _("Replied"), _("On time"), _("Late"), _("Overdue"),
         _("On-time reply rate"), _("Resolution rate (A+B)"), _("Satisfaction rate"), _("Quality score")],
        [[u["name"], u["total"], u["replied"], u["on_time"], u["late"], u["overdue"], u["on_time_rate"],
          u["resolution_rate"], u["satisfaction_rate"], u["quality"]] for u in units[:LEAGUE_SIZE]],
        url=url)]
    return sections.Section("suggestions", _("Deputies' suggestions"), figures, charts, tables)


def register():
    sections.register("suggestions", year_section, order=10)

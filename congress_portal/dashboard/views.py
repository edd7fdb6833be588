"""The leaders' dashboard of the year: every registered section (sections.year_sections), whatever app
it comes from, with last year's value beside each headline figure (同比) and a link to its list."""

import logging

from django import forms
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import role_required
from congress_portal.core.caching import kept
from congress_portal.core.replica import replica_reads

from . import sections

log = logging.getLogger(__name__)

# Figures may be five minutes old (the page says as of when): a short TTL rather than invalidation on
# every write, since a section counts what several apps write and no app should know the cache's keys.
CACHE_SECONDS = 300
YEARS_SHOWN = 10  # this year and the nine before it in the selector
PALETTE = ["#a61b1b", "#1f6fb2", "#6c9a6c", "#e0a43a", "#6f42c1", "#5a6268", "#d63384", "#20c997"]


def year_choices(today=None):
    this_year = (today or timezone.localdate()).year
    return [(y, str(y)) for y in range(this_year, this_year - YEARS_SHOWN, -1)]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=year_choices,
                                  widget=forms.Select(attrs={"class": "form-select"}),
                                  error_messages={"invalid_choice": gettext_lazy(
                                      "Choose one of the years in the list (%(value)s is not one of them).")})


def cache_key(code, year):
    # Per section, year and language (labels are translated when the section is built).
    return f"dashboard:year:v1:{code}:{year}:{translation.get_language()}"


def compute_section(provider, year):
    return {"section": provider.build(year), "computed_at": timezone.now()}


def cached_section(provider, year):
    """One section, kept CACHE_SECONDS; a cache outage computes it (kept); a failing provider leaves
    its place empty with a note rather than failing the whole page. This year's and last year's are
    refreshed in the background every few minutes (tasks.refresh_sections), so a leader rarely waits
    for a cold one."""
    def compute():
        return compute_section(provider, year)

    try:
        return kept(cache_key(provider.code, year), CACHE_SECONDS, compute, what=f"the {provider.code} section")
    except Exception:  # noqa: BLE001 - one app's bug must not hide every other app's figures
        log.exception("dashboard section %s failed for %s", provider.code, year)
        return {"section": None, "code": provider.code, "computed_at": None}


def year_sections(year):
    """Every registered section of `year`, through the cache: the figures sections.year_sections() gives."""
    return [cached_section(provider, year) for provider in sections.providers()]


def _fmt(value):
    if value is None:
        return "—"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    return str(value)


def comparison(figure):
    """同比 as an arrow and a sentence (never colour alone): (direction, text)."""
    if figure.previous is None or figure.value is None:
        return "none", _("No figure for last year")
    diff = figure.value - figure.previous
    unit = _("percentage points") if figure.unit == "%" else figure.unit
    if abs(diff) < 1e-9:
        return "same", _("Same as last year (%(prev)s)") % {"prev": _fmt(figure.previous) + figure.unit}
    text = _("Up %(diff)s %(unit)s on last year (%(prev)s)") if diff > 0 else \
        _("Down %(diff)s %(unit)s on last year (%(prev)s)")
    return ("up" if diff > 0 else "down"), text % {
        "diff": _fmt(round(abs(diff), 1)), "unit": unit, "prev": _fmt(figure.previous) + figure.unit}


def _chart_spec(chart):
    return {"kind": chart.kind, "labels": [str(label) for label in chart.labels],
            "series": [{"name": str(name), "values": list(values), "color": PALETTE[i % len(PALETTE)]}
                       for i, (name, values) in enumerate(chart.series)]}


def _rows_html(rows):
    """The body rows of a figures table, [(row header, [values])], as the template wrote them (a header cell, then
    one right-aligned cell a value, "—" for none), built here: the page's few hundred cells cost the template
    engine about half its rendering time."""
    return format_html_join("", '<tr><th scope="row" class="fw-normal">{}</th>{}</tr>', (
        (localize(header), format_html_join("", '<td class="text-end">{}</td>', (
            ("—" if value is None else localize(value),) for value in values))) for header, values in rows))


@require_GET
@role_required(Role.STAFF, Role.LEADER)
@replica_reads
def year_dashboard(request):
    """The one leaders' dashboard: the year's figures of every kind of work (staff see it too)."""
    this_year = timezone.localdate().year
    form = YearForm(request.GET if "year" in request.GET else {"year": this_year})
    year = form.cleaned_data["year"] if form.is_valid() else this_year
    shown, charts = [], {}
    for n, entry in enumerate(year_sections(year)):
        section = entry["section"]
        if section is None:
            shown.append({"failed": True, "code": entry["code"]})
            continue
        figures = []
        for figure in section.figures:
            direction, text = comparison(figure)
            figures.append({"f": figure, "value": _fmt(figure.value), "direction": direction, "change": text})
        section_charts = []
        for m, chart in enumerate(section.charts):
            chart_id = f"chart-{n}-{m}"
            charts[chart_id] = _chart_spec(chart)
            section_charts.append({"id": chart_id, "c": chart, "rows": _rows_html(
                (label, [values[i] if i < len(values) else None for _name, values in chart.series])
                for i, label in enumerate(chart.labels))})
        tables = [{"t": table, "rows": _rows_html((row[0], row[1:]) for row in table.rows) if table.rows else ""}
                  for table in section.tables]
        shown.append({"s": section, "figures": figures, "charts": section_charts, "tables": tables,
                      "computed_at": entry["computed_at"]})
    computed = [s["computed_at"] for s in shown if s.get("computed_at")]
    return render(request, "dashboard/year.html", {
        "form": form, "year": year, "sections": shown, "charts": charts,
        "computed_at": min(computed) if computed else None})

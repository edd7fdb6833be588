"""The suggestions' figures per counted year, materialised in YearFigures and checked at every read.

The year section (proposals/sections.py) needs five years of totals (the trend), two of commitments
and this year's states and unit league table. Counting them takes half a second on a district's
50,000 suggestions, most of it on years nobody has touched for months. So each year's figures are
kept in one row and served only while they are still true:

- the row was computed today (overdue counts and due commitments move with the date), and
- no suggestion counted in that year has changed since the row's `as_of`. Every service writes the
  suggestion row with its `updated_at` (proposals/services/_base.py `_save`: assignment, reply,
  commitment report, score, rating ... all of them), so one index range on `updated_at` finds the
  years touched since. A changed row marks both its creation year and its registration year, since
  registering moves an unregistered suggestion from the first to the second.

`as_of` is set SETTLE before the count starts: `updated_at` is written before its transaction
commits, and a write still uncommitted when we counted must still mark the year as changed.

The years that are missing, stale or touched are counted again together (four grouped queries,
however many years) and their rows replaced; the rest cost one query to read. The sweep
(dashboard.refresh_sections, every four minutes) builds this year's and last year's sections, so
the rows stay fresh between leaders' visits.
"""

import datetime

from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .figures import ANSWERING_ROLES, _counts, _with_rates, empty_totals, year_of
from .models import Assignment, Commitment, QualityScore, Status, Suggestion, YearFigures

# Longer than any transaction that writes a suggestion (they lock one row and take milliseconds).
SETTLE = datetime.timedelta(minutes=2)
EMPTY_COMMITMENTS = {"total": 0, "fulfilled": 0, "due": 0, "overdue": 0}


def counted_q(prefix=""):
    """The suggestions the figures count: submitted (drafts are their deputies' own until then) and not
    merged (并案办理: counted in the one they were merged into)."""
    return Q(**{f"{prefix}submitted_at__isnull": False}) & ~Q(**{f"{prefix}status": Status.MERGED})


def years_q(years, prefix=""):
    """Counted in one of `years`: registered (立案) that year, or made that year and not registered (the
    dashboard filter's rule), as date ranges the indexes serve (EXTRACT on the column would not)."""
    q = Q(pk__in=[])
    for year in years:
        q |= Q(**{f"{prefix}registered_at__year": year}) | Q(
            **{f"{prefix}registered_at__isnull": True, f"{prefix}created_at__year": year})
    return q


def _count_years(years):
    """The figures of `years` counted from the suggestions: {year: figures}, four queries."""
    today = timezone.localdate()
    scope = counted_q() & years_q(years)
    figures = {year: {"totals": empty_totals(), "commitments": dict(EMPTY_COMMITMENTS), "states": {}, "units": []}
               for year in years}
    # 1. Totals by state: the states' counts, and the year's totals and rates as their sums (every
    # total is a count, so the states' counts add up to it).
    for row in (Suggestion.objects.filter(scope).annotate(y=year_of(), replied_on=TruncDate("replied_at"))
                .order_by().values("y", "status").annotate(**_counts())):
        f = figures[row.pop("y")]
        f["states"][row.pop("status")] = row["total"]
        totals = f["totals"]
        for key, n in row.items():
            totals[key] += n
    for f in figures.values():
        _with_rates(f["totals"])
    # 2. Commitments in the reply letters, by their suggestion's year.
    s = "suggestion__"
    for row in (Commitment.objects.filter(counted_q(s) & years_q(years, s))
                .annotate(y=year_of(s)).order_by().values("y").annotate(
                    total=Count("pk"),
                    fulfilled=Count("pk", filter=Q(fulfilled_at__isnull=False)),
                    due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
                    overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)))):
        figures[row.pop("y")]["commitments"] = row
    # 3, 4. The answering units' league table and the average score of their reply letters.
    r = "reply__suggestion__"
    quality = {(y, unit): avg for y, unit, avg in (
        QualityScore.objects.filter(counted_q(r) & years_q(years, r), reply__assignment__role__in=ANSWERING_ROLES)
        .annotate(y=year_of(r)).order_by().values_list("y", "reply__assignment__unit")
        .annotate(avg=Avg(ExpressionWrapper((F("compliance") + F("document") + F("effect")) / 3.0,
                                            output_field=FloatField()))))}
    rows = (Assignment.objects.filter(counted_q(s) & years_q(years, s), active=True, role__in=ANSWERING_ROLES)
            .annotate(y=year_of(s), replied_on=TruncDate("suggestion__replied_at"))
            .order_by().values("y", "unit", "unit__name", "unit__short_name").annotate(**_counts(s)))
    for row in rows:
        row = _with_rates(dict(row))
        row["late"] = row["replied"] - row["on_time"]
        score = quality.get((row["y"], row["unit"]))
        row["quality"] = round(score, 1) if score is not None else None
        row["name"] = row["unit__name"]
        row["short"] = row["unit__short_name"] or row["unit__name"]
        figures[row.pop("y")]["units"].append(row)
    for f in figures.values():
        # As the suggestions' dashboard ranks them (figures.league_table).
        f["units"].sort(key=lambda u: (-(u["overdue"] + u["late"]), -u["total"], u["name"]))
    return figures


def _touched(kept):
    """The kept years some suggestion of which changed since they were counted (one query)."""
    if not kept:
        return set()
    since = min(row.as_of for row in kept.values())
    touched = set()
    for updated, created, registered in (Suggestion.objects.filter(updated_at__gte=since).order_by()
                                         .values_list("updated_at", "created_at", "registered_at")):
        for moment in (created, registered):
            if moment is None:
                continue
            year = timezone.localtime(moment).year
            if year in kept and updated >= kept[year].as_of:
                touched.add(year)
    return touched


def year_figures(years):
    """{year: {"totals", "commitments", "states", "units"}} for `years`, equal to counting them now: the
    kept rows still true (two queries), the others counted again (four more) and kept (one more)."""
    years = sorted(set(years))
    today = timezone.localdate()
    kept = {row.year: row for row in YearFigures.objects.filter(year__in=years, computed_on=today)}
    touched = _touched(kept)
    stale = [y for y in years if y not in kept or y in touched]
    result = {y: kept[y].figures for y in years if y not in stale}
    if stale:
        as_of = timezone.now() - SETTLE
        counted = _count_years(stale)
        YearFigures.objects.bulk_create(
            [YearFigures(year=y, figures=counted[y], computed_on=today, as_of=as_of) for y in stale],
            update_conflicts=True, unique_fields=["year"], update_fields=["figures", "computed_on", "as_of"])
        result.update(counted)
    return result

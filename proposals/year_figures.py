"""The suggestions' figures per counted year, kept per month in MonthFigures and checked at every read.

The year section (proposals/sections.py) needs five years of totals (the trend), two of commitments
and this year's states and unit league table. Counting them takes half a second on a district's
50,000 suggestions, most of it on months nobody has touched for weeks. So each month's figures are
kept in one row and served only while they are still true:

- the row was computed today (overdue counts and due commitments move with the date), and
- no suggestion counted in that month has changed since the row's `as_of`. Every service writes the
  suggestion row with its `updated_at` (proposals/services/_base.py `_save`: assignment, reply,
  commitment report, score, rating ... all of them), so one index range on `updated_at` finds the
  months touched since. A changed row marks both its creation month and its registration month, since
  registering moves an unregistered suggestion from the first to the second.

A month, not a year: on a working day some suggestion of this year changes every few minutes, and
counting this year's 6,000 suggestions again took 120-180 ms; counting the one month touched takes a
twelfth of that. Every figure is a count or a sum (the rates and the average quality score are worked
out after adding the months), so a year is exactly the sum of its months.

`as_of` is set SETTLE before the count starts: `updated_at` is written before its transaction
commits, and a write still uncommitted when we counted must still mark the month as changed. The writes
of that window already committed (read just before counting) are kept in `seen`, so they do not mark the
month again: one change, one count of its month, however many reads follow.

The months that are missing, stale or touched are counted again together (four grouped queries,
however many months) and their rows replaced; the rest cost one query to read, and the check one more: the
writes since the oldest row's `as_of`. When those pass RECENT_MAX (a busy day, a bulk import), the rows found
still true move their `as_of` on to the check's time (one UPDATE), so the next check reads only what came after. The sweep
(dashboard.refresh_sections, every four minutes) builds this year's and last year's sections, so
the rows stay fresh between leaders' visits.
"""

import datetime
from itertools import groupby
from typing import NamedTuple, Optional

from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, JSONField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from .figures import ANSWERING_ROLES, _counts, _with_rates, year_of
from .models import Assignment, Commitment, MonthFigures, QualityScore, Status, Suggestion

# Longer than any transaction that writes a suggestion (they lock one row and take milliseconds).
SETTLE = datetime.timedelta(minutes=2)
# A read re-reads every write since its oldest kept row was counted; past this many, the rows it found still
# true are moved on to the read's time (`_move_on`), so a day of writes or a bulk import is read once, not at
# every read until midnight.
RECENT_MAX = 200
COMMITMENT_KEYS = ("total", "fulfilled", "due", "overdue")
EMPTY_COMMITMENTS = dict.fromkeys(COMMITMENT_KEYS, 0)
COUNT_KEYS = tuple(_counts())
# A unit's row in a month: its league-table counts, then the sum and number of its reply letters' scores.
UNIT_KEYS = COUNT_KEYS + ("quality_sum", "quality_n")


def counted_q(prefix=""):
    """The suggestions the figures count: submitted (drafts are their deputies' own until then) and not
    merged (并案办理: counted in the one they were merged into)."""
    return Q(**{f"{prefix}submitted_at__isnull": False}) & ~Q(**{f"{prefix}status": Status.MERGED})


def _start(year, month):
    if month > 12:
        year, month = year + 1, 1
    return timezone.make_aware(datetime.datetime(year, month, 1))


def months_q(months, prefix=""):
    """Counted in one of `months` ((year, month) pairs): registered (立案) then, or made then and not
    registered (the dashboard filter's rule), as date ranges the indexes serve (EXTRACT on the column
    would not). Consecutive months make one range, so five whole years are one range, not sixty."""
    q = Q(pk__in=[])
    ordered = sorted(set(months))
    runs = groupby(enumerate(ordered), key=lambda pair: pair[1][0] * 12 + pair[1][1] - pair[0])
    for _key, run in runs:
        run = [month for _index, month in run]
        (y0, m0), (y1, m1) = run[0], run[-1]
        start, end = _start(y0, m0), _start(y1, m1 + 1)
        q |= Q(**{f"{prefix}registered_at__gte": start, f"{prefix}registered_at__lt": end}) | Q(
            **{f"{prefix}registered_at__isnull": True, f"{prefix}created_at__gte": start,
               f"{prefix}created_at__lt": end})
    return q


def month_of(prefix=""):
    return ExtractMonth(Coalesce(f"{prefix}registered_at", f"{prefix}created_at"))


def _empty_month():
    return {"totals": dict.fromkeys(COUNT_KEYS, 0), "states": {}, "commitments": dict(EMPTY_COMMITMENTS)}


def _count_months(months):
    """The figures of `months` counted from the suggestions: {(year, month): (counts, units)}, four
    queries however many months."""
    today = timezone.localdate()
    scope = counted_q() & months_q(months)
    counted = {month: (_empty_month(), {}) for month in months}
    # 1. Totals by state: the states' counts, and the month's totals as their sums.
    for row in (Suggestion.objects.filter(scope).annotate(y=year_of(), m=month_of(),
                                                          replied_on=TruncDate("replied_at"))
                .order_by().values("y", "m", "status").annotate(**_counts())):
        counts = counted[(row.pop("y"), row.pop("m"))][0]
        counts["states"][row.pop("status")] = row["total"]
        for key, n in row.items():
            counts["totals"][key] += n
    # 2. Commitments in the reply letters, by their suggestion's month.
    s = "suggestion__"
    for row in (Commitment.objects.filter(counted_q(s) & months_q(months, s))
                .annotate(y=year_of(s), m=month_of(s)).order_by().values("y", "m").annotate(
                    total=Count("pk"),
                    fulfilled=Count("pk", filter=Q(fulfilled_at__isnull=False)),
                    due=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__gte=today)),
                    overdue=Count("pk", filter=Q(fulfilled_at__isnull=True, due_date__lt=today)))):
        counted[(row.pop("y"), row.pop("m"))][0]["commitments"] = row
    # 3, 4. The answering units' counts, and the sum and number of their reply letters' scores.
    r = "reply__suggestion__"
    quality = {(y, m, unit): (total, n) for y, m, unit, total, n in (
        QualityScore.objects.filter(counted_q(r) & months_q(months, r), reply__assignment__role__in=ANSWERING_ROLES)
        .annotate(y=year_of(r), m=month_of(r)).order_by().values_list("y", "m", "reply__assignment__unit")
        .annotate(total=Sum(ExpressionWrapper((F("compliance") + F("document") + F("effect")) / 3.0,
                                              output_field=FloatField())), n=Count("pk")))}
    rows = (Assignment.objects.filter(counted_q(s) & months_q(months, s), active=True, role__in=ANSWERING_ROLES)
            .annotate(y=year_of(s), m=month_of(s), replied_on=TruncDate("suggestion__replied_at"))
            .order_by().values("y", "m", "unit", "unit__name", "unit__short_name").annotate(**_counts(s)))
    for row in rows:
        y, m, unit = row["y"], row["m"], row["unit"]
        total, n = quality.get((y, m, unit), (0.0, 0))
        counted[(y, m)][1][str(unit)] = [row["unit__name"], row["unit__short_name"],
                                         *(row[key] for key in COUNT_KEYS), total, n]
    return counted


def _year(months, with_units):
    """One year's figures, as the suggestions' dashboard counts them, from its months' rows: every
    count added up, then the rates and the average quality score worked out."""
    totals, states, commitments = dict.fromkeys(COUNT_KEYS, 0), {}, dict(EMPTY_COMMITMENTS)
    units = {}
    for counts, month_units in months:
        for key, n in counts["totals"].items():
            totals[key] += n
        for state, n in counts["states"].items():
            states[state] = states.get(state, 0) + n
        for key, n in counts["commitments"].items():
            commitments[key] += n
        for unit, (name, short, *values) in (month_units or {}).items():
            kept = units.get(unit)
            if kept is None:
                units[unit] = [name, short, *values]
            else:
                for index, value in enumerate(values, start=2):
                    kept[index] += value
    figures = {"totals": _with_rates(totals), "commitments": commitments, "states": states}
    if with_units:
        table = []
        for unit, (name, short, *values) in units.items():
            row = _with_rates(dict(zip(UNIT_KEYS, values)))
            quality_sum, quality_n = row.pop("quality_sum"), row.pop("quality_n")
            row["late"] = row["replied"] - row["on_time"]
            row["quality"] = round(quality_sum / quality_n, 1) if quality_n else None
            row.update(unit=int(unit), unit__name=name, unit__short_name=short, name=name, short=short or name)
            table.append(row)
        # As the suggestions' dashboard ranks them (figures.league_table).
        table.sort(key=lambda u: (-(u["overdue"] + u["late"]), -u["total"], u["name"]))
        figures["units"] = table
    return figures


class Kept(NamedTuple):
    as_of: datetime.datetime
    seen: dict
    counts: dict
    units: Optional[dict]
    pk: Optional[int] = None  # the MonthFigures row, when read from one


def _recent(since):
    """[(pk, updated_at, {(year, month) it counts in})] of the suggestions written since `since` (one query; the
    database gives each date's local year and month, so a bulk import's thousands of rows cost no Python
    time-zone conversions)."""
    recent = []
    for pk, updated, *parts in (Suggestion.objects.filter(updated_at__gte=since).order_by()
                                .values_list("pk", "updated_at", ExtractYear("created_at"), ExtractMonth("created_at"),
                                             ExtractYear("registered_at"), ExtractMonth("registered_at"))):
        recent.append((pk, updated, {(y, m) for y, m in (parts[:2], parts[2:]) if y is not None}))
    return recent


def _touched(kept, recent):
    """The kept months some suggestion of which was written after they were counted: a write after the row's
    `as_of` that its count did not already see (`seen`: the writes of the SETTLE window the count was made
    after). Without `seen`, every read of the two minutes after a change would count its month again."""
    touched = set()
    for pk, updated, months in recent:
        for month in months:
            row = kept.get(month)
            if row is not None and updated >= row.as_of and row.seen.get(str(pk)) != updated.isoformat():
                touched.add(month)
    return touched


def _seen(recent, as_of):
    """{(year, month): {suggestion id: updated_at}} of the writes in `recent` made at or after `as_of`."""
    seen = {}
    for pk, updated, months in recent:
        if updated >= as_of:
            for month in months:
                seen.setdefault(month, {})[str(pk)] = updated.isoformat()
    return seen


def _move_on(kept, recent, read_at, skip):
    """Move the kept months not in `skip` on to `read_at` - SETTLE: every write before it was in `recent` and
    none touched them but the ones their count saw, so they are as true as a count made then. The writes of
    the window after it (all seen, or the month would be touched) become the rows' `seen`. One UPDATE, and only
    of rows still as they were read: a month counted again meanwhile by another read keeps its own."""
    as_of = read_at - SETTLE
    moved = [month for month, row in kept.items() if month not in skip and row.as_of < as_of]
    if not moved:
        return
    seen = _seen(recent, as_of)
    still = Q(pk__in=[])
    for month in moved:
        still |= Q(pk=kept[month].pk, as_of=kept[month].as_of)
    MonthFigures.objects.filter(still).update(as_of=as_of, seen=Case(
        *(When(pk=kept[month].pk, then=Value(seen.get(month, {}), output_field=JSONField())) for month in moved),
        default=F("seen"), output_field=JSONField()))
    for month in moved:
        kept[month] = kept[month]._replace(as_of=as_of, seen=seen.get(month, {}))


def year_figures(years, *, units_of=None):
    """{year: {"totals", "commitments", "states", "units"}} for `years`, equal to counting them now: the
    kept months still true (two queries), the others counted again (four more) and kept (one more).
    "units" (the league table) only for the years in `units_of` (all of `years` by default): the trend
    needs only totals, and a league table is the bulk of a month's row."""
    years = sorted(set(years))
    units_of = set(years if units_of is None else units_of)
    today = timezone.localdate()
    wanted = [(year, month) for year in years for month in range(1, 13)]
    rows = (MonthFigures.objects.filter(year__in=years, computed_on=today).order_by()
            .values_list("pk", "year", "month", "as_of", "seen", "counts",
                         Case(When(year__in=sorted(units_of), then=F("units")), default=Value(None),
                              output_field=JSONField())))
    kept = {(y, m): Kept(as_of, seen, counts, units, pk) for pk, y, m, as_of, seen, counts, units in rows}
    read_at = timezone.now()
    # With nothing kept (the day's first count), the writes of the SETTLE window only: they become the new rows'
    # `seen`, so the first count is not followed by a second for the same writes.
    recent = _recent(min(row.as_of for row in kept.values()) if kept else read_at - SETTLE)
    touched = _touched(kept, recent)
    stale = [month for month in wanted if month not in kept or month in touched]
    if len(recent) > RECENT_MAX:
        _move_on(kept, recent, read_at, set(stale))
    if stale:
        as_of = timezone.now() - SETTLE
        # The writes of the SETTLE window already committed when `recent` was read, hence counted below.
        seen = _seen(recent, as_of)
        counted = _count_months(stale)
        MonthFigures.objects.bulk_create(
            [MonthFigures(year=y, month=m, counts=counted[(y, m)][0], units=counted[(y, m)][1], computed_on=today,
                          as_of=as_of, seen=seen.get((y, m), {})) for y, m in stale],
            update_conflicts=True, unique_fields=["year", "month"],
            update_fields=["counts", "units", "computed_on", "as_of", "seen"])
        for month in stale:
            kept[month] = Kept(as_of, seen.get(month, {}), *counted[month])
    return {year: _year([(kept[(year, month)].counts, kept[(year, month)].units) for month in range(1, 13)],
                        year in units_of) for year in years}

"""Reads for views and reports, already scoped to the user, with a fixed number of queries."""

import datetime
import operator
from dataclasses import dataclass, fields

from django.db.models import Count, Q
from django.utils import timezone

from congress_portal.accounts.permissions import is_deputy, is_staff_member, is_unit_officer
from congress_portal.core.aggregates import IntCount
from congress_portal.core.caching import kept

from . import suggestions_bridge
from .models import Activity, Attendance, Deputy, LiaisonStation, Opinion, Reception

S = Opinion.Status


def opinions_for(user):
    """The opinions this user may see: staff all; a deputy those sent to them, and those sent to their
    station and to no deputy in particular (permissions.addressed_to); a unit officer those forwarded
    to their unit."""
    qs = Opinion.objects.select_related("deputy", "station", "forwarded_unit")
    if is_staff_member(user):
        return qs
    if is_deputy(user):
        q = Q(deputy_id=user.deputy_id)
        if user.deputy.station_id:
            q |= Q(station_id=user.deputy.station_id, deputy_id__isnull=True)
        return qs.filter(q)
    if is_unit_officer(user):
        return qs.filter(forwarded_unit_id=user.unit_id)
    return qs.none()


OPINION_COUNTS = {
    "received": Count("id"),
    "answered": Count("id", filter=Q(answered_at__isnull=False)),
    "closed": Count("id", filter=Q(status=S.CLOSED)),
    "suggested": Count("id", filter=Q(suggestion_id__isnull=False)),
    "open": Count("id", filter=Q(status__in=[S.RECEIVED, S.FORWARDED])),
}


def opinion_counts(group_by, year=None):
    """{key: {received, answered, closed, suggested, open}} grouped by "deputy_id", "station_id" or "street"."""
    qs = Opinion.objects.all()
    if year:
        qs = qs.filter(created_at__year=year)
    rows = qs.order_by().values(group_by).annotate(**OPINION_COUNTS)
    return {row.pop(group_by): row for row in rows}


ACTIVITY_KINDS = [k for k, _label in Activity.Kind.choices]


# Performance attribute -> activity kind counted in it.
ACTIVITY_FIELDS = {
    "activity_days": Activity.Kind.ACTIVITY_DAY, "inspections": Activity.Kind.INSPECTION,
    "research": Activity.Kind.RESEARCH, "training": Activity.Kind.TRAINING, "meetings": Activity.Kind.MEETING,
    "report_back": Activity.Kind.REPORT_BACK,
}


@dataclass(slots=True)
class Performance:
    """履职档案 figures of one deputy for one year (plain attributes: 1,000 rows are read cell by cell)."""

    deputy: object
    year: int
    led: int = 0
    co_signed: int = 0
    replied: int = 0
    solved: int = 0
    opinions: int = 0
    opinions_answered: int = 0
    opinions_suggested: int = 0
    receptions: int = 0
    activity_days: int = 0
    inspections: int = 0
    research: int = 0
    training: int = 0
    meetings: int = 0
    report_back: int = 0
    activity_total: int = 0
    score: int = 0


SORT_KEYS = ["name", "led", "co_signed", "solved", "opinions", "opinions_answered", "receptions",
             "activity_days", "training", "report_back", "activity_total", "score"]


@dataclass
class DeputyRow:
    """The few fields the all-deputies table needs: plain values, 1,000 of them cost no model instances."""

    pk: int
    name: str
    level: str
    group_name: str
    station_name: str

    def get_level_display(self):
        return str(Deputy.Level(self.level).label)


def serving_deputy_rows():
    rows = (Deputy.objects.filter(status=Deputy.Status.SERVING).order_by("group__sort_order", "name", "id")
            .values_list("pk", "name", "level", "group__name", "station__name"))
    return [DeputyRow(pk, name, level, group or "", station or "") for pk, name, level, group, station in rows]


def performance_table(year, deputies=None, sort="name", descending=False):
    """Performance of every serving deputy (or of `deputies`) in `year`, counted now: 5 queries plus the bridge's."""
    if deputies is None:
        deputies = serving_deputy_rows()
        # Count for every deputy and skip the few no longer serving: cheaper than a join on the status,
        # and far cheaper than 1,000 ids in an IN list to send and parse.
        scope, ids = {}, None
    else:
        scope = {"deputy_id__in": [d.pk for d in deputies]}
        ids = [d.pk for d in deputies]
    files = {d.pk: Performance(deputy=d, year=year) for d in deputies}
    for deputy_id, counts in suggestions_bridge.suggestion_counts_by_deputy(ids, year).items():
        perf = files.get(deputy_id)
        if perf:
            perf.led, perf.co_signed = counts.get("led", 0), counts.get("co_signed", 0)
            perf.replied, perf.solved = counts.get("replied", 0), counts.get("solved", 0)
    opinions = (Opinion.objects.filter(**scope, created_at__year=year).order_by().values("deputy_id")
                .annotate(n=IntCount("id"), answered=IntCount("id", filter=Q(answered_at__isnull=False)),
                          suggested=IntCount("id", filter=Q(suggestion_id__isnull=False)))
                .values_list("deputy_id", "n", "answered", "suggested"))
    for deputy_id, n, answered, suggested in opinions:
        if perf := files.get(deputy_id):
            perf.opinions, perf.opinions_answered, perf.opinions_suggested = n, answered, suggested
    receptions = (Reception.deputies.through.objects.filter(**scope, reception__date__year=year)
                  .order_by().values("deputy_id").annotate(n=IntCount("id")).values_list("deputy_id", "n"))
    for deputy_id, n in receptions:
        if perf := files.get(deputy_id):
            perf.receptions = n
    # Only activities already held count: one confirmed ahead of its day is not yet attended.
    attended = (Attendance.objects.filter(**scope, attended=True, activity__date__year=year,
                                          activity__date__lte=timezone.localdate())
                .order_by().values("deputy_id")
                .annotate(**{name: IntCount("id", filter=Q(activity__kind=kind)) for name, kind in ACTIVITY_FIELDS.items()})
                .values_list("deputy_id", *ACTIVITY_FIELDS))
    names = list(ACTIVITY_FIELDS)
    for deputy_id, *counts in attended:
        if perf := files.get(deputy_id):
            for name, n in zip(names, counts, strict=True):
                setattr(perf, name, n)
            perf.activity_total = sum(counts)
    for perf in files.values():
        # A simple overall figure for sorting only; the booklet shows the parts, never a grade.
        perf.score = (perf.led * 3 + perf.co_signed + perf.opinions_answered + perf.opinions_suggested * 2
                      + perf.receptions * 2 + perf.activity_total)
    return sort_performance(list(files.values()), sort, descending)


def sort_performance(rows, sort="name", descending=False):
    """`rows` (in group and name order) sorted in place by a SORT_KEYS figure, ties by name."""
    if sort in SORT_KEYS and sort != "name":
        rows.sort(key=lambda p: (getattr(p, sort), p.deputy.name), reverse=descending)
    elif descending:
        rows.reverse()
    return rows


PERFORMANCE_CACHE_SECONDS = 300
_deputy_values = operator.attrgetter(*(f.name for f in fields(DeputyRow)))
_figures = operator.attrgetter(*(f.name for f in fields(Performance) if f.name not in ("deputy", "year")))


def performance_cache_key(year):
    return f"deputies:performance:v1:{year}"


def cached_performance_table(year, sort="name", descending=False):
    """-> (rows, computed_at): `performance_table()` of every serving deputy, kept PERFORMANCE_CACHE_SECONDS
    per year like the leaders' dashboard. Counting 1,000 deputies takes ~40 ms, so the staff table shows
    figures up to five minutes old and says as of when; a deputy's file, the booklet and the Excel export
    always count afresh."""
    def compute():
        # Plain tuples: a third less to store than pickled dataclasses, and twice as fast both ways.
        return [(_deputy_values(p.deputy), _figures(p)) for p in performance_table(year)], timezone.now()

    packed, computed_at = kept(performance_cache_key(year), PERFORMANCE_CACHE_SECONDS, compute,
                               what="the deputies' performance table")
    rows = [Performance(DeputyRow(*deputy), year, *figures) for deputy, figures in packed]
    return sort_performance(rows, sort, descending), computed_at


def performance_file(deputy, year):
    """One deputy's yearly file: the figures and the lists behind them (a fixed number of queries)."""
    perf = performance_table(year, deputies=[deputy])[0]
    activities = list(Attendance.objects.filter(deputy=deputy, activity__date__year=year)
                      .select_related("activity", "activity__station").order_by("activity__date"))
    today = timezone.localdate()
    for a in activities:
        a.current = a.standing(today)
    receptions = list(Reception.objects.filter(deputies=deputy, date__year=year).select_related("station")
                      .order_by("date"))
    opinions = list(Opinion.objects.filter(deputy=deputy, created_at__year=year).order_by("created_at")
                    .only("id", "text", "status", "created_at", "answer", "suggestion_id", "street"))
    return {"perf": perf, "attendances": activities, "receptions": receptions, "opinions": opinions}


def coming_activities(deputy, today=None, limit=10):
    today = today or datetime.date.today()
    return list(Attendance.objects.filter(deputy=deputy, activity__date__gte=today)
                .select_related("activity", "activity__station").order_by("activity__date")[:limit])


def station_with_deputies(public_code):
    station = LiaisonStation.objects.get(public_code=public_code, is_active=True)
    deputies = list(station.deputies.filter(status=Deputy.Status.SERVING).select_related("group").order_by("name"))
    return station, deputies

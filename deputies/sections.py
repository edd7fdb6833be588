"""The deputies' section of the year: activities, liaison stations, receptions and citizens' opinions.

Registered from DeputiesConfig.ready() through congress_portal/dashboard/sections.py (the leaders'
dashboard and the annual work report). Four queries whatever the data size, each counting this year
and last year at once (pinned in tests/dashboard/test_sections.py): activities with their attendances,
receptions per station, opinions per street and station, the stations. Drill-downs go to the staff's
and leaders' own pages filtered to the year: the performance table (activities per deputy) and the
stations' list (receptions and opinions per station and street).
"""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress_portal.dashboard import sections

from .models import Activity, Attendance, LiaisonStation, Opinion, Reception

STATION_ROWS = 15  # stations in the table, those with the most opinions first
STREET_BARS = 15


def _url(name, year):
    return reverse(name) + "?" + urlencode({"year": year})


def _two_years(field, year, **extra):
    """Conditional counts of this year ("now") and last year ("prev") on a date or datetime field."""
    return {"now": Count("id", filter=Q(**{f"{field}__year": year}, **extra)),
            "prev": Count("id", filter=Q(**{f"{field}__year": year - 1}, **extra))}


def _aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def year_section(year):
    today = timezone.localdate()
    times, pieces = pgettext("count of occasions", "times"), pgettext("count of documents", "pcs")
    people, places = pgettext("count of people", "people"), pgettext("count of places", "places")
    performance, stations_url = _url("deputies:performance_table", year), _url("deputies:station_list", year)

    # Two years as one date range an index serves (EXTRACT(year) would not).
    span = {"gte": datetime.date(year - 1, 1, 1), "lt": datetime.date(year + 1, 1, 1)}
    # 1. Activities by kind and the deputies' attendances at them, both years (only those already held
    # count, as in the performance files); an activity is counted once however many attended.
    # Each activity's attendances are counted by a subquery on its own index rows: joining them and counting
    # the activities DISTINCT sorted the two years' thousands of attendance rows (15 ms of a 28 ms section).
    attendances = (Attendance.objects.filter(activity=OuterRef("pk"), attended=True).order_by()
                   .values("activity").annotate(n=Count("pk")).values("n"))
    by_kind = {row["kind"]: row for row in Activity.objects.filter(
        date__gte=span["gte"], date__lt=span["lt"], date__lte=today)
        .annotate(attended=Coalesce(Subquery(attendances), 0)).order_by().values("kind").annotate(
        now=Count("id", filter=Q(date__year=year)),
        prev=Count("id", filter=Q(date__year=year - 1)),
        attended_now=Coalesce(Sum("attended", filter=Q(date__year=year)), 0),
        attended_prev=Coalesce(Sum("attended", filter=Q(date__year=year - 1)), 0))}
    activities = [sum(row[k] for row in by_kind.values()) for k in ("now", "prev")]
    attended = {k: sum(row[f"attended_{k}"] for row in by_kind.values()) for k in ("now", "prev")}
    # 2. Receptions and visitors per station, both years: the totals, the stations that received voters
    # and this year's table rows.
    receptions = {row["station_id"]: row for row in Reception.objects.filter(
        date__gte=span["gte"], date__lt=span["lt"]).order_by().values("station_id").annotate(
        **_two_years("date", year),
        visitors_now=Sum("visitors", filter=Q(date__year=year)),
        visitors_prev=Sum("visitors", filter=Q(date__year=year - 1)))}
    rec = {k: sum(r[k] or 0 for r in receptions.values()) for k in ("now", "prev", "visitors_now", "visitors_prev")}
    rec["stations_now"] = sum(1 for r in receptions.values() if r["now"])
    rec["stations_prev"] = sum(1 for r in receptions.values() if r["prev"])
    # 3. Citizens' opinions received, answered and closed, both years, per street and station: the
    # totals, the streets' chart and the stations' table from one GROUP BY.
    counts = {f"{name}_{when}": Count("id", filter=Q(created_at__year=y, **cond))
              for name, cond in (("received", {}), ("answered", {"answered_at__isnull": False}),
                                 ("closed", {"status": Opinion.Status.CLOSED}))
              for when, y in (("now", year), ("prev", year - 1))}
    opinion_rows = list(Opinion.objects.filter(created_at__gte=_aware(span["gte"]), created_at__lt=_aware(span["lt"]))
                        .order_by().values("street", "station_id").annotate(**counts))
    op = {key: sum(row[key] for row in opinion_rows) for key in counts}
    by_street, per_station = {}, {}
    for row in opinion_rows:
        for key, into in ((row["street"], by_street), (row["station_id"], per_station)):
            c = into.setdefault(key, {"received": 0, "answered": 0, "closed": 0})
            for name in c:
                c[name] += row[f"{name}_now"]
    # 4. The active stations (names for the table).
    stations = list(LiaisonStation.objects.filter(is_active=True).order_by("street", "name").values_list("pk", "name"))

    figures = [
        sections.Figure("activities", _("Deputies' activities held"), activities[0], activities[1], times, performance),
        sections.Figure("attendances", _("Deputies' attendances at activities"), attended["now"], attended["prev"],
                        times, performance),
        sections.Figure("stations", _("Active liaison stations"), len(stations), None, places, stations_url),
        sections.Figure("stations_receiving", _("Stations that received voters"), rec["stations_now"],
                        rec["stations_prev"], places, stations_url),
        sections.Figure("receptions", _("Receptions of voters"), rec["now"], rec["prev"], times, stations_url),
        sections.Figure("visitors", _("Voters received"), rec["visitors_now"] or 0, rec["visitors_prev"] or 0,
                        people, stations_url),
        sections.Figure("opinions", _("Citizens' opinions received"), op["received_now"], op["received_prev"], pieces,
                        stations_url),
        sections.Figure("opinions_answered", _("Citizens' opinions answered"), op["answered_now"], op["answered_prev"],
                        pieces, stations_url),
        sections.Figure("opinions_closed", _("Citizens' opinions closed"), op["closed_now"], op["closed_prev"],
                        pieces, stations_url),
    ]

    streets = sorted(((street, c) for street, c in by_street.items() if c["received"]),
                     key=lambda kv: (-kv[1]["received"], kv[0] or ""))[:STREET_BARS]
    rows = []
    for pk, name in stations:
        o, r = per_station.get(pk, {}), receptions.get(pk, {})
        rows.append([name, r.get("now", 0), r.get("visitors_now") or 0, o.get("received", 0), o.get("answered", 0),
                     o.get("closed", 0)])
    rows.sort(key=lambda row: (-row[3], -row[1], row[0]))

    kinds = [(value, label) for value, label in Activity.Kind.choices]
    charts = [
        sections.Chart("activity_kinds", _("What kinds of activities did deputies hold?"), "bar",
                       labels=[str(label) for _v, label in kinds],
                       series=[(str(year), [by_kind.get(v, {}).get("now", 0) for v, _l in kinds]),
                               (str(year - 1), [by_kind.get(v, {}).get("prev", 0) for v, _l in kinds])],
                       url=performance),
        sections.Chart("opinion_streets", _("Where do citizens' opinions come from, and are they closed?"), "stacked",
                       labels=[street or _("(no street)") for street, _c in streets],
                       series=[(_("Closed"), [c["closed"] for _s, c in streets]),
                               (_("Not yet closed"), [c["received"] - c["closed"] for _s, c in streets])],
                       url=stations_url),
    ]
    tables = [sections.Table(
        "stations", _("Liaison stations"),
        [_("Liaison station"), _("Receptions"), _("Voters received"), _("Opinions received"), _("Answered"),
         _("Closed")], rows[:STATION_ROWS], url=stations_url)]
    return sections.Section("deputies", _("Deputies' work"), figures, charts, tables)


def register():
    sections.register("deputies", year_section, order=20)

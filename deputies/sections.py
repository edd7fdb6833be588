"""The deputies' section of the year: activities, liaison stations, receptions and citizens' opinions.

Registered from DeputiesConfig.ready() through congress_portal/dashboard/sections.py (the leaders'
dashboard and the annual work report). Eight queries whatever the data size, each counting this year
and last year at once (pinned in tests/dashboard/test_sections.py). Drill-downs go to the staff's
and leaders' own pages filtered to the year: the performance table (activities per deputy) and the
stations' list (receptions and opinions per station and street).
"""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress_portal.dashboard import sections

from .models import Activity, Attendance, LiaisonStation, Opinion, Reception
from .selectors import opinion_counts

STATION_ROWS = 15  # stations in the table, those with the most opinions first
STREET_BARS = 15


def _url(name, year):
    return reverse(name) + "?" + urlencode({"year": year})


def _two_years(field, year, **extra):
    """Conditional counts of this year ("now") and last year ("prev") on a date or datetime field."""
    return {"now": Count("id", filter=Q(**{f"{field}__year": year}, **extra)),
            "prev": Count("id", filter=Q(**{f"{field}__year": year - 1}, **extra))}


def year_section(year):
    today = timezone.localdate()
    times, pieces = pgettext("count of occasions", "times"), pgettext("count of documents", "pcs")
    people, places = pgettext("count of people", "people"), pgettext("count of places", "places")
    performance, stations_url = _url("deputies:performance_table", year), _url("deputies:station_list", year)

    # 1. Activities by kind, both years (only those already held count, as in the performance files).
    by_kind = {row["kind"]: row for row in Activity.objects.filter(
        date__year__in=[year - 1, year], date__lte=today).order_by().values("kind").annotate(**_two_years("date", year))}
    activities = [sum(row[k] for row in by_kind.values()) for k in ("now", "prev")]
    # 2. Deputies' attendances at them.
    attended = Attendance.objects.filter(attended=True, activity__date__year__in=[year - 1, year],
                                          activity__date__lte=today).aggregate(
        **_two_years("activity__date", year))
    # 3. Receptions, visitors and the stations that received voters.
    rec = Reception.objects.filter(date__year__in=[year - 1, year]).aggregate(
        **_two_years("date", year),
        visitors_now=Sum("visitors", filter=Q(date__year=year)),
        visitors_prev=Sum("visitors", filter=Q(date__year=year - 1)),
        stations_now=Count("station", distinct=True, filter=Q(date__year=year)),
        stations_prev=Count("station", distinct=True, filter=Q(date__year=year - 1)))
    # 4. Citizens' opinions received that year, and how many of them are answered and closed.
    op = Opinion.objects.filter(created_at__year__in=[year - 1, year]).aggregate(
        **_two_years("created_at", year),
        **{f"{name}_{when}": Count("id", filter=Q(created_at__year=y, **cond))
           for name, cond in (("answered", {"answered_at__isnull": False}), ("closed", {"status": Opinion.Status.CLOSED}))
           for when, y in (("now", year), ("prev", year - 1))})
    # 5. The active stations (names for the table).
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
        sections.Figure("opinions", _("Citizens' opinions received"), op["now"], op["prev"], pieces, stations_url),
        sections.Figure("opinions_answered", _("Citizens' opinions answered"), op["answered_now"], op["answered_prev"],
                        pieces, stations_url),
        sections.Figure("opinions_closed", _("Citizens' opinions closed"), op["closed_now"], op["closed_prev"],
                        pieces, stations_url),
    ]

    # 6, 7. Opinions per street and per station this year; 8. receptions per station this year.
    streets = sorted(opinion_counts("street", year).items(), key=lambda kv: (-kv[1]["received"], kv[0]))[:STREET_BARS]
    per_station = opinion_counts("station_id", year)
    receptions = {row["station_id"]: row for row in Reception.objects.filter(date__year=year).order_by()
                  .values("station_id").annotate(n=Count("id"), visitors=Sum("visitors"))}
    rows = []
    for pk, name in stations:
        o, r = per_station.get(pk, {}), receptions.get(pk, {})
        rows.append([name, r.get("n", 0), r.get("visitors") or 0, o.get("received", 0), o.get("answered", 0),
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

"""The suggestions' and the deputies' year sections (congress_portal/dashboard/sections.py registry)."""

import datetime

import pytest
from django.utils import timezone

from congress_portal.dashboard import sections
from proposals import figures
from deputies.models import Activity, Attendance, Opinion, Reception
from proposals.models import Status, Suggestion
from proposals.sections import of_year
from tests import factories
from tests.reports.builders import aware, make_suggestion

pytestmark = pytest.mark.django_db

# Last year and the year before: every date of the fixtures is in the past, whatever today is.
YEAR = timezone.localdate().year - 1


def _suggestions(cast, unit, other_unit, year, rows):
    """rows: (result, rating, unit, days late or None for on time)."""
    made = []
    for n, (result, rating, u, late) in enumerate(rows):
        registered = datetime.date(year, 3, 1) + datetime.timedelta(days=n)
        due = registered + datetime.timedelta(days=93)
        made.append(make_suggestion(
            deputy=cast["deputy"].deputy, staff=cast["staff"], unit=u, status="evaluated" if rating else "replied",
            result=result, rating=rating, registered=registered, reply_due=due,
            reply_day=due + datetime.timedelta(days=late or -5),
            commitments=[("修复路面", datetime.date(year, 9, 1), None)] if result == "B" else []))
    return made


@pytest.fixture
def two_years(cast, unit, other_unit):
    _suggestions(cast, unit, other_unit, YEAR, [("A", "satisfied", unit, None), ("B", "basically", unit, None),
                                                ("C", "dissatisfied", other_unit, 4), ("D", "", other_unit, None)])
    _suggestions(cast, unit, other_unit, YEAR - 1, [("A", "satisfied", unit, None), ("C", "dissatisfied", unit, 2)])


def test_registered_sections_in_order():
    codes = [p.code for p in sections.providers()]
    assert codes.index("suggestions") < codes.index("deputies")


def test_suggestions_section_equals_the_dashboard_and_compares_with_last_year(two_years, unit, other_unit):
    section = sections._PROVIDERS["suggestions"].build(YEAR)
    assert section.code == "suggestions"
    base = Suggestion.objects.submitted()
    t = figures.totals(of_year(base, YEAR))
    f = {fig.key: fig for fig in section.figures}
    assert (f["total"].value, f["total"].previous) == (4, 2)
    assert f["resolution_rate"].value == t["resolution_rate"] == 50.0 and f["resolution_rate"].previous == 50.0
    assert f["satisfaction_rate"].value == 66.7 and f["satisfaction_rate"].previous == 50.0
    assert f["on_time_rate"].value == 75.0 and f["on_time_rate"].previous == 50.0
    assert (f["commitments"].value, f["commitments"].previous, f["commitments_overdue"].value) == (1, 0, 1)
    assert sections.change(f["total"]) == 2
    # Every figure drills down to the suggestions' list filtered to the year.
    assert all(fig.url.startswith("/dashboard/suggestions/?year=%d" % YEAR) for fig in section.figures)
    units = section.tables[0]
    # The unit that replied late leads the league table (as on the dashboard page).
    assert [row[0] for row in units.rows] == [other_unit.name, unit.name]
    assert len(units.columns) == len(units.rows[0])
    late = next(c for c in section.charts if c.key == "late_units")
    assert late.series[1][1] == [1]  # other_unit's one late reply
    trend = next(c for c in section.charts if c.key == "trend")
    assert trend.labels == [YEAR - 1, YEAR]
    assert trend.series[2][1] == [50.0, 66.7]  # satisfaction, last year then this year


def test_a_drill_down_url_lists_what_the_figure_counts(client, cast, two_years):
    from tests.conftest import client_for

    # A deputy's draft of that year is neither counted nor listed (issue 12.4: the deputy's own).
    draft = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.DRAFT,
                            registered=datetime.date(YEAR, 5, 1))
    Suggestion.objects.filter(pk=draft.pk).update(submitted_at=None, registered_at=None, number=None,
                                                  created_at=aware(datetime.date(YEAR, 5, 1)))
    section = sections._PROVIDERS["suggestions"].build(YEAR)
    response = client_for(client, cast["leader"]).get(section.figure("total").url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == section.figure("total").value == 4


def _deputies_data(year, station, deputy):
    for y, n in ((year, 3), (year - 1, 1)):
        for i in range(n):
            activity = Activity.objects.create(kind=Activity.Kind.ACTIVITY_DAY if i else Activity.Kind.INSPECTION,
                                               title="活动", date=datetime.date(y, 5, 1 + i), station=station)
            Attendance.objects.create(activity=activity, deputy=deputy, attended=True)
        reception = Reception.objects.create(station=station, date=datetime.date(y, 6, 1), visitors=7 * n)
        reception.deputies.add(deputy)
        for i in range(n):
            Opinion.objects.create(
                station=station, street=station.street, text="路灯坏了", created_at=aware(datetime.date(y, 6, 1)),
                status=Opinion.Status.CLOSED if i == 0 else Opinion.Status.RECEIVED)


def test_deputies_section_counts_both_years():
    deputy = factories.DeputyFactory()
    _deputies_data(YEAR, deputy.station, deputy)
    # Two more deputies at one activity, one of them absent: the activity counts once, the absent not at all.
    first = Activity.objects.filter(date__year=YEAR).order_by("date").first()
    Attendance.objects.create(activity=first, deputy=factories.DeputyFactory(station=deputy.station), attended=True)
    Attendance.objects.create(activity=first, deputy=factories.DeputyFactory(station=deputy.station), attended=False)
    section = sections._PROVIDERS["deputies"].build(YEAR)
    f = {fig.key: fig for fig in section.figures}
    assert (f["activities"].value, f["activities"].previous) == (3, 1)
    assert (f["attendances"].value, f["attendances"].previous) == (4, 1)
    assert (f["receptions"].value, f["receptions"].previous) == (1, 1)
    assert (f["visitors"].value, f["visitors"].previous) == (21, 7)
    assert (f["opinions"].value, f["opinions"].previous) == (3, 1)
    assert (f["opinions_closed"].value, f["opinions_closed"].previous) == (1, 1)
    assert f["stations"].value == 1 and f["stations_receiving"].value == 1
    assert section.tables[0].rows == [[deputy.station.name, 1, 21, 3, 0, 1]]
    kinds = section.charts[0]
    assert sum(kinds.series[0][1]) == 3 and sum(kinds.series[1][1]) == 1
    assert all(fig.url.endswith(f"?year={YEAR}") for fig in section.figures)


def _count_queries(build, year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        build(year)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("code, queries", [("deputies", 4)])
def test_query_count_is_fixed_whatever_the_data(cast, unit, other_unit, code, queries, django_assert_num_queries):
    build = sections._PROVIDERS[code].build
    with django_assert_num_queries(queries):
        build(YEAR)
    _suggestions(cast, unit, other_unit, YEAR, [("A", "satisfied", unit, None), ("B", "", other_unit, 3)] * 3)
    for _i in range(3):
        deputy = factories.DeputyFactory()
        _deputies_data(YEAR, deputy.station, deputy)
    with django_assert_num_queries(queries):
        build(YEAR)

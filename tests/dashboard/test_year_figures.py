"""The suggestions' figures kept per month (proposals/year_figures.py): served only while true, counted
again when a suggestion of the month changes or the day turns, in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from congress_portal.dashboard import sections
from proposals import figures, services
from proposals.models import MonthFigures, Status, Suggestion
from proposals.sections import counted, of_year
from proposals.year_figures import Kept, _recent, _touched, year_figures
from tests.dashboard.test_sections import YEAR, _suggestions
from tests.reports.builders import aware, make_suggestion

pytestmark = pytest.mark.django_db
YEARS = range(YEAR - 4, YEAR + 1)


@pytest.fixture
def two_years(cast, unit, other_unit):
    _suggestions(cast, unit, other_unit, YEAR, [("A", "satisfied", unit, None), ("B", "basically", unit, None),
                                                ("C", "dissatisfied", other_unit, 4), ("D", "", other_unit, None)])
    _suggestions(cast, unit, other_unit, YEAR - 1, [("A", "satisfied", unit, None), ("C", "dissatisfied", unit, 2)])


def settled():
    """As if every suggestion was last written an hour ago, before the kept rows were counted."""
    Suggestion.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))


def build():
    return sections._PROVIDERS["suggestions"].build(YEAR)


def test_kept_figures_equal_counting_now(two_years):
    counted_now = year_figures(YEARS)
    assert MonthFigures.objects.filter(year__in=YEARS).count() == 5 * 12
    settled()
    assert year_figures(YEARS) == counted_now
    t = figures.totals(of_year(counted(), YEAR))
    assert {k: counted_now[YEAR]["totals"][k] for k in t} == t
    assert counted_now[YEAR]["units"] == [
        {k: row[k] for k in counted_now[YEAR]["units"][0]} for row in figures.league_table(of_year(counted(), YEAR))]


def test_a_change_by_a_service_shows_at_the_next_read(cast, two_years, unit):
    """No waiting for a sweep: the suggestion a service writes marks its year, which is counted again."""
    before = build().figure("key").value
    settled()
    assert build().figure("key").value == before  # from the kept rows
    s = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.HANDLING, unit=unit,
                        registered=datetime.date(YEAR, 4, 1))
    Suggestion.objects.filter(pk=s.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    assert build().figure("total").value == 4  # written "an hour ago": the kept figures stand
    services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
    section = build()
    assert section.figure("key").value == before + 1 and section.figure("total").value == 5


def test_registration_moves_a_suggestion_between_years(cast, two_years):
    """Registered in January, made in December: it leaves last year's count and joins this year's."""
    s = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.SUBMITTED)
    Suggestion.objects.filter(pk=s.pk).update(registered_at=None, number=None,
                                              created_at=aware(datetime.date(YEAR - 1, 12, 20)))
    assert year_figures(YEARS)[YEAR - 1]["totals"]["total"] == 3
    settled()
    Suggestion.objects.filter(pk=s.pk).update(registered_at=aware(datetime.date(YEAR, 1, 5)), number="16-B-X-1",
                                              status=Status.REGISTERED, updated_at=timezone.now())
    kept = {(row.year, row.month): Kept(row.as_of, row.seen, row.counts, None) for row in MonthFigures.objects.all()}
    assert _touched(kept, _recent(min(row.as_of for row in kept.values()))) == {(YEAR - 1, 12), (YEAR, 1)}
    now = year_figures(YEARS)
    assert (now[YEAR - 1]["totals"]["total"], now[YEAR]["totals"]["total"]) == (2, 5)


def test_figures_of_another_day_are_counted_again(two_years):
    year_figures(YEARS)
    settled()
    true = year_figures(YEARS)[YEAR]
    MonthFigures.objects.filter(year=YEAR).update(computed_on=timezone.localdate() - datetime.timedelta(days=1),
                                                  counts={"totals": {"total": 999}, "states": {}, "commitments": {}})
    assert year_figures(YEARS)[YEAR] == true


def test_queries_are_fixed_whatever_the_data(cast, unit, other_unit, two_years, django_assert_num_queries):
    # Nothing kept: read the kept rows and the writes of the last two minutes, count (4), keep (1).
    with django_assert_num_queries(7):
        build()
    # The fixture's writes of a moment ago were seen by that count: not counted again.
    with django_assert_num_queries(2):
        build()
    settled()
    # Kept and untouched: the kept rows and the changed suggestions (none).
    with django_assert_num_queries(2):
        build()
    _suggestions(cast, unit, other_unit, YEAR, [("A", "satisfied", unit, None), ("B", "", other_unit, 3)] * 3)
    # Some touched: the two reads, the count of the touched years and keeping them.
    with django_assert_num_queries(7):
        build()


def test_a_change_counts_only_its_month_again(cast, two_years, unit, django_assert_num_queries):
    """A suggestion written today marks the one month it counts in; the other months stand as kept."""
    s = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.HANDLING, unit=unit,
                        registered=datetime.date(YEAR, 4, 1))
    Suggestion.objects.filter(pk=s.pk).update(created_at=aware(datetime.date(YEAR, 3, 28)))
    year_figures(YEARS)
    settled()
    before = dict(((y, m), as_of) for y, m, as_of in MonthFigures.objects.values_list("year", "month", "as_of"))
    s.refresh_from_db()
    services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
    now = year_figures(YEARS)
    after = dict(((y, m), as_of) for y, m, as_of in MonthFigures.objects.values_list("year", "month", "as_of"))
    # Its registration month, and the month it was made in (where it would count unregistered).
    assert {key for key in after if after[key] != before[key]} == {(YEAR, 4), (YEAR, 3)}
    assert now[YEAR]["totals"]["key"] == figures.totals(of_year(counted(), YEAR))["key"]


def test_only_the_asked_years_carry_the_league_table(two_years):
    shown = year_figures(YEARS, units_of=[YEAR])
    assert shown[YEAR]["units"] and all("units" not in shown[year] for year in YEARS if year != YEAR)
    assert shown[YEAR] == year_figures(YEARS)[YEAR]


def test_one_change_one_count_however_many_reads_follow(cast, two_years, unit, django_assert_num_queries):
    """A write the count already saw does not mark its month again in the two minutes after it (SETTLE):
    the next reads serve the kept rows; the next write marks the month again."""
    s = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.HANDLING, unit=unit,
                        registered=datetime.date(YEAR, 4, 1))
    Suggestion.objects.filter(pk=s.pk).update(created_at=aware(datetime.date(YEAR, 4, 1)))
    year_figures(YEARS)
    settled()
    year_figures(YEARS)  # kept rows with their `as_of` now minus SETTLE
    services.key_supervision_mark(suggestion=Suggestion.objects.get(pk=s.pk), actor=cast["staff"],
                                  leader=cast["leader"])
    with django_assert_num_queries(7):  # the two reads, the count of April (four), keeping it
        marked = year_figures(YEARS)
    with django_assert_num_queries(2):  # seen: nothing to count again
        assert year_figures(YEARS) == marked
    assert str(s.pk) in MonthFigures.objects.get(year=YEAR, month=4).seen
    Suggestion.objects.filter(pk=s.pk).update(is_key=False, updated_at=timezone.now())
    with django_assert_num_queries(7):
        assert year_figures(YEARS)[YEAR]["totals"]["key"] == marked[YEAR]["totals"]["key"] - 1


def test_a_day_of_writes_is_read_once(monkeypatch, cast, two_years, unit):
    """Past RECENT_MAX writes, the months found still true move on to the read's time: the next read checks only
    the writes after it, the figures stay those of counting now, and a later change still marks its month."""
    from proposals import year_figures as kept_figures

    year_figures(YEARS)
    settled()
    MonthFigures.objects.update(as_of=timezone.now() - datetime.timedelta(hours=2))  # counted two hours ago
    monkeypatch.setattr(kept_figures, "RECENT_MAX", 0)
    assert len(_recent(min(MonthFigures.objects.values_list("as_of", flat=True)))) == 6  # the hour-old writes
    before = year_figures(YEARS)
    assert len(_recent(min(MonthFigures.objects.values_list("as_of", flat=True)))) == 0  # read once
    Suggestion.objects.filter(pk__in=Suggestion.objects.order_by("pk").values("pk")[:2]).update(
        updated_at=timezone.now())  # two writes of this minute: their months counted again
    assert year_figures(YEARS) == before
    oldest = min(MonthFigures.objects.values_list("as_of", flat=True))
    assert timezone.now() - oldest < kept_figures.SETTLE + datetime.timedelta(seconds=30)
    assert len(_recent(oldest)) == 2  # the two of this minute, in the SETTLE window: still read, seen
    s = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status=Status.HANDLING, unit=unit,
                        registered=datetime.date(YEAR, 4, 1))
    now = year_figures(YEARS)
    assert now[YEAR]["totals"]["total"] == before[YEAR]["totals"]["total"] + 1
    t = figures.totals(of_year(counted(), YEAR))
    assert {k: now[YEAR]["totals"][k] for k in t} == t

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from proposals import figures
from proposals.models import KeySupervision, Suggestion
from tests.conftest import client_for
from tests.reports.builders import make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_replied(cast, unit, other_unit):
    """4 replied: A, B, C, D (resolution 50%); 3 on time; ratings satisfied, basically, dissatisfied, none."""
    today = timezone.localdate()
    registered = today - datetime.timedelta(days=100)
    due = registered + datetime.timedelta(days=92)
    rows = [("A", "satisfied", due - datetime.timedelta(days=10), unit, 90),
            ("B", "basically", due, unit, 80),
            ("C", "dissatisfied", due - datetime.timedelta(days=1), other_unit, None),
            ("D", "", due + datetime.timedelta(days=3), other_unit, None)]
    made = []
    for result, rating, day, u, score in rows:
        made.append(make_suggestion(
            deputy=cast["deputy"].deputy, staff=cast["staff"], unit=u, status="evaluated" if rating else "replied",
            result=result, rating=rating, reply_day=day, reply_due=due, registered=registered, score=score,
            commitments=[("修复路面", today - datetime.timedelta(days=2), None),
                         ("增设泊位", today + datetime.timedelta(days=5), today - datetime.timedelta(days=1))]
            if result == "B" else []))
    # One overdue, still being handled, of `unit`.
    made.append(make_suggestion(deputy=cast["other_deputy"].deputy, staff=cast["staff"], unit=unit,
                                status="handling", registered=registered, reply_due=today - datetime.timedelta(days=4),
                                title="<script>alert('x')</script>排水防涝", is_key=True))
    return made


def test_figures_on_a_hand_made_set(four_replied, unit, other_unit):
    f = figures.dashboard(Suggestion.objects.all())
    t = f.totals
    assert (t["total"], t["replied"], t["on_time"], t["overdue"]) == (5, 4, 3, 1)
    assert t["resolution_rate"] == 50.0
    # On time / (replied + overdue without reply): 3 / (4 + 1), issue 18.9.
    assert t["on_time_rate"] == 60.0 and t["on_time_base"] == 5
    assert t["satisfaction_rate"] == 66.7  # satisfied + basically of 3 rated; the unrated one does not count
    states = {code: n for code, _label, n in f.states}
    assert states["evaluated"] == 3 and states["replied"] == 1 and states["handling"] == 1 and states["draft"] == 0
    units = {row["unit"]: row for row in f.units}
    mine, other = units[unit.pk], units[other_unit.pk]
    assert (mine["total"], mine["replied"], mine["on_time"], mine["overdue"]) == (3, 2, 2, 1)
    assert mine["on_time_rate"] == 66.7  # 2 on time, 1 overdue unreplied: not 100%
    assert mine["resolution_rate"] == 100.0 and mine["satisfaction_rate"] == 100.0 and mine["quality"] == 85.0
    assert (other["total"], other["replied"], other["on_time"], other["late"]) == (2, 2, 1, 1)
    assert other["resolution_rate"] == 0.0 and other["satisfaction_rate"] == 0.0 and other["quality"] is None
    assert [s.title for s in f.overdue] == ["<script>alert('x')</script>排水防涝"]
    assert f.overdue[0].days_overdue == 4 and f.overdue[0].lead_unit_name == unit.name
    assert f.commitments == {"total": 2, "fulfilled": 1, "due": 0, "overdue": 1}


def test_rates_are_none_without_data(db):
    t = figures.totals(Suggestion.objects.all())
    assert t["resolution_rate"] is None and t["satisfaction_rate"] is None and t["on_time_rate"] is None


def test_dashboard_page_shows_figures_and_escapes_titles(client, cast, four_replied):
    response = client_for(client, cast["leader"]).get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "50.0%" in html and "60.0%" in html and "66.7%" in html
    assert "按期答复率 = " in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;排水防涝" in html
    assert "<script>alert('x')" not in html
    assert "vendor/chartjs/chart.umd.min.js" in html and "cdn" not in html.lower()


def test_dashboard_query_count_is_fixed(client, cast, unit, four_replied, django_assert_num_queries):
    from django.core.cache import cache

    c = client_for(client, cast["staff"])
    with CaptureQueriesContext(connection) as first:
        c.get("/dashboard/")
    for i in range(6):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="AB"[i % 2],
                        rating="satisfied", status="closed", score=70)
    cache.clear()
    with django_assert_num_queries(len(first)):
        response = c.get("/dashboard/")
    assert len(first) <= 15
    assert response.context["f"].totals["total"] == 11
    # Within five minutes the same filter is served from the cache: no aggregate runs again.
    with django_assert_num_queries(len(first) - 7):
        c.get("/dashboard/")


def test_dashboard_filters_by_year(client, cast, four_replied):
    year = four_replied[0].registered_at.year
    c = client_for(client, cast["staff"])
    assert c.get(f"/dashboard/?year={year - 3}").context["f"].totals["total"] == 0
    assert c.get(f"/dashboard/?year={year}").context["f"].totals["total"] == 5


@pytest.mark.parametrize("who", ["deputy", "unit_officer", "other_deputy"])
def test_outsiders_are_refused(client, cast, who):
    assert client_for(client, cast[who]).get("/dashboard/").status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get("/dashboard/").status_code == 302


def test_leader_workbench_cards(client, cast, four_replied, django_assert_max_num_queries):
    KeySupervision.objects.create(suggestion=four_replied[-1], leader=cast["leader"], year=2026,
                                  chosen_by=cast["staff"])
    c = client_for(client, cast["leader"])
    with django_assert_max_num_queries(15):
        response = c.get("/accounts/home/")
    html = response.content.decode()
    assert "逾期未答复建议" in html and "/dashboard/" in html
    # One card for the key suggestions: the replied one still awaits its rating, so it counts, with its link.
    assert html.count("我领衔督办的重点建议") == 1
    assert f'href="/proposals/{four_replied[-1].pk}/"' in html
    assert "&lt;script&gt;" in html
    # Satisfaction: 2 of 3 rated are satisfied or basically; A+B: 2 of 4 classed.
    assert "66.7%" in html and "50.0%" in html


def test_leader_cards_keep_the_yearly_figures_and_count_them_without_the_cache(client, cast, four_replied,
                                                                               monkeypatch):
    from django.core.cache import cache

    c = client_for(client, cast["leader"])
    c.get("/accounts/home/")  # counted, then kept
    with CaptureQueriesContext(connection) as kept:
        assert "66.7%" in c.get("/accounts/home/").content.decode()
    assert not any("final_rating" in q["sql"] for q in kept.captured_queries)

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    with CaptureQueriesContext(connection) as counted:
        html = c.get("/accounts/home/").content.decode()
    assert "66.7%" in html and any("final_rating" in q["sql"] for q in counted.captured_queries)


def test_leaders_drill_down_from_rows_to_lists_and_records(client, cast, unit, four_replied,
                                                           django_assert_num_queries):
    """Issue 18.12: overdue rows open their record, unit league rows and counts open their list, and the
    list shows exactly what the figure counts (a fixed number of queries)."""
    from django.urls import reverse

    c = client_for(client, cast["leader"])
    html = c.get("/dashboard/").content.decode()
    overdue = four_replied[-1]
    assert f'href="{reverse("proposals:detail", args=[overdue.pk])}"' in html
    year = four_replied[0].registered_at.year
    unit_link = f'/dashboard/suggestions/?term={four_replied[0].term_id}&amp;year={year}&amp;unit={unit.pk}'
    assert unit_link in html and unit_link + "&amp;overdue=1" in html
    with django_assert_num_queries(7):  # session, user, bell; the term and unit chosen; count, page
        page = c.get(unit_link.replace("&amp;", "&")).content.decode()
    titles = {s.title for s in four_replied if s.assignments.filter(unit=unit, active=True).exists()}
    assert len(titles) == 3 and all(t.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#x27;") in page
                                    for t in titles)
    assert unit.name in page
    page = c.get(unit_link.replace("&amp;", "&") + "&overdue=1").content.decode()
    assert page.count('class="list-group-item list-group-item-action') == 1
    assert f'href="{reverse("proposals:detail", args=[overdue.pk])}"' in page
    assert client_for(client, cast["deputy"]).get("/dashboard/suggestions/").status_code == 403

"""The one leaders' dashboard of the year (/dashboard/year/): every registered section, 同比, drill-downs,
the year selector, the cache (kept: an outage never fails the page), fixed queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress_portal.dashboard import sections, views
from tests import factories
from tests.conftest import client_for
from tests.dashboard.test_sections import YEAR, _deputies_data, _suggestions

pytestmark = pytest.mark.django_db
URL = "/dashboard/year/"


@pytest.fixture
def data(cast, unit, other_unit):
    _suggestions(cast, unit, other_unit, YEAR, [("A", "satisfied", unit, None), ("B", "basically", unit, None),
                                                ("C", "dissatisfied", other_unit, 4), ("D", "", other_unit, None)])
    _suggestions(cast, unit, other_unit, YEAR - 1, [("A", "satisfied", unit, None), ("C", "dissatisfied", unit, 2)])
    deputy = factories.DeputyFactory()
    _deputies_data(YEAR, deputy.station, deputy)


@pytest.fixture
def probe_section():
    """A section the dashboard has never heard of (as supervision's will arrive): it is shown all the same."""
    def build(year):
        return sections.Section("probe", "试验栏目", figures=[
            sections.Figure("n", "试验数字", 7, previous=9, unit="项", url=f"/probe/?year={year}"),
            sections.Figure("none", "无上年", 3, url="")],
            charts=[sections.Chart("c", "试验问题？", "pie", labels=["甲", "乙"], series=[("数", [1, 2])])],
            tables=[sections.Table("t", "试验表", ["名称", "数"], [["甲", 1]])])
    sections.register("probe", build, order=99)
    yield
    sections._PROVIDERS.pop("probe")


def test_outsiders_are_refused(client, cast):
    for role in ("deputy", "unit_officer"):
        assert client_for(client, cast[role]).get(URL).status_code in (403, 404)
    client.logout()
    assert client.get(URL).status_code == 302


def test_every_section_with_last_year_and_drill_downs(client, cast, data, probe_section):
    response = client_for(client, cast["leader"]).get(URL, {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "代表建议" in html and "代表工作" in html and "试验栏目" in html
    # 同比 as words and an arrow: 4 suggestions against 2 last year, 7 probe items against 9.
    assert "比上年增加 2 件（上年 2件）" in html and "bi-arrow-up" in html
    assert "比上年减少 2 项（上年 9项）" in html and "bi-arrow-down" in html
    assert "上年无可比数据" in html
    # Rates compare in percentage points: satisfaction 66.7% against 50%.
    assert "比上年增加 16.7 个百分点（上年 50%）" in html
    # Every figure links to its list filtered to the year.
    assert f'href="/dashboard/suggestions/?year={YEAR}"' in html
    assert f'href="/work/stations/?year={YEAR}"' in html and 'href="/probe/?year=%d"' % YEAR in html
    # Charts as JSON for the static script (CSP: no inline script), and each as a table too.
    assert 'id="year-charts" type="application/json"' in html and "<script>" not in html.replace(
        '<script id="year-charts"', "")
    assert "试验问题？" in html and "试验表" in html


def test_this_year_by_default_and_a_bad_year_is_refused_in_chinese(client, cast):
    leader = client_for(client, cast["leader"])
    this_year = timezone.localdate().year
    assert leader.get(URL).context["year"] == this_year
    response = leader.get(URL, {"year": "1900"})
    assert response.status_code == 200 and response.context["year"] == this_year
    html = response.content.decode()
    assert "请从列表中选择年份" in html and 'aria-describedby="year-error"' in html


def test_the_leader_workbench_links_the_dashboard(client, cast):
    html = client_for(client, cast["leader"]).get(reverse("accounts:home")).content.decode()
    assert "年度工作总览" in html and reverse("dashboard:year") in html


def _sections_own_queries(year):
    """What every registered section reads by itself (each pins its own count in its app's tests)."""
    total = 0
    for provider in sections.providers():
        provider.build(year)  # once to fill the process-wide caches (content types ...), as the page finds them
        with CaptureQueriesContext(connection) as queries:
            provider.build(year)
        total += len(queries)
    return total


def test_cached_per_section_and_year_and_fixed_queries(client, cast, data, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    leader = client_for(client, cast["leader"])
    this_year, last_year = _sections_own_queries(YEAR), _sections_own_queries(YEAR - 1)
    assert this_year >= 2 + 4  # the suggestions' 2 (their kept figures) and the deputies' 4 at least
    cache.clear()
    # Cold: the session, the user and the unread-notification badge (3), then each section's own, nothing more.
    with django_assert_num_queries(3 + this_year):
        assert leader.get(URL, {"year": YEAR}).status_code == 200
    with django_assert_num_queries(3):  # warm: no figure read from the database
        assert leader.get(URL, {"year": YEAR}).status_code == 200
    with django_assert_num_queries(3 + last_year):  # another year is another entry
        leader.get(URL, {"year": YEAR - 1})
    keys = [views.cache_key(code, YEAR) for code in ("suggestions", "deputies")]
    assert all(cache.get(key) is not None for key in keys)


def test_a_cache_outage_never_fails_the_page(client, cast, data, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = client_for(client, cast["leader"]).get(URL, {"year": YEAR})
    assert response.status_code == 200 and "代表建议" in response.content.decode()


def test_a_failing_section_leaves_the_others(client, cast, data):
    def build(year):
        raise RuntimeError("bug in an app")

    sections.register("broken", build, order=1)
    try:
        response = client_for(client, cast["leader"]).get(URL, {"year": YEAR})
    finally:
        sections._PROVIDERS.pop("broken")
    html = response.content.decode()
    assert response.status_code == 200 and "有一个栏目的数据暂时无法统计" in html and "代表建议" in html


def test_the_figures_equal_year_sections(data):
    """The dashboard shows sections.year_sections(year): the report's figures are the dashboard's."""
    direct = {s.code: s for s in sections.year_sections(YEAR)}
    cached = {e["section"].code: e["section"] for e in views.year_sections(YEAR)}
    assert direct == cached


def test_comparison_sentences():
    assert views.comparison(sections.Figure("x", "x", 5, previous=5, unit="件"))[0] == "same"
    assert views.comparison(sections.Figure("x", "x", None, previous=2))[0] == "none"
    assert views.comparison(sections.Figure("x", "x", 80.0, previous=75.5, unit="%"))[0] == "up"


def test_the_refresh_keeps_this_and_last_year_warm(data, settings, django_assert_num_queries):
    from congress_portal.core import schedule
    from congress_portal.dashboard import tasks

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    assert "dashboard.refresh_sections" in {job.task for job in schedule.jobs()}
    stored = tasks.refresh_sections()
    assert stored == 2 * 2 * len(sections.providers())  # two languages, two years
    this_year = timezone.localdate().year
    for year in (this_year, this_year - 1):
        with django_assert_num_queries(0):
            entries = views.year_sections(year)
        assert [e["section"].code for e in entries] == [p.code for p in sections.providers()]

"""A leader opens the year dashboard, changes the year, and drills down from a figure to its list (issue 17)."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.reports.builders import make_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_changes_the_year_and_drills_down(page_for, screenshot, cast, unit, other_unit):
    this_year = timezone.localdate().year
    last_year = this_year - 1
    for i, result in enumerate("AABCD"):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=[unit, other_unit][i % 2],
                        result=result, rating=["satisfied", "basically", "dissatisfied"][i % 3], status="evaluated",
                        registered=datetime.date(last_year, 3, 1 + i))
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="evaluated", result="A",
                    rating="satisfied", registered=datetime.date(last_year - 1, 4, 1))
    factories.DeputyFactory()
    for name, viewport in (("year-dashboard-desktop", {"width": 1280, "height": 900}),
                           ("year-dashboard-phone", {"width": 390, "height": 844})):
        page = page_for(viewport=viewport)
        login(page, "leader", PASSWORD)
        # From the leader's workbench, as a leader would.
        page.goto("/accounts/home/")
        page.get_by_role("link", name="年度工作总览").first.click()
        page.wait_for_url("**/dashboard/year/")
        assert page.locator("h1").inner_text() == f"{this_year}年度工作总览"
        # Change the year: the page reloads on the choice.
        page.select_option("#id_year", str(last_year))
        page.wait_for_url(f"**/dashboard/year/?year={last_year}")
        # Every chart with something to show is drawn (from the page's JSON, under the CSP).
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 3 && "
                               "Object.keys(Chart.instances).length === document.querySelectorAll('canvas[data-chart]').length")
        assert page.locator("h1").inner_text() == f"{last_year}年度工作总览"
        total = page.locator('a[data-figure="suggestions-total"]')
        assert total.inner_text() == "5"
        assert "比上年增加 4 件" in page.locator("#section-suggestions").inner_text()
        screenshot(page, name)
        total.click()
        page.wait_for_url(f"**/dashboard/suggestions/?year={last_year}")
        assert page.locator("#figure-list a.list-group-item").count() == 5
        screenshot(page, name + "-drilldown")
        page.close()

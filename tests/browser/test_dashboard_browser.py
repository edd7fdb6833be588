"""The dashboard in a real browser, desktop and phone: the charts draw from the vendored Chart.js."""

import pytest

from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.reports.builders import make_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_desktop_and_phone(page_for, screenshot, cast, unit, other_unit):
    for i, result in enumerate("AABBCD"):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=[unit, other_unit][i % 2],
                        result=result, rating=["satisfied", "basically", "dissatisfied"][i % 3], status="evaluated")
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="handling")
    for name, viewport in (("dashboard-desktop", {"width": 1280, "height": 900}),
                           ("dashboard-phone", {"width": 390, "height": 844})):
        page = page_for(viewport=viewport)
        login(page, "leader", PASSWORD)
        page.goto("/dashboard/")
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 2")
        assert page.locator("h1").inner_text() == "建议办理统计"
        screenshot(page, name)

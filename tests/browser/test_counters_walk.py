"""Issues 18.11 and 18.12 in the browser: a unit officer follows a home counter to its list on a phone
and the desktop; a leader follows the league table to a unit's list and on to a record."""

import datetime

import pytest
from django.utils import timezone

from proposals.models import Status, Suggestion
from tests.browser_fixtures import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def build(cast, unit, other_unit):
    from tests.proposals.conftest import Builder

    return Builder(cast, unit, other_unit)


@pytest.mark.parametrize("viewport,name", [(PHONE, "phone"), (None, "desktop")])
def test_unit_counter_opens_its_list(page_for, screenshot, cast, build, viewport, name):
    overdue = build.to(Status.HANDLING)
    Suggestion.objects.filter(pk=overdue.pk).update(reply_due=timezone.localdate() - datetime.timedelta(days=2))
    build.to(Status.ASSIGNED)
    page = page_for(viewport=viewport)
    login(page, cast["unit_officer"].username, PASSWORD)
    screenshot(page, f"unit-home-counters-{name}")
    page.click("a:has-text('逾期未答复')")
    page.wait_for_load_state("networkidle")
    assert "filter=overdue" in page.url
    assert "当前显示：逾期未答复" in page.locator("#counter-filter").inner_text()
    rows = page.locator(f"a[href='/proposals/{overdue.pk}/']")
    assert rows.count() == 1
    assert page.locator("tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"unit-counter-overdue-list-{name}")


def test_leader_drills_down_from_the_league_table(page_for, screenshot, cast, build):
    s = build.to(Status.HANDLING)
    Suggestion.objects.filter(pk=s.pk).update(reply_due=timezone.localdate() - datetime.timedelta(days=5))
    page = page_for()
    login(page, cast["leader"].username, PASSWORD)
    page.goto("/dashboard/")
    assert "按期答复率 = " in page.locator("#how-rates").inner_text()
    screenshot(page, "dashboard-rates-and-links-desktop")
    page.click(f"td a:has-text('{build.unit.name}')")
    page.wait_for_load_state("networkidle")
    assert f"/proposals/{s.pk}/" in page.content()
    screenshot(page, "dashboard-unit-list-desktop")
    page.click(f"a[href='/proposals/{s.pk}/']")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == Suggestion.objects.get(pk=s.pk).title


def test_staff_queues_page(page_for, screenshot, cast, build):
    build.to(Status.ASSIGNED)
    build.to(Status.REHANDLING)
    for viewport, name in ((PHONE, "phone"), (None, "desktop")):
        page = page_for(viewport=viewport)
        login(page, cast["staff"].username, PASSWORD)
        page.goto("/proposals/queues/")
        assert "待签收" in page.content() and "重新办理中" in page.content()
        screenshot(page, f"staff-queues-{name}")

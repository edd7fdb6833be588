"""A citizen scans a station's code, leaves an opinion, gets a tracking code; the deputy turns it into a
suggestion; the citizen sees the status change."""

import re

import pytest

from deputies import suggestions_bridge
from deputies.models import Opinion
from tests.browser_fixtures import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_challenge(page):
    label = page.locator("label[for=id_challenge]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", label)[:2])
    page.fill("#id_challenge", str(a + b))


def test_citizen_to_suggestion_walk(page_for, screenshot, deputy_user):
    station = deputy_user.deputy.station
    citizen = page_for(viewport={"width": 390, "height": 844})
    citizen.goto(f"/s/{station.public_code}/")
    citizen.fill("#id_text", "积玉桥社区门口路灯坏了一个多月，晚上很不安全。")
    citizen.fill("#id_citizen_name", "王阿姨")
    _answer_challenge(citizen)
    screenshot(citizen, "deputies-1-station-form")
    citizen.click("main button[type=submit]")
    citizen.wait_for_selector("#tracking-code")
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)  # 80 bits, grouped (issue 18.15)
    # The copy button, the QR code of the tracking page and the expected answer day are there.
    assert citizen.locator("#copy-code").is_visible() and citizen.locator("#copy-code").bounding_box()["height"] >= 44
    # The QR code is an image of its own: wait for it to load (or fail: naturalWidth stays 0 on an error).
    citizen.wait_for_function("document.getElementById('track-qr').complete")
    assert citizen.evaluate("document.getElementById('track-qr').naturalWidth") > 0
    assert "个工作日内答复" in citizen.locator("#answer-time").inner_text()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    # The header names the district, on one line with the menu button.
    assert "武昌区" in citizen.locator(".brand-name").inner_text()
    brand, toggler = citizen.locator(".navbar-brand").bounding_box(), citizen.locator(".navbar-toggler").bounding_box()
    assert abs(brand["y"] - toggler["y"]) < 20, (brand, toggler)
    screenshot(citizen, "deputies-2-tracking-code")
    # Typed again by hand, in small letters with spaces, it finds the opinion.
    citizen.goto("/track/")
    citizen.fill("#id_code", code.lower().replace("-", " "))
    citizen.click("main button[type=submit]")
    citizen.wait_for_selector("#opinion-status")
    assert citizen.locator("#opinion-status").inner_text() == "已收到"
    citizen.goto("/track/")
    citizen.fill("#id_code", "0000-0000-0000-0000")
    citizen.click("main button[type=submit]")
    citizen.wait_for_selector("#code-error")
    assert "没有找到" in citizen.locator("#code-error").inner_text()
    screenshot(citizen, "deputies-2b-wrong-code-phone")
    code = code.replace("-", "")

    deputy = page_for(viewport={"width": 390, "height": 844})
    login(deputy, deputy_user.username, PASSWORD)
    assert "待处理的群众意见" in deputy.content()
    screenshot(deputy, "deputies-3-deputy-workbench")
    opinion = Opinion.objects.get(tracking_code=code)
    deputy.goto(f"/work/opinions/{opinion.pk}/")
    deputy.click("#btn-suggest")
    deputy.wait_for_load_state("networkidle")
    screenshot(deputy, "deputies-4-after-suggest")
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUGGESTED and opinion.suggestion_id
    suggestion = suggestions_bridge.suggestion_model().objects.get(pk=opinion.suggestion_id)
    assert suggestion.lead_deputy_id == deputy_user.deputy_id and "路灯" in suggestion.title
    deputy.goto(suggestion.get_absolute_url())
    assert "路灯" in deputy.locator("h1").first.inner_text()
    screenshot(deputy, "deputies-4b-draft-suggestion")

    citizen.goto(f"/track/{code}/")
    assert citizen.locator("#opinion-status").inner_text() == "已转为代表建议"
    screenshot(citizen, "deputies-5-status-changed")

"""Issue 18.4: writing a suggestion on a phone: attachment and co-signer before the first save, a
searchable co-signer picker, required fields marked, a failed submit kept at the field that failed."""

import io

import pytest
from PIL import Image

from proposals.models import Status, Suggestion
from tests.browser_fixtures import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_new_suggestion_on_a_phone(page_for, screenshot, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = tmp_path / "photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    page = page_for(viewport=PHONE)
    login(page, "deputy", PASSWORD)
    page.goto("/proposals/new/")
    page.fill("input[name=title]", "关于在积玉桥街老旧小区增设公共停车位的建议")
    page.select_option("select[name=category]", "urban")
    page.fill("textarea[name=proposal]", "一、利用闲置地块建设立体停车场。")
    page.set_input_files("input[name=file]", str(picture))
    # The picker narrows as one types.
    page.fill("#who", "刘")
    visible = page.evaluate("Array.from(document.getElementById('id_deputies').options)"
                            ".filter(o => !o.hidden).map(o => o.text)")
    assert visible == ["刘芳"]
    page.select_option("#id_deputies", label="刘芳")
    screenshot(page, "suggestion-new-phone-filled")
    page.click("button[name=submit]")
    page.wait_for_load_state("networkidle")
    assert not Suggestion.objects.exists()
    # The page opens at the field that failed, marked by the field.
    assert page.evaluate("document.activeElement.name") == "background"
    assert page.locator("textarea[name=background].is-invalid").count() == 1
    assert "请" in page.locator("#error_1_id_background").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "suggestion-new-phone-failed-submit")
    page.fill("textarea[name=background]", "夜间车辆占道停放，消防通道常被堵塞。")
    page.set_input_files("input[name=file]", str(picture))
    page.select_option("#id_deputies", label="刘芳")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    s = Suggestion.objects.get()
    assert s.status == Status.DRAFT and s.attachments.count() == 1 and s.cosigners.count() == 1
    screenshot(page, "suggestion-new-phone-saved")

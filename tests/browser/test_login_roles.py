import pytest

from tests.browser_fixtures import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "staff": "工作人员工作台",
    "leader": "领导驾驶舱",
    "deputy": "代表工作台",
    "unit_officer": "承办单位工作台",
}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("role", list(HEADINGS))
def test_each_role_logs_in_and_sees_its_home_in_chinese(page_for, screenshot, cast, role):
    page = page_for()
    login(page, cast[role].username, PASSWORD)
    assert page.locator("h1").first.inner_text() == HEADINGS[role]
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, f"foundation-home-{role}")


def test_phone_layout_collapses_the_menu(page_for, screenshot, cast):
    page = page_for(viewport=PHONE)
    login(page, cast["deputy"].username, PASSWORD)
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#mainNav").is_visible()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "foundation-home-deputy-phone")
    toggler.click()
    page.locator("#mainNav").wait_for(state="visible")
    screenshot(page, "foundation-home-deputy-phone-menu")


def test_wrong_password_shows_chinese_error(page_for, cast):
    page = page_for()
    login(page, cast["staff"].username, "not-the-password")
    assert "用户名或密码错误" in page.content()

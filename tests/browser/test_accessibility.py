"""Every kind of page, as its user meets it, checked by axe-core at phone and desktop width with the
Content-Security-Policy on (GB/T 37668 / WCAG 2.1 AA, 适老化; issue 20).

The watch of tests/browser_fixtures.py fails a test on any serious or critical axe violation, CSP violation
or script error; here each page is also checked for what axe leaves to people: on the citizens' and deputies'
pages at phone width, text of at least 16 px and targets of at least 44 x 44 px.
"""

import datetime

import pytest
from django.utils import timezone

from deputies.models import Activity, Attendance, Opinion
from tests.browser_fixtures import AXE_JS, AXE_VERSION, audit, login
from tests.factories import PASSWORD
from tests.reports.builders import make_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 412, "height": 915}
SMALL_PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Visible targets smaller than 44 x 44 px, and visible text under 16 px. A link inside a sentence is exempt
# (WCAG 2.5.5's "inline" exception), as is text of a control's own hidden helper.
MEASURE = """() => {
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest("[hidden], .visually-hidden"); };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30);
  const inline = (el) => {
    if (getComputedStyle(el).display !== "inline") { return false; }
    const block = el.parentElement;
    return (block.innerText || "").trim().length > (el.innerText || "").trim().length + 1;
  };
  const small = [];
  for (const el of document.querySelectorAll("main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, header a, nav a, nav button, nav select")) {
    if (!visible(el) || inline(el)) { continue; }
    const target = el.matches("input[type=checkbox], input[type=radio]") && el.closest("label, .form-check") ? el.closest("label, .form-check") : el;
    const r = target.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) { small.push(name(el) + " " + Math.round(r.width) + "x" + Math.round(r.height)); }
  }
  const tiny = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode; const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el)) { continue; }
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.9) { tiny.push(node.textContent.trim().slice(0, 20) + " " + size + "px"); }
  }
  return {small: small.slice(0, 15), tiny: tiny.slice(0, 15)};
}"""


@pytest.fixture
def scene(cast, unit, other_unit):
    """One of everything the pages show: a published reply, a suggestion in handling, an opinion, an activity."""
    deputy = cast["deputy"].deputy
    published = make_suggestion(deputy=deputy, staff=cast["staff"], unit=unit, result="A", published=True,
                                rating="satisfied", title="关于整治武珞路背街小巷的建议")
    handling = make_suggestion(deputy=deputy, staff=cast["staff"], unit=unit, status="handling",
                               title="关于积玉桥街增设公共停车位的建议")
    opinion = Opinion.objects.create(text="社区门口路灯坏了一个多月。", deputy=deputy, station=deputy.station,
                                     source=Opinion.Source.DEPUTY_CODE, citizen_name="王阿姨")
    activity = Activity.objects.create(kind=Activity.Kind.ACTIVITY_DAY, title="十二月代表统一活动日",
                                       date=timezone.localdate() + datetime.timedelta(days=3), station=deputy.station)
    Attendance.objects.create(activity=activity, deputy=deputy)
    return {"deputy": deputy, "published": published, "handling": handling, "opinion": opinion}


def _pages(scene):
    deputy, published, handling, opinion = scene["deputy"], scene["published"], scene["handling"], scene["opinion"]
    public = [
        "/", "/accounts/login/", "/public/replies/", f"/public/replies/{published.pk}/", "/deputies/",
        f"/d/{deputy.public_code}/", f"/s/{deputy.station.public_code}/", "/track/", f"/track/{opinion.tracking_code}/",
    ]
    return [
        (None, public),
        ("deputy", ["/accounts/home/", "/proposals/", "/proposals/new/", f"/proposals/{handling.pk}/",
                    "/work/opinions/", f"/work/opinions/{opinion.pk}/", "/work/activities/", "/work/performance/mine/"]),
        ("unit", ["/accounts/home/", "/proposals/unit/", f"/proposals/{handling.pk}/"]),
        ("staff", ["/accounts/home/", "/proposals/queues/", "/admin/", "/admin/proposals/suggestion/"]),
        ("leader", ["/accounts/home/", "/dashboard/"]),
    ]


def test_page_list_covers_every_kind_of_page(scene):
    assert sum(len(urls) for _, urls in _pages(scene)) >= 19
    # The vendored axe-core is the pinned one (MPL-2.0; from the npm package axe-core).
    assert AXE_JS.read_text()[:40].startswith(f"/*! axe v{AXE_VERSION}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-412", "desktop-1366"])
def test_every_page_passes_axe(page_for, scene, viewport):
    """Each page at this width: no serious or critical axe violation, nothing refused by the CSP (the watch),
    and on citizens' and deputies' pages at phone width 16 px text and 44 px targets."""
    measured = []
    for username, urls in _pages(scene):
        page = page_for(viewport=viewport)
        if username:
            login(page, username, PASSWORD)
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (url, response.status)
            page.wait_for_load_state("networkidle")
            audit(page)
            if viewport is PHONE and username in (None, "deputy"):
                found = page.evaluate(MEASURE)
                if found["small"] or found["tiny"]:
                    measured.append(f"{url}: targets under 44 px {found['small']}; text under 16 px {found['tiny']}")
    assert not measured, "\n".join(measured)


def test_large_text_switch_is_kept_per_browser(page_for, scene, screenshot):
    """大字版: the header's switch enlarges the text of every page and is remembered by the browser."""
    page = page_for(viewport=SMALL_PHONE)
    page.goto("/")
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.click(".navbar-toggler")
    page.locator("#text-size-toggle").click()
    assert page.locator("#text-size-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == base * 1.25
    deputy, published = scene["deputy"], scene["published"]
    for name, url in (("home", "/"), ("replies", "/public/replies/"), ("reply", f"/public/replies/{published.pk}/"),
                      ("deputies", "/deputies/"), ("deputy", f"/d/{deputy.public_code}/"),
                      ("station", f"/s/{deputy.station.public_code}/"), ("track", "/track/"),
                      ("login", "/accounts/login/")):
        page.goto(url)
        assert page.evaluate("document.documentElement.classList.contains('large-text')"), url
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], url
        screenshot(page, f"a11y-large-text-390-{name}")
    page.click(".navbar-toggler")
    page.locator("#text-size-toggle").click()
    page.reload()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == base


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page_for, scene):
    page = page_for(viewport=DESKTOP)
    page.goto("/public/replies/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳到正文"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_list_does_not_switch_until_asked(page_for, scene):
    """A keyboard user moves through the languages without leaving the page; the button switches."""
    page = page_for(viewport=DESKTOP)
    page.goto("/public/replies/")
    page.select_option("select[name=language]", "en")
    page.wait_for_timeout(300)
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator("#language-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"


def test_opinion_form_errors_are_announced_tied_and_focused(page_for, scene, screenshot):
    """A citizen's failed opinion: the error summary at the top takes the focus (read out: role=alert), links to
    each field, and each field says it is invalid and which message describes it."""
    page = page_for(viewport=SMALL_PHONE)
    page.goto(f"/d/{scene['deputy'].public_code}/")
    page.fill("#id_text", "路灯")  # under the 5 characters asked
    page.fill("#id_citizen_phone", "abc")
    page.fill("#id_challenge", "99999")
    page.click("#opinion button[type=submit]")
    page.wait_for_load_state("networkidle")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # The summary is on screen, not 999 px down.
    box = summary.bounding_box()
    assert 0 <= box["y"] < SMALL_PHONE["height"]
    for name in ("text", "citizen_phone", "challenge"):
        field = page.locator(f"#id_{name}")
        assert field.get_attribute("aria-invalid") == "true", name
        described = field.get_attribute("aria-describedby").split()
        assert f"id_{name}_error" in described
        assert page.locator(f"#id_{name}_error").inner_text().strip()
        assert summary.locator(f'a[href="#id_{name}"]').count() == 1
    summary.locator('a[href="#id_text"]').click()
    assert page.evaluate("document.activeElement.id") == "id_text"
    screenshot(page, "a11y-opinion-errors-390")


def test_login_error_is_announced_and_focused(page_for, cast):
    page = page_for(viewport=SMALL_PHONE)
    login(page, "staff", "not-the-password")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert" and "用户名或密码错误" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")


def test_dashboard_charts_have_words_and_tables_and_its_tables_take_the_keyboard(page_for, cast, unit, screenshot):
    for i, result in enumerate("ABD"):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result=result,
                        rating="satisfied", status="evaluated", reply_due=timezone.localdate() - datetime.timedelta(days=200))
    page = page_for(viewport=DESKTOP)
    login(page, "leader", PASSWORD)
    page.goto("/dashboard/")
    for chart, summary in (("unitsChart", "units-summary"), ("trendChart", "trend-summary")):
        assert page.locator(f"#{chart}").get_attribute("aria-describedby") == summary
        assert page.locator(f"#{summary}").inner_text().strip()
    tables = page.locator("details.chart-data")
    assert tables.count() == 2
    tables.first.locator("summary").click()
    assert tables.first.locator("table").is_visible()
    # Each scrolling table is a named region that the keyboard reaches.
    regions = page.locator(".table-responsive")
    for i in range(regions.count()):
        region = regions.nth(i)
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    screenshot(page, "a11y-dashboard-data-table")

"""Accessibility and page weight in the markup (issue 20); the browser checks are in
tests/browser/test_accessibility.py."""

import re
from pathlib import Path

import pytest

from proposals.models import Suggestion
from tests.conftest import client_for
from tests.reports.builders import make_suggestion

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
    assert (ROOT / "static" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("role, comfort", [("anonymous", True), ("deputy", True), ("staff", False),
                                           ("unit_officer", False)])
def test_citizens_and_deputies_get_the_comfortable_sizes(client, cast, role, comfort):
    html = client_for(client, cast[role]).get("/accounts/home/" if cast[role] else "/", follow=True).content.decode()
    body = re.search(r"<body class=\"([^\"]*)\"", html).group(1)
    assert ("comfort" in body.split()) is comfort
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert 'id="text-size-toggle"' in html and 'aria-pressed="false"' in html
    # The language list does not submit itself; a button does.
    assert "onchange" not in html and "切换" in html


def test_pages_link_only_the_trimmed_css():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "bootstrap.used.min.css" in base and "bootstrap-icons.used.min.css" in base
    assert "bootstrap.min.css" not in base and "bootstrap-icons.min.css" not in base
    sizes = [(ROOT / "static" / p).stat().st_size for p in
             ("vendor/bootstrap/bootstrap.used.min.css", "vendor/bootstrap-icons/bootstrap-icons.used.min.css",
              "vendor/bootstrap-icons/fonts/bootstrap-icons.used.woff2", "css/portal.css")]
    assert sum(sizes) < 100 * 1024, sizes  # was 315 KiB of CSS and a 131 KiB font


def test_every_icon_the_portal_uses_is_in_the_trimmed_icon_css():
    """scripts/build-css.sh must be run after adding an icon: a missing one would show as nothing."""
    css = (ROOT / "static/vendor/bootstrap-icons/bootstrap-icons.used.min.css").read_text()
    used = set()
    for pattern in ("templates/**/*.html", "*/templates/**/*.html", "congress_portal/**/*.html",
                    "congress_portal/**/*.py", "proposals/**/*.py", "deputies/**/*.py"):
        for path in ROOT.glob(pattern):
            used |= set(re.findall(r"\bbi-([a-z0-9-]+)", path.read_text(errors="ignore")))
    missing = sorted(name for name in used if f".bi-{name}::before" not in css)
    assert not missing


def test_admin_list_rows_are_named_and_yes_no_icons_read_in_chinese(client, cast, unit):
    registered = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, status="handling",
                                 is_key=True)
    waiting = make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status="submitted")
    Suggestion.objects.filter(pk=waiting.pk).update(number=None, registered_at=None)
    html = client_for(client, cast["staff"]).get("/admin/proposals/suggestion/").content.decode()
    links = re.findall(r'<th class="field-number_or_dash"><a href="[^"]+">([^<]*)</a>', html)
    assert sorted(links) == sorted([registered.number, "（未立案）"])
    assert 'alt="是"' in html and 'alt="否"' in html
    assert 'alt="True"' not in html and 'alt="False"' not in html


def test_the_deputies_search_box_has_a_visible_label(client, cast):
    html = client.get("/deputies/").content.decode()
    assert re.search(r'<label class="form-label[^"]*" for="directory-q">按姓名或工作单位搜索</label>', html)
    assert 'id="directory-q"' in html
    # Its scrolling table is a named region the keyboard reaches.
    assert re.search(r'class="table-responsive" tabindex="0" role="region" aria-label="代表"', html)

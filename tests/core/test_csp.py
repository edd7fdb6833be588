"""The Content-Security-Policy (issue 12 item 7): sent on every page, strict, and no template relies on what it
refuses. The browser tests (tests/browser/) run every page with it on and fail on any violation."""

import re
from pathlib import Path

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Templates that WeasyPrint turns into PDFs: never served to a browser, so no policy applies to them.
PRINT_ONLY = ("/pdf/", "reports/templates/reports/")


def _directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("role, url", [
    ("anonymous", "/"), ("anonymous", "/accounts/login/"), ("anonymous", "/public/replies/"),
    ("anonymous", "/deputies/"), ("deputy", "/accounts/home/"), ("staff", "/admin/"),
    ("staff", "/admin/proposals/suggestion/"), ("leader", "/dashboard/"),
])
def test_every_page_carries_a_strict_policy(client, cast, role, url):
    response = client_for(client, cast[role]).get(url)
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        sources = policy[directive]
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        # Only this origin and the request's nonce: no third-party host, no scheme-wide source.
        assert all(s == "'self'" or s.startswith("'nonce-") for s in sources), sources
    assert all(s in ("'self'", "data:") for s in policy["img-src"])


def _served_templates():
    for path in ROOT.glob("**/templates/**/*.html"):
        text = str(path)
        if "/.venv/" in text or any(part in text for part in PRINT_ONLY):
            continue
        yield path


def test_no_template_has_inline_script_style_or_handlers():
    """An inline <script>/<style> without the nonce, a style="" or an on...="" attribute is refused by the
    policy (nonces do not cover attributes): each must live in static/ or carry {{ request.csp_nonce }}."""
    found = []
    for path in _served_templates():
        source = path.read_text()
        for match in re.finditer(r"<(script|style)\b([^>]*)>", source):
            attrs = match.group(2)
            if "src=" in attrs or "nonce=" in attrs or 'type="application/json"' in attrs:
                continue
            found.append(f"{path.relative_to(ROOT)}: inline <{match.group(1)}>")
        for match in re.finditer(r"\s(style|on[a-z]+)=[\"']", source):
            found.append(f"{path.relative_to(ROOT)}: {match.group(1)}= attribute")
    assert not found, "\n".join(found)

"""The admin keeps each user's navigation between pages, and forgets it when permissions change."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx), ctx


def _sidebar_has(client, text):
    return text in client.get("/admin/").content.decode()


def test_navigation_is_kept_between_pages_and_follows_permission_changes(client, cast, settings):
    settings.ADMIN_NAVIGATION_CACHE_SECONDS = 300
    staff = cast["staff"]
    staff.user_permissions.clear()
    client.force_login(staff)
    first, _ctx = _count(client, "/admin/")
    second, ctx = _count(client, "/admin/")
    assert second == first - 2  # the two permission queries are no longer needed
    assert not any("auth_permission" in q["sql"] for q in ctx.captured_queries)
    assert not _sidebar_has(client, "/admin/organization/handlingunit/")
    # Granting a permission shows at once, in the navigation kept for this user.
    staff.user_permissions.add(Permission.objects.get(codename="view_handlingunit"))
    assert _sidebar_has(client, "/admin/organization/handlingunit/")
    staff.user_permissions.clear()
    assert not _sidebar_has(client, "/admin/organization/handlingunit/")


def test_navigation_still_works_without_the_cache(client, cast, monkeypatch, settings):
    from django.core.cache import cache

    settings.ADMIN_NAVIGATION_CACHE_SECONDS = 300
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get_or_set", down)
    monkeypatch.setattr(cache, "incr", down)
    client.force_login(cast["staff"])
    assert client.get("/admin/").status_code == 200
    cast["staff"].user_permissions.clear()  # the signal cannot reach the cache: no error either
    assert client.get("/admin/proposals/suggestion/").status_code == 200


def _sidebar(client, url):
    html = client.get(url).content.decode()
    start = html.index('<nav class="sticky" id="nav-sidebar"')
    return html[start:html.index("</nav>", start)]


def test_the_kept_sidebar_is_djangos_for_each_page_and_follows_permission_changes(client, cast, settings):
    settings.ADMIN_NAVIGATION_CACHE_SECONDS = 0
    staff = cast["staff"]
    staff.user_permissions.clear()
    client.force_login(staff)
    pages = ["/admin/proposals/suggestion/", "/admin/proposals/commitment/", "/admin/proposals/keysupervision/"]
    drawn = {url: _sidebar(client, url) for url in pages}
    settings.ADMIN_NAVIGATION_CACHE_SECONDS = 300
    for _round in range(2):  # drawn, then kept
        for url in pages:
            assert _sidebar(client, url) == drawn[url]
    # Each page highlights its own entry, not the one kept for another page.
    assert 'class="model-suggestion current-model"' in drawn[pages[0]]
    assert 'class="model-commitment current-model"' in drawn[pages[1]]
    assert 'current-model' not in drawn[pages[0]].split('model-commitment')[1].split('</tr>')[0]
    # A permission given or taken away shows in the kept sidebar at once.
    assert "/admin/organization/handlingunit/" not in _sidebar(client, pages[0])
    staff.user_permissions.add(Permission.objects.get(codename="view_handlingunit"))
    assert "/admin/organization/handlingunit/" in _sidebar(client, pages[0])
    staff.user_permissions.clear()
    assert "/admin/organization/handlingunit/" not in _sidebar(client, pages[0])

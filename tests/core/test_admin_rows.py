"""The admin's list rows (core/admin_rows.py) are Django's own, cell by cell, for every list in the admin."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from congress_portal.accounts.models import User
from congress_portal.core import admin_rows

pytestmark = pytest.mark.django_db

# Searched, sorted, paged and filtered lists (a filter a list does not have is skipped).
QUERIES = ["", "?q=车", "?o=-2", "?p=2", "?is_key__exact=1"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    return User.objects.get(username="admin")


def _changelist(model_admin, user, query):
    request = RequestFactory().get(f"/admin/list/{query}")
    request.user = user
    cl = model_admin.get_changelist_instance(request)
    cl.formset = None  # as changelist_view sets it for a list that is not editable
    return cl


def test_every_admin_list_draws_the_same_cells_as_django(demo):
    compared = rows_seen = 0
    for language, queries in (("zh-hans", QUERIES), ("en", QUERIES[:1])):
        with translation.override(language):
            for model, model_admin in admin.site._registry.items():
                for query in queries:
                    try:
                        cl = _changelist(model_admin, demo, query)
                    except Exception:  # noqa: BLE001 - a filter this list does not have: Django refuses it too
                        continue
                    django_rows = [list(row) for row in results(cl)]
                    assert [list(row) for row in admin_rows.fast_results(cl)] == django_rows, \
                        (language, model.__name__, query)
                    compared += 1
                    rows_seen += len(django_rows)
    assert compared > 80 and rows_seen > 1000  # every list, with rows in most


def test_the_suggestion_list_page_is_unchanged_and_its_queries_pinned(client, demo, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(User.objects.get(username="staff"))
    url = "/admin/proposals/suggestion/?o=-1&period__exact=session"

    def page():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html), len(queries)

    fast, fast_queries = page()
    monkeypatch.setattr(admin_rows, "fast_results", lambda cl: list(results(cl)))
    django, django_queries = page()
    assert fast == django and fast_queries == django_queries
    assert fast.count('class="action-checkbox"') == 30
    # Each row links to its record with the list's filters, as Django's rows do.
    assert re.search(r'<th class="field-number_or_dash"><a href="/admin/proposals/suggestion/\d+/change/'
                     r'\?_changelist_filters=o%3D-1%26period__exact%3Dsession">', fast)


def test_an_editable_list_is_left_to_django(demo, monkeypatch):
    cl = _changelist(admin.site._registry[User], demo, "")
    cl.formset = object()  # an editable list's forms
    cl.is_popup = False
    calls = []
    monkeypatch.setattr(admin_rows, "django_result_list", lambda changelist: calls.append(changelist) or {})
    admin_rows.result_list(cl)
    assert calls == [cl]

"""Issue 12.6: every search box takes at most 8 words and 100 characters, says so, and 1,000 words never
reach the database."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress_portal.core.searching import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, cap_search

pytestmark = pytest.mark.django_db

# Words that can be told apart in SQL: the ninth and later ones must not be in any query.
MANY = " ".join(f"词{i:04d}" for i in range(1000))


def _sql(ctx):
    return "\n".join(q["sql"] for q in ctx.captured_queries)


def test_cap_search_keeps_the_first_words_and_characters():
    capped, cut = cap_search(MANY)
    assert cut and capped.split() == [f"词{i:04d}" for i in range(MAX_SEARCH_WORDS)]
    assert cap_search("停车 位")[0] == "停车 位" and not cap_search("停车 位")[1]
    assert len(cap_search("长" * 500)[0]) == MAX_SEARCH_LENGTH
    assert cap_search('"a b" c')[0] == '"a b" c'  # a quoted phrase is one word, as Django's search reads it


@pytest.fixture
def admin_staff(staff_user):
    staff_user.user_permissions.set(Permission.objects.filter(codename__in=[
        "view_user", "change_user", "view_opinion", "view_deputy", "view_handlingunit"]))
    return staff_user


@pytest.mark.parametrize("url", ["admin:proposals_suggestion_changelist", "admin:accounts_user_changelist",
                                 "admin:deputies_opinion_changelist", "admin:organization_handlingunit_changelist"])
def test_admin_lists_search_only_the_first_words_and_say_so(client, admin_staff, url):
    client.force_login(admin_staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(url), {"q": MANY})
    assert response.status_code == 200
    sql = _sql(ctx)
    assert "词0007" in sql and "词0008" not in sql and "词0999" not in sql
    page = response.content.decode()
    assert "最多 8 个词、100 个字符" in page  # the box's help
    assert "搜索最多 8 个词、100 个字符" in page  # the message of what was cut
    assert 'value="词0000 词0001' in page


def test_admin_help_is_shown_without_a_search(client, admin_staff):
    client.force_login(admin_staff)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'id="searchbar_helptext"' in page and "最多 8 个词、100 个字符" in page


def test_admin_autocomplete_searches_only_the_first_words(client, admin_staff):
    client.force_login(admin_staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("admin:autocomplete"), {
            "term": MANY, "app_label": "accounts", "model_name": "user", "field_name": "deputy"})
    assert response.status_code == 200
    assert "词0007" in _sql(ctx) and "词0008" not in _sql(ctx)


def test_public_replies_refuse_a_long_search_in_chinese(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("public:reply_list"), {"q": MANY})
    assert response.status_code == 200
    assert "词0000" not in _sql(ctx)
    page = response.content.decode()
    assert "最多 100 个字符" in page or "100 个字符" in page
    words = " ".join(["停车"] * 9)
    response = client.get(reverse("public:reply_list"), {"q": words})
    assert "搜索内容最多 8 个词" in response.content.decode()
    assert 'placeholder="最多 8 个词、100 个字符' in client.get(reverse("public:reply_list")).content.decode()


def test_deputies_directory_searches_only_the_first_words(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("deputies:directory"), {"q": MANY})
    assert response.status_code == 200
    assert "词0008" not in _sql(ctx)
    page = response.content.decode()
    assert 'maxlength="100"' in page and "最多 8 个词、100 个字符" in page and "已截" in page


def test_the_ledger_refuses_a_long_search(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("reports:suggestions_ledger"), {"q": MANY})
    assert response.status_code == 400


def test_a_caseless_search_compares_the_column_itself():
    """Chinese has no case: its search compares the column (PostgreSQL then knows from the column's
    statistics how many rows match); a search with Latin letters still ignores their case."""
    from django.test import RequestFactory

    from django.contrib import admin

    from appointments.models import Nominee
    from congress_portal.core.searching import contains_lookup

    assert contains_lookup("title", "规范性文件") == "title__contains"
    assert contains_lookup("title", "2024") == "title__contains"
    assert contains_lookup("title", "QR码") == "title__icontains"
    model_admin = admin.site._registry[Nominee]
    chinese = model_admin.get_search_fields(RequestFactory().get("/", {"q": "王伟"}))
    assert chinese == ["person_name__contains", "post__contains"]
    latin = model_admin.get_search_fields(RequestFactory().get("/", {"q": "wang"}))
    assert latin == ["person_name", "post"]


def test_supervision_search_finds_chinese_and_latin_in_any_case(staff_user):
    from supervision import selectors
    from tests.supervision.helpers import item

    filing = item(staff_user, title="对区政府规范性文件的备案审查")
    latin = item(staff_user, title="关于 PPP 项目的专题调研")
    assert list(selectors.item_list(staff_user, q="规范性文件")) == [filing]
    assert list(selectors.item_list(staff_user, q="ppp")) == [latin]

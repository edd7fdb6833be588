import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.reports.builders import make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast, unit):
    return make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A", rating="satisfied",
                           published=True, title="<script>alert(1)</script>关于整治武珞路背街小巷的建议",
                           text="已完成整治。<img src=x onerror=alert(2)>", phone="027-86661234", contact="内部联系人",
                           score=88)


@pytest.fixture
def hidden(cast, unit):
    """Replied but not published; published but marked not public; a draft."""
    return [
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="B", title="未公开的建议"),
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="C", published=True,
                        reply_public=False, title="不予公开的建议"),
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], status="draft", title="草稿建议"),
    ]


def test_list_shows_only_published_replies(client, published, hidden):
    html = client.get("/public/replies/").content.decode()
    assert "关于整治武珞路背街小巷的建议" in html
    for s in hidden:
        assert s.title not in html


def test_unpublished_and_private_suggestions_are_404(client, cast, hidden):
    for s in hidden:
        assert client.get(f"/public/replies/{s.pk}/").status_code == 404
    # Even for staff: the public page shows only what is public.
    assert client_for(client, cast["staff"]).get(f"/public/replies/{hidden[0].pk}/").status_code == 404


def test_detail_has_the_reply_and_nothing_private(client, published, unit):
    unit.contact_phone = "027-85550000"
    unit.save()
    response = client.get(f"/public/replies/{published.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A类：已经解决或基本解决" in html and "已完成整治。" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    for secret in ("027-86661234", "027-85550000", "内部联系人", "内部评分意见", "王局长"):
        assert secret not in html, secret
    # The quality score (88) must not show; random tokens (the CSRF value) may contain the digits.
    visible = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    assert not re.search(r"(?<![\w.-])88(?![\w.-])", visible)


def test_search_by_text_category_unit_and_year(client, published, other_unit, cast):
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=other_unit, result="B", published=True,
                    title="关于增加学位供给的建议")
    assert "学位" not in client.get("/public/replies/?q=背街").content.decode()
    assert "背街" not in client.get(f"/public/replies/?unit={other_unit.pk}").content.decode()
    assert "背街" in client.get("/public/replies/?category=urban").content.decode()
    year = published.registered_at.year
    assert "背街" in client.get(f"/public/replies/?year={year}").content.decode()
    assert "背街" not in client.get(f"/public/replies/?year={year - 3}").content.decode()
    assert client.get("/public/replies/?year=abc").status_code == 200  # bad input: no results, no error page


def test_paging_and_fixed_queries(client, cast, unit, django_assert_num_queries):
    for i in range(3):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A", published=True)
    with CaptureQueriesContext(connection) as first:
        client.get("/public/replies/")
    for i in range(25):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A", published=True)
    with django_assert_num_queries(len(first)):
        response = client.get("/public/replies/")
    assert len(first) <= 5
    assert "第 1 页，共 2 页" in response.content.decode()
    assert client.get("/public/replies/?page=2").status_code == 200


def test_detail_queries_are_fixed(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get(f"/public/replies/{published.pk}/")


def test_front_page_links_to_the_replies(client):
    assert "/public/replies/" in client.get("/").content.decode()


def test_a_text_search_is_paged_in_a_fixed_number_of_queries(client, cast, unit, django_assert_num_queries):
    for i in range(23):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A", published=True,
                        title=f"关于加装电梯的建议（{i}）")
    make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="A", published=True,
                    title="关于增加停车位的建议")
    with CaptureQueriesContext(connection) as plain:
        client.get("/public/replies/?page=2")
    with django_assert_num_queries(len(plain)):
        response = client.get("/public/replies/?q=加装电梯&page=2")
    body = response.content.decode()
    assert "共 23 件答复" in body and "第 2 页，共 2 页" in body and body.count("关于加装电梯的建议") == 3
    # past the end: the last page, as any list
    body = client.get("/public/replies/?q=加装电梯&page=9").content.decode()
    assert "第 2 页，共 2 页" in body and "停车" not in body.split("</form>")[1]
    assert "共 0 件答复" in client.get("/public/replies/?q=不存在的词").content.decode()

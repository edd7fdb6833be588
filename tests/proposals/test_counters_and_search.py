"""Issue 18.11 and 18.16: every counter opens exactly the list it counts; lists can be searched."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import Status, Suggestion
from proposals.providers import staff_cards, unit_cards
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
DETAIL = re.compile(r'href="/proposals/(\d+)/"')


def _retitle(s, title):
    s.title = title
    s.save(update_fields=["title"])
    return s


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {int(pk) for pk in DETAIL.findall(response.content.decode())}


@pytest.fixture
def unit_work(build):
    today = timezone.localdate()
    to_accept = build.to(Status.ASSIGNED)
    overdue = build.to(Status.HANDLING)
    Suggestion.objects.filter(pk=overdue.pk).update(reply_due=today - timedelta(days=3))
    due_soon = build.to(Status.HANDLING)
    Suggestion.objects.filter(pk=due_soon.pk).update(reply_due=today + timedelta(days=10))
    later = build.to(Status.HANDLING)
    Suggestion.objects.filter(pk=later.pk).update(reply_due=today + timedelta(days=60))
    return {"to_accept": {to_accept.pk}, "overdue": {overdue.pk}, "due_soon": {due_soon.pk},
            "later": later, "all": {to_accept.pk, overdue.pk, due_soon.pk, later.pk}}


def test_each_unit_home_counter_opens_the_list_it_counts(client, cast, unit_work, django_assert_max_num_queries):
    expected = {"to_accept": unit_work["to_accept"], "overdue": unit_work["overdue"],
                "due_soon": unit_work["due_soon"], "co_opinion": set()}
    cards = unit_cards(cast["unit_officer"])
    assert len({card.url for card in cards}) == 4  # four different lists, not one
    client_for(client, cast["unit_officer"])
    for card, (name, pks) in zip(cards, expected.items(), strict=True):
        assert card.url.endswith(f"?filter={name}")
        with django_assert_max_num_queries(9):
            listed = _listed(client, card.url)
        assert listed == pks and card.count == len(pks), name
    # The co-unit's officer: every one of them waits for its co-unit opinion.
    co_card = unit_cards(cast["other_unit_officer"])[3]
    client_for(client, cast["other_unit_officer"])
    assert _listed(client, co_card.url) == unit_work["all"] and co_card.count == 4
    # The home page links the cards to those lists.
    home = client.get(reverse("accounts:home")).content.decode()
    assert "?filter=co_opinion" in home


def test_staff_queues_list_their_items_with_queues_for_to_accept_and_rehandling(client, build, cast,
                                                                                 django_assert_num_queries):
    assigned = build.to(Status.ASSIGNED)
    rehandled = build.to(Status.REHANDLING)
    client_for(client, cast["staff"])
    page = client.get(reverse("proposals:staff_queues")).content.decode()
    assert "待签收" in page and "重新办理中" in page
    for s in (assigned, rehandled):
        assert reverse("admin:proposals_suggestion_change", args=[s.pk]) in page
    assert "?status__exact=assigned" in page and "?status__exact=rehandling" in page
    keys = [card.url for card in staff_cards(cast["staff"])]
    assert any(url.endswith("status__exact=rehandling") for url in keys)
    # The admin list behind each of these two links lists exactly what the queue counts.
    base = reverse("admin:proposals_suggestion_changelist")
    listed = client.get(base + "?status__exact=rehandling").context["cl"].result_list
    assert [s.pk for s in listed] == [rehandled.pk]


def test_unit_workbench_search(client, build, cast, unit_work):
    _retitle(Suggestion.objects.get(pk=unit_work["later"].pk), "关于加装 电梯 补贴的建议")
    client_for(client, cast["unit_officer"])
    url = reverse("proposals:unit_workbench")
    assert _listed(client, url + "?q=电梯+补贴") == {unit_work["later"].pk}
    assert _listed(client, url + "?q=电梯+停车场") == set()  # every word must match
    response = client.get(url, {"q": " ".join(["词"] * 9)})
    assert "最多 8 个词" in response.content.decode()
    assert _listed(client, url + "?q=" + "长" * 101) == unit_work["all"]  # refused: the whole list
    assert "最多 100 个字符" in client.get(url, {"q": "长" * 101}).content.decode()


def test_my_suggestions_search_is_paged_with_fixed_queries(client, build, cast, django_assert_num_queries,
                                                           monkeypatch):
    from proposals.views import deputy as deputy_views

    monkeypatch.setattr(deputy_views, "MINE_PAGE", 2)
    lifts = [_retitle(build.to(Status.DRAFT, cosigner=False), f"关于加装电梯的建议{i}") for i in range(3)]
    other = _retitle(build.to(Status.DRAFT, cosigner=False), "关于修缮道路的建议")
    client_for(client, cast["deputy"])
    url = reverse("proposals:mine")
    first = client.get(url, {"q": "加装 电梯"})
    listed = {int(pk) for pk in DETAIL.findall(first.content.decode())}
    assert len(listed) == 2 and listed < {s.pk for s in lifts} and other.pk not in listed
    assert "q=%E5%8A%A0%E8%A3%85+%E7%94%B5%E6%A2%AF&amp;page=2" in first.content.decode()  # the next page keeps it
    second = _listed(client, url + "?q=加装+电梯&page=2")
    assert listed | second == {s.pk for s in lifts}
    with django_assert_num_queries(7):  # session, user, bell; count, page, own co-signing, units
        client.get(url, {"q": "加装 电梯"})
    assert "最多 8 个词" in client.get(url, {"q": "一 二 三 四 五 六 七 八 九"}).content.decode()


def test_staff_opinion_list_search(client, cast):
    from deputies import services as deputy_services

    deputy = cast["deputy"].deputy
    lamp = deputy_services.opinion_submit(text="小区门口的路灯坏了一个多月", deputy=deputy)
    deputy_services.opinion_submit(text="希望加装电梯", deputy=deputy)
    client_for(client, cast["staff"])
    page = client.get(reverse("deputies:opinion_list"), {"q": "路灯 门口"}).content.decode()
    assert reverse("deputies:opinion_detail", args=[lamp.pk]) in page and "加装电梯" not in page
    page = client.get(reverse("deputies:opinion_list"), {"q": "路灯 电梯"}).content.decode()
    assert "路灯坏了" not in page and reverse("deputies:opinion_detail", args=[lamp.pk]) not in page
    assert "最多 100 个字符" in client.get(reverse("deputies:opinion_list"), {"q": "字" * 101}).content.decode()


def test_search_pages_have_fixed_query_counts(client, build, cast):
    """The unit workbench and the opinion list, searched, read the same number of queries for few rows
    as for many."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from deputies import services as deputy_services

    counts = {"unit": [], "opinions": []}
    for n in (2, 12):
        for i in range(n):
            _retitle(build.to(Status.HANDLING), f"关于加装电梯的建议{n}-{i}")
            deputy_services.opinion_submit(text=f"希望加装电梯{n}-{i}", deputy=cast["deputy"].deputy)
        for key, user, url in (("unit", "unit_officer", reverse("proposals:unit_workbench") + "?q=加装+电梯"),
                               ("opinions", "staff", reverse("deputies:opinion_list") + "?q=加装+电梯")):
            client_for(client, cast[user])
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[key].append(len(ctx))
    assert counts["unit"][0] == counts["unit"][1] and counts["unit"][0] <= 10, counts
    assert counts["opinions"][0] == counts["opinions"][1] and counts["opinions"][0] <= 8, counts

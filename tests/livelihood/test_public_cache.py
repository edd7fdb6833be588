"""The public progress page, the result announcement and its PDF are kept in the shared cache (core.caching.kept):
no query once kept; dropped when a report, a milestone, a result or the year's record changes; rendered afresh,
never failing, when the cache is away."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, Solicitation

from .test_documents import _voted

pytestmark = pytest.mark.django_db


def _without_nonce(content):
    import re

    """The page less what changes on every response (the CSP nonce, the language form's CSRF token)."""
    return re.sub(rb'(nonce|value)="[^"]*"', b"", content)


@pytest.fixture
def cache_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "set", "delete", "get_or_set", "incr", "delete_many", "has_key"):
        monkeypatch.setattr(cache, name, down)


def test_the_public_pages_run_no_query_once_kept(client, staff_user, unit, django_assert_num_queries):
    s, _poll, _runoff = _voted(staff_user, unit, tie=True)
    urls = {name: reverse(f"livelihood:{name}", args=[s.year]) for name in ("progress", "result", "result_pdf")}
    urls["project"] = reverse("livelihood:project", args=[ChosenProject.objects.get(rank=1).pk])
    first = {name: client.get(url) for name, url in urls.items()}
    assert all(r.status_code == 200 for r in first.values())
    for name, url in urls.items():
        with django_assert_num_queries(0):
            again = client.get(url)
        assert _without_nonce(again.content) == _without_nonce(first[name].content)
    assert "口袋公园" in first["result"].content.decode() and first["result_pdf"].content[:4] == b"%PDF"


def test_a_year_that_is_not_public_is_404_and_not_kept(client, staff_user, unit, django_assert_num_queries):
    s, _poll, _runoff = _voted(staff_user, unit)
    Solicitation.objects.filter(pk=s.pk).update(result_taken_at=None)
    from supervision.livelihood import selectors

    selectors.result_changed()  # the services drop the kept pages; this update went around them
    for name in ("progress", "result", "result_pdf"):
        url = reverse(f"livelihood:{name}", args=[s.year])
        assert client.get(url).status_code == 404
        with django_assert_num_queries(1):  # a missing page is looked up each time, never kept
            assert client.get(url).status_code == 404


def test_a_report_a_milestone_and_the_year_record_drop_the_kept_pages(client, staff_user, unit, unit_officer,
                                                                     django_capture_on_commit_callbacks,
                                                                     django_assert_num_queries):
    s, _poll, _runoff = _voted(staff_user, unit)
    progress_url = reverse("livelihood:progress", args=[s.year])
    project = ChosenProject.objects.get(rank=1)
    project_url = reverse("livelihood:project", args=[project.pk])
    client.get(progress_url)

    result_url = reverse("livelihood:result", args=[s.year])
    client.get(result_url)
    services.progress_report(project=project, actor=unit_officer, progress=30, text="完成社区食堂选址")
    page = client.get(progress_url).content.decode()
    assert "完成社区食堂选址" in page and 'value="30"' in page
    with django_assert_num_queries(0):  # the announcement shows only the vote: a report leaves it kept
        client.get(result_url)

    milestones = [services.milestone_add(project=project, actor=staff_user, title=t,
                                         planned_on=datetime.date(2027, 6, 1)) for t in ("选址", "装修")]
    client.get(progress_url)
    for m in milestones:
        services.milestone_reach(milestone=m, actor=unit_officer, done_on=timezone.localdate())
    assert 'value="100"' in client.get(progress_url).content.decode()
    assert "装修" in client.get(project_url).content.decode()

    # Staff correct the year's record in the administration: the kept pages follow.
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from supervision.livelihood import selectors

    assert "2 个" in client.get(result_url).content.decode()
    request = RequestFactory().post("/")
    request.user = staff_user
    s.places = 3
    with django_capture_on_commit_callbacks(execute=True):
        site._registry[Solicitation].save_model(request, s, None, True)
    assert cache.get(selectors.VERSION_KEY) is None and cache.get(selectors.RESULT_VERSION_KEY) is None
    assert "3 个" in client.get(result_url).content.decode()


def test_the_pages_work_without_the_cache(client, staff_user, unit, cache_down, unit_officer):
    s, _poll, _runoff = _voted(staff_user, unit)
    project = ChosenProject.objects.get(rank=1)
    services.progress_report(project=project, actor=unit_officer, progress=40, text="完成改造四成")
    page = client.get(reverse("livelihood:progress", args=[s.year]))
    assert page.status_code == 200 and "完成改造四成" in page.content.decode()
    assert client.get(reverse("livelihood:result", args=[s.year])).status_code == 200
    assert client.get(reverse("livelihood:result_pdf", args=[s.year])).content[:4] == b"%PDF"
    assert client.get(reverse("livelihood:progress", args=[1999])).status_code == 404


def test_the_kept_project_page_still_shows_the_unit_its_report_link(client, staff_user, unit, unit_officer,
                                                                    other_unit_officer, django_assert_num_queries):
    from tests.conftest import client_for

    s, _poll, _runoff = _voted(staff_user, unit)
    project = ChosenProject.objects.get(rank=1)
    url, report_url = (reverse(f"livelihood:{name}", args=[project.pk]) for name in ("project", "report"))
    assert report_url not in client.get(url).content.decode()
    client_for(client, unit_officer)
    with django_assert_num_queries(4):  # the session, the user, whether the project is the unit's; no page query
        page = client.get(url).content.decode()
    assert report_url in page and "<title>社区食堂" in page
    client.logout()
    assert report_url not in client_for(client, other_unit_officer).get(url).content.decode()
    assert client.get(reverse("livelihood:project", args=[999999])).status_code == 404


def test_taking_the_result_drops_the_announcement(staff_user, unit):
    from supervision.livelihood import selectors

    selectors.data_version(selectors.RESULT_VERSION_KEY)
    assert cache.get(selectors.RESULT_VERSION_KEY) is not None
    _voted(staff_user, unit)  # ends with services.result_take
    assert cache.get(selectors.RESULT_VERSION_KEY) is None

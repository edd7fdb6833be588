"""The public pages (no account), tracking, the progress page and the unit's progress report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies import ratelimit
from supervision.livelihood import services
from supervision.livelihood.forms import CHALLENGE_KEY
from supervision.livelihood.models import ChosenProject, ProjectProposal
from tests.conftest import client_for

from .helpers import add_candidates, closed_solicitation, open_solicitation

pytestmark = pytest.mark.django_db


def _post(client, **data):
    client.get(reverse("livelihood:propose"))
    expected = client.session[CHALLENGE_KEY]
    return client.post(reverse("livelihood:propose"), {"challenge": expected, **data})


def test_the_home_page_leads_to_the_livelihood_pages(client):
    open_solicitation(timezone.localdate())
    home = client.get("/").content.decode()
    assert reverse("livelihood:index") in home and "民生实事项目" in home
    page = client.get(reverse("livelihood:index")).content.decode()
    assert reverse("livelihood:propose") in page and reverse("livelihood:track") in page


def test_a_citizen_proposes_without_an_account_and_follows_it_with_the_code(client, staff_user, unit):
    s = open_solicitation(timezone.localdate())
    form = client.get(reverse("livelihood:propose"))
    assert form.status_code == 200 and "等于几" in form.content.decode() and "style=" not in form.content.decode()
    response = _post(client, text="在积玉桥街建社区食堂，方便老人吃饭", proposer_name="王女士")
    assert response.status_code == 302 and response["Location"] == reverse("livelihood:thanks")
    proposal = ProjectProposal.objects.get()
    assert proposal.proposer is None and proposal.proposer_name == "王女士"
    thanks = client.get(reverse("livelihood:thanks")).content.decode()
    grouped = "-".join(proposal.tracking_code[i:i + 4] for i in range(0, 16, 4))
    assert grouped in thanks
    track = client.get(reverse("livelihood:track"), {"code": grouped.lower()})
    assert track.status_code == 200 and "正在筛选" in track.content.decode()
    candidate = services.candidate_create(solicitation=s, actor=staff_user, title="社区食堂", description="建食堂",
                                          budget=100, unit=unit, expected_completion=datetime.date(2027, 12, 31),
                                          proposals=[proposal])
    ChosenProject.objects.create(candidate=candidate, rank=1, approvals=5)
    s.result_taken_at = timezone.now()
    s.save()
    page = client.get(reverse("livelihood:track"), {"code": proposal.tracking_code}).content.decode()
    assert "候选项目：社区食堂" in page and "代表票决选中" in page
    assert reverse("livelihood:progress", args=[s.year]) in page
    other = services.proposal_submit(solicitation=s, text="修一座过街天桥")
    s.approved_at = timezone.now()
    s.save()
    page = client.get(reverse("livelihood:track"), {"code": other.tracking_code}).content.decode()
    assert "未纳入常委会审议通过的候选项目清单" in page
    missing = client.get(reverse("livelihood:track"), {"code": "0000-0000-0000-0000"})
    assert missing.status_code == 404 and "没有这个查询码" in missing.content.decode()


def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(client):
    open_solicitation(timezone.localdate())
    response = _post(client, text="食堂", proposer_phone="12345")
    body = response.content.decode()
    assert response.status_code == 400 and 'aria-invalid="true"' in body
    assert "id_text_error" in body and "id_proposer_phone_error" in body and "请至少用 5 个字描述" in body
    client.get(reverse("livelihood:propose"))
    wrong = client.post(reverse("livelihood:propose"), {"challenge": client.session[CHALLENGE_KEY] + 1,
                                                         "text": "在积玉桥街建社区食堂"})
    assert wrong.status_code == 400 and "答案不正确" in wrong.content.decode()
    bot = _post(client, text="在积玉桥街建社区食堂", website="http://spam")
    assert bot.status_code == 400
    assert not ProjectProposal.objects.exists()


def test_the_form_is_closed_outside_the_solicitation(client):
    closed_solicitation(timezone.localdate())
    response = client.get(reverse("livelihood:propose"))
    assert response.status_code == 404 and "目前没有正在征集" in response.content.decode()


def test_a_solicitation_closing_while_the_form_is_sent_is_refused_on_the_form(client, monkeypatch):
    """The shared public proposal view shows the service's refusal (here: the period closed between the
    page's look-up and the store) as the form's error, and stores nothing."""
    from supervision.livelihood.views import ProposeView

    closed = closed_solicitation(timezone.localdate())
    monkeypatch.setattr(ProposeView, "open_period", lambda self: closed)
    response = _post(client, text="在积玉桥街建社区食堂，方便老人吃饭")
    body = response.content.decode()
    assert response.status_code == 400 and "年度项目征集不在征集期内" in body
    assert not ProjectProposal.objects.exists()


def test_the_opinion_forms_flood_limit_applies(client):
    open_solicitation(timezone.localdate())
    codes = [_post(client, text=f"建议项目第{i}个，请采纳").status_code for i in range(ratelimit.OPINIONS_PER_HOUR + 1)]
    assert codes == [302] * ratelimit.OPINIONS_PER_HOUR + [429]
    assert ProjectProposal.objects.count() == ratelimit.OPINIONS_PER_HOUR


def test_a_signed_in_deputy_proposes_as_themself(client, deputy_user):
    open_solicitation(timezone.localdate())
    client_for(client, deputy_user)
    home = client.get(reverse("accounts:home")).content.decode()
    assert reverse("livelihood:index") in home and "民生实事项目" in home
    assert _post(client, text="为老旧小区加装电梯").status_code == 302
    assert ProjectProposal.objects.get().proposer == deputy_user


def _chosen_year(staff_user, units, count, year=2027):
    s = closed_solicitation(timezone.localdate(), places=count, year=year)
    candidates = add_candidates(s, staff_user, units[0], [f"项目{i}" for i in range(count)])
    for i, c in enumerate(candidates):
        c.unit = units[i % len(units)]
        c.save()
        ChosenProject.objects.create(candidate=c, rank=i + 1, approvals=50 - i)
    s.result_taken_at = timezone.now()
    s.save()
    return s


def test_the_progress_page_shows_each_project_in_fixed_queries(client, staff_user, unit, other_unit, unit_officer,
                                                              django_assert_num_queries):
    s = _chosen_year(staff_user, [unit, other_unit], 2)
    url = reverse("livelihood:progress", args=[s.year])
    with django_assert_num_queries(2):
        client.get(url)
    project = ChosenProject.objects.get(rank=1)
    services.progress_report(project=project, actor=unit_officer, progress=20, text="完成选址")
    services.progress_report(project=project, actor=unit_officer, progress=45, text="主体完工")
    for i in range(2, 8):
        other = _chosen_year(staff_user, [unit, other_unit], 1, year=2027 + i)
        del other
    s2 = _chosen_year(staff_user, [unit, other_unit], 6, year=2040)
    with django_assert_num_queries(2):
        big = client.get(reverse("livelihood:progress", args=[s2.year]))
    assert big.content.decode().count('<progress ') == 6
    with django_assert_num_queries(2):
        response = client.get(url)
    body = response.content.decode()
    assert body.count('<progress ') == 2 and 'value="45"' in body and "主体完工" in body and "完成选址" not in body
    assert unit.name in body and other_unit.name in body and "尚无进展报告" in body
    assert "style=" not in body and "<script>" not in body
    assert client.get(reverse("livelihood:progress", args=[1999])).status_code == 404


def test_the_unit_reports_from_its_workbench_and_outsiders_get_404(client, staff_user, unit, unit_officer,
                                                                  other_unit_officer):
    s = _chosen_year(staff_user, [unit], 1)
    project = ChosenProject.objects.get()
    url = reverse("livelihood:report", args=[project.pk])
    workbench = client_for(client, unit_officer).get(reverse("accounts:home")).content.decode()
    assert url in workbench and "民生实事" in workbench
    bad = client.post(url, {"progress": 120, "text": "完成"})
    assert bad.status_code == 400 and "id_progress_error" in bad.content.decode()
    response = client.post(url, {"progress": 60, "text": "完成主体施工"})
    assert response.status_code == 302 and response["Location"] == reverse("livelihood:project", args=[project.pk])
    back = client.post(url, {"progress": 50, "text": "再报"})
    assert back.status_code == 400 and "不能倒退" in back.content.decode()
    project.refresh_from_db()
    assert project.progress == 60 and project.reports.count() == 1
    client.logout()
    assert client_for(client, other_unit_officer).get(url).status_code == 404
    client.logout()
    assert client_for(client, staff_user).get(url).status_code == 404


def test_the_index_form_and_tracking_pages_run_fixed_queries(client, staff_user, unit, django_assert_num_queries):
    s = open_solicitation(timezone.localdate())
    _chosen_year(staff_user, [unit], 3, year=2020)
    _chosen_year(staff_user, [unit], 3, year=2021)
    proposal = services.proposal_submit(solicitation=s, text="在积玉桥街建社区食堂")
    services.candidate_create(solicitation=s, actor=staff_user, title="社区食堂", description="建食堂", budget=100,
                              unit=unit, expected_completion=datetime.date(2027, 12, 31), proposals=[proposal])
    with django_assert_num_queries(2):  # the open solicitation, the public years
        client.get(reverse("livelihood:index"))
    # The open solicitation; a new session for the challenge (its savepoint, exists, insert, release).
    with django_assert_num_queries(5):
        client.get(reverse("livelihood:propose"))
    with django_assert_num_queries(4):  # the proposal, its candidates, their chosen rows; the session
        client.get(reverse("livelihood:track"), {"code": proposal.tracking_code})


def test_the_progress_page_keeps_its_cards_until_a_report_changes_them(client, staff_user, unit, unit_officer,
                                                                       django_assert_num_queries):
    s = _chosen_year(staff_user, [unit], 3)
    url = reverse("livelihood:progress", args=[s.year])
    client.get(url)
    with django_assert_num_queries(0):  # the page's body comes from the cache
        client.get(url)
    project = ChosenProject.objects.get(rank=2)
    services.progress_report(project=project, actor=unit_officer, progress=45, text="完成管网铺设")
    with django_assert_num_queries(2):
        page = client.get(url).content.decode()
    assert "完成管网铺设" in page and 'value="45"' in page

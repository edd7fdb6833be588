"""The pages: a member's meeting page and phone ballot, the staff's progress, paper form and result."""

import pytest
from django.urls import reverse

from congress_portal.meetings import services
from congress_portal.meetings.models import Attendance, Ballot, Participation, Poll

from .helpers import committee, meeting, open_satisfaction, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff_user):
    term, users = committee(25)
    m = meeting(term)
    return staff_user, m, users


def test_member_signs_in_on_the_meeting_page(client, world, django_assert_num_queries):
    staff, m, users = world
    client.force_login(users[4])
    url = reverse("meetings:meeting", args=[m.pk])
    with django_assert_num_queries(12):
        page = client.get(url)
    html = page.content.decode()
    assert "签到：我已到会" in html and "听取和审议区政府关于老旧小区改造工作情况的报告" in html
    response = client.post(reverse("meetings:sign_in", args=[m.pk]), follow=True)
    assert "签到成功" in response.content.decode()
    a = Attendance.objects.get(meeting=m, user=users[4])
    assert (a.status, a.method) == ("present", "phone")


def test_outsiders_do_not_see_meetings_or_ballots(client, world, deputy_user, unit_officer):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    for outsider in (deputy_user, unit_officer):
        client.force_login(outsider)
        assert client.get(reverse("meetings:meeting", args=[m.pk])).status_code == 404
        assert client.get(reverse("meetings:ballot", args=[poll.pk])).status_code == 404
        assert client.get(reverse("meetings:progress_json", args=[poll.pk])).status_code == 403
    client.force_login(users[22])  # a member, but absent when the vote opened
    response = client.get(reverse("meetings:ballot", args=[poll.pk]))
    assert response.status_code == 403 and "不在本次表决的投票人名单中" in response.content.decode()


def test_phone_ballot_choose_confirm_cast_receipt_no_way_back(client, world, django_assert_num_queries):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    voter = users[1]
    client.force_login(voter)
    url = reverse("meetings:ballot", args=[poll.pk])
    with django_assert_num_queries(9):
        page = client.get(url)
    assert "满意" in page.content.decode() and 'type="radio"' in page.content.decode()
    satisfied = option(poll, "satisfied")
    confirm = client.post(url, {"step": "confirm", "choice_1": satisfied})
    assert "核对选票" in confirm.content.decode() and not Participation.objects.exists()
    cast = client.post(url, {"step": "cast", "choice": satisfied}, follow=True)
    assert "您的票已投出" in cast.content.decode()
    assert Ballot.objects.get(poll=poll).choices == [satisfied]
    # Back to the ballot: it shows the receipt; a replayed POST records nothing more.
    assert client.get(url).url == reverse("meetings:receipt", args=[poll.pk])
    client.post(url, {"step": "cast", "choice": option(poll, "unsatisfied")})
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_empty_choice_is_refused_on_the_ballot_page(client, world):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    client.force_login(users[1])
    response = client.post(reverse("meetings:ballot", args=[poll.pk]), {"step": "confirm"})
    assert "请为每个事项选一项后再提交" in response.content.decode()


def test_approval_ballot_over_n_refused_on_the_page(client, world):
    staff, m, users = world
    services.attendance_record(forum=m, user=users[0], status="present", actor=staff)
    for u in users[1:14]:
        services.attendance_record(forum=m, user=u, status="present", actor=staff)
    poll = services.poll_create(forum=m, title="民生实事票决", kind=Poll.Kind.APPROVAL, actor=staff, places=1,
                                subjects=["甲", "乙"])
    services.poll_open(poll=poll, actor=staff)
    client.force_login(users[2])
    url = reverse("meetings:ballot", args=[poll.pk])
    assert 'data-max-choices="1"' in client.get(url).content.decode()
    response = client.post(url, {"step": "cast", "choice": [option(poll, "candidate", "甲"),
                                                            option(poll, "candidate", "乙")]})
    assert "最多只能赞成 1 个" in response.content.decode() and not Ballot.objects.exists()


def test_progress_json_counts_only_for_staff(client, world, django_assert_num_queries):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    services.poll_cast(poll=poll, voter=users[0], option_ids=[option(poll, "satisfied")])
    client.force_login(staff)
    with django_assert_num_queries(5):
        data = client.get(reverse("meetings:progress_json", args=[poll.pk])).json()
    assert data == {"state": "open", "roll": 20, "voted": 1, "paper": 0}
    page = client.get(reverse("meetings:progress", args=[poll.pk])).content.decode()
    assert "meetings/progress.js" in page and "委员05" in page  # staff see who has not voted
    client.force_login(users[1])
    assert client.get(reverse("meetings:progress", args=[poll.pk])).status_code == 403
    member_page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    assert "委员05" not in member_page  # no names of who has (not) voted to members


def test_staff_open_close_publish_and_result_pages(client, world, django_assert_num_queries):
    staff, m, users = world
    for u in users[:20]:
        services.attendance_record(forum=m, user=u, status="present", actor=staff)
    poll = services.poll_create(forum=m, title="满意度测评", kind=Poll.Kind.SATISFACTION, actor=staff)
    client.force_login(staff)
    client.post(reverse("meetings:move", args=[poll.pk, "open"]))
    assert Poll.objects.get(pk=poll.pk).state == "open"
    for u in users[:13]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "satisfied")])
    response = client.post(reverse("meetings:move", args=[poll.pk, "close"]), follow=True)
    html = response.content.decode()
    assert "表决结果" in html and "满意" in html and "镇海规则" in html and "25" in html
    client.force_login(users[3])
    assert client.get(reverse("meetings:result", args=[poll.pk])).status_code == 404  # not yet published
    client.force_login(staff)
    client.post(reverse("meetings:move", args=[poll.pk, "publish"]))
    client.force_login(users[3])
    with django_assert_num_queries(7):
        page = client.get(reverse("meetings:result", args=[poll.pk]))
    assert "结果：" in page.content.decode()
    client.force_login(staff)
    screen = client.get(reverse("meetings:screen", args=[poll.pk])).content.decode()
    assert "表决结果" in screen and 'data-refresh-seconds="5"' in screen  # reloads itself (meetings/screen.js)


def test_quorum_refusal_shown_in_chinese(client, world):
    staff, m, users = world
    for u in users[:10]:
        services.attendance_record(forum=m, user=u, status="present", actor=staff)
    poll = services.poll_create(forum=m, title="测评", kind=Poll.Kind.SATISFACTION, actor=staff)
    client.force_login(staff)
    html = client.post(reverse("meetings:move", args=[poll.pk, "open"]), follow=True).content.decode()
    assert "未达到法定人数" in html and "还需 3 人签到" in html


def test_staff_attendance_form_all_or_nothing(client, world):
    staff, m, users = world
    client.force_login(staff)
    url = reverse("meetings:attendance", args=[m.pk])
    data = {f"status_{users[0].pk}": "present", f"status_{users[1].pk}": "leave", f"reason_{users[1].pk}": ""}
    html = client.post(url, data).content.decode()
    assert "请填写请假事由" in html and not Attendance.objects.exists()
    data[f"reason_{users[1].pk}"] = "出差"
    data[f"status_{users[2].pk}"] = "absent"
    client.post(url, data)
    assert dict(Attendance.objects.values_list("user_id", "status")) == {
        users[0].pk: "present", users[1].pk: "leave", users[2].pk: "absent"}


def test_paper_form_reconciles_and_errors_by_field(client, world):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    client.force_login(staff)
    url = reverse("meetings:paper", args=[poll.pk])
    data = {"voters": [users[7].pk], "issued": 2, "valid": 1, "invalid": 0, "not_returned": 0,
            f"option_{option(poll, 'satisfied')}": 1}
    html = client.post(url, data).content.decode()
    assert "登记使用纸质票的是 1 人" in html and not Participation.objects.exists()
    data["issued"] = 1
    client.post(url, data)
    assert Participation.objects.get(poll=poll).channel == "paper"
    assert poll.paper_tally.valid == 1


def test_result_pdf_is_signed_by_the_chair(client, world):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    for u in users[:13]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "satisfied")])
    services.poll_close(poll=poll, actor=staff)
    client.force_login(staff)
    response = client.get(reverse("meetings:result_pdf", args=[poll.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_workbench_cards_lead_to_the_vote(client, world):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    client.force_login(users[1])
    html = client.get(reverse("accounts:home")).content.decode()
    assert "正在进行的表决" in html and reverse("meetings:ballot", args=[poll.pk]) in html
    client.force_login(staff)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "会议与表决" in html and reverse("meetings:progress", args=[poll.pk]) in html


def test_meeting_documents_download_for_members_only(client, world, deputy_user, settings, tmp_path):
    from django.core.files.base import ContentFile

    from congress_portal.meetings.models import AgendaDocument

    settings.MEDIA_ROOT = tmp_path
    staff, m, users = world
    doc = AgendaDocument(item=m.agenda_items.first(), title="区政府关于老旧小区改造工作情况的报告")
    doc.file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=True)
    client.force_login(users[2])
    page = client.get(reverse("meetings:meeting", args=[m.pk])).content.decode()
    url = reverse("meetings:document", args=[doc.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    client.force_login(deputy_user)
    assert client.get(url).status_code == 404


def _session_approval(staff):
    import datetime

    from congress_portal.organization.models import Session
    from tests import factories

    term = factories.TermFactory()
    session = Session.objects.create(term=term, number=4, name="第四次会议", start_date=datetime.date(2026, 12, 1),
                                     end_date=datetime.date(2026, 12, 4))
    deputies = [factories.DeputyUserFactory(username=f"dp{i}", deputy__term=term) for i in range(3)]
    for u in deputies:
        services.attendance_record(forum=session, user=u, status="present", actor=staff)
    poll = services.poll_create(forum=session, title="民生实事票决", kind=Poll.Kind.APPROVAL, actor=staff,
                                places=1, subjects=["甲", "乙"])
    return services.poll_open(poll=poll, actor=staff)


@pytest.mark.parametrize("forum, who, other", [("meeting", "委员", "代表"), ("session", "代表", "委员")])
def test_paper_form_names_who_votes_members_at_a_meeting_deputies_at_a_session(client, world, forum, who, other):
    from django.utils import translation

    from congress_portal.meetings.forms import PaperForm

    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20]) if forum == "meeting" else _session_approval(staff)
    assert poll.voted_by_deputies is (forum == "session")
    with translation.override("zh-hans"):
        form = PaperForm({}, poll=poll)
        assert not form.is_valid()
        label, help_text = str(form.fields["voters"].label), str(form.fields["voters"].help_text)
        error = form.non_field_errors()[0]
    assert label == f"使用纸质票的{who}" and f"勾选的{who}" in help_text
    assert error == f"请勾选使用纸质票的{who}，或填写清点后的票数。"
    assert other not in label + help_text + error
    client.force_login(staff)
    html = client.post(reverse("meetings:paper", args=[poll.pk]), {"issued": ""}).content.decode()
    assert f"使用纸质票的{who}" in html and f"请勾选使用纸质票的{who}" in html
    assert f"使用纸质票的{other}" not in html


def test_paper_form_ties_each_count_error_to_its_field(client, world):
    staff, m, users = world
    poll = open_satisfaction(m, staff, users[:20])
    client.force_login(staff)
    html = client.post(reverse("meetings:paper", args=[poll.pk]), {"issued": 1}).content.decode()
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_valid_error"' in html
    assert 'id="id_valid_error"' in html and "is-invalid" in html

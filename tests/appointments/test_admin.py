"""Staff work appointments in the admin: register a motion with its nominees (refusals on their fields,
nothing saved), record reviews and exams, move nominees on with the table's actions; personal data is
the staff's only."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from appointments import services
from appointments.models import LawExam, Motion, Nominee, QualificationReview, State

from tests.meetings.helpers import sign_in

from .helpers import ALL_MET, committee, meeting, nominee_data, ready_for_vote, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def admin_staff(staff_user):
    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="appointments"))
    return staff_user


@pytest.fixture
def m():
    term, _users = committee(5)
    return meeting(term)


def motion_post(m, submitted_on, **extra):
    data = {"title": "区人民政府区长关于提请任免职务的议案", "nominating_body": "district_head", "meeting": m.pk,
            "submitted_on": submitted_on.isoformat(), "late_consent_on": "", "late_consent_note": "",
            "vote_mode": "separate",
            "nominees-TOTAL_FORMS": "2", "nominees-INITIAL_FORMS": "0", "nominees-MIN_NUM_FORMS": "0",
            "nominees-MAX_NUM_FORMS": "1000"}
    for i, (name, post) in enumerate([("陈明", "区人民政府副区长"), ("刘芳", "区人民政府办公室主任")]):
        data.update({f"nominees-{i}-person_name": name, f"nominees-{i}-post": post,
                     f"nominees-{i}-organ": "government", f"nominees-{i}-kind": "appoint",
                     f"nominees-{i}-reasons": "工作需要", f"nominees-{i}-resume": "简历",
                     f"nominees-{i}-id_number": "420106197501010011", f"nominees-{i}-phone": "13800001111",
                     f"nominees-{i}-exam_required": "on"})
    data.update(extra)
    return data


def test_staff_register_a_motion_in_the_admin(client, admin_staff, m):
    client.force_login(admin_staff)
    url = reverse("admin:appointments_motion_add")
    assert client.get(url).status_code == 200
    html = client.post(url, motion_post(m, m.date - datetime.timedelta(days=7))).content.decode()
    assert "主任会议同意" in html and "不足规定的 10 天" in html
    assert not Motion.objects.exists() and not Nominee.objects.exists()
    response = client.post(url, motion_post(m, m.date - datetime.timedelta(days=7),
                                            late_consent_on=(m.date - datetime.timedelta(days=6)).isoformat()))
    assert response.status_code == 302
    motion = Motion.objects.get()
    assert motion.late and motion.registered_by == admin_staff and motion.agenda_item.meeting == m
    assert list(motion.nominees.values_list("person_name", "state")) == [("陈明", "registered"), ("刘芳", "registered")]
    change = client.get(reverse("admin:appointments_motion_change", args=[motion.pk])).content.decode()
    assert "陈明" in change and "420106197501010011" in change  # staff see the personal data


def test_third_nomination_refused_in_the_admin(client, admin_staff, m, staff_user):
    term_users = [u for u in m.term.committee_members.all()]
    assert term_users
    for _ in range(2):
        motion = register(staff_user, m, nominee_data(id_number="420106197501010011"))
        Nominee.objects.filter(motion=motion).update(state=State.FAILED)
    client.force_login(admin_staff)
    html = client.post(reverse("admin:appointments_motion_add"),
                       motion_post(m, m.date - datetime.timedelta(days=12))).content.decode()
    assert "不得再次提请同一人担任该职务" in html
    assert Motion.objects.count() == 2


def test_review_and_exam_forms_go_through_the_services(client, admin_staff, m):
    nominee = register(admin_staff, m).nominees.get()
    client.force_login(admin_staff)
    url = reverse("admin:appointments_qualificationreview_add")
    html = client.post(url, {"nominee": nominee.pk, "met": services.DEFAULT_CHECKLIST[1:], "remarks": ""}
                       ).content.decode()
    assert "请在审查意见中说明理由" in html and not QualificationReview.objects.exists()
    assert client.post(url, {"nominee": nominee.pk, "met": services.DEFAULT_CHECKLIST}).status_code == 302
    nominee.refresh_from_db()
    assert nominee.state == State.REVIEWED and nominee.review.reviewer == admin_staff
    url = reverse("admin:appointments_lawexam_add")
    html = client.post(url, {"nominee": nominee.pk, "date": "2026-11-20", "score": "120"}).content.decode()
    assert "0 到 100 之间的分数" in html and not LawExam.objects.exists()
    assert client.post(url, {"nominee": nominee.pk, "date": "2026-11-20", "score": "55"}).status_code == 302
    nominee.refresh_from_db()
    assert nominee.state == State.EXAM_FAILED


def test_table_actions_make_the_moves_and_say_the_refusals(client, admin_staff, m):
    users = [cm.user for cm in m.term.committee_members.select_related("user")]
    motion = register(admin_staff, m, nominee_data("陈明"), nominee_data("刘芳", "区人民政府办公室主任"))
    chen, liu = motion.nominees.all()
    services.nominee_review(nominee=chen, actor=admin_staff, checklist=ALL_MET)
    services.nominee_exam(nominee=chen, actor=admin_staff, date=datetime.date(2026, 11, 20), score=50)
    ready_for_vote(admin_staff, liu)
    client.force_login(admin_staff)
    url = reverse("admin:appointments_nominee_changelist")
    html = client.post(url, {"action": "send_to_vote", "_selected_action": [chen.pk]}, follow=True).content.decode()
    assert "低于合格分数线" in html
    html = client.post(url, {"action": "open_vote", "_selected_action": [liu.pk]}, follow=True).content.decode()
    assert "法定人数" in html or "还需" in html
    sign_in(m, users[:3], admin_staff)
    html = client.post(url, {"action": "open_vote", "_selected_action": [liu.pk]}, follow=True).content.decode()
    assert "开始表决：1 人" in html
    liu.refresh_from_db()
    assert liu.state == State.VOTING and liu.poll.state == "open"


def test_nominees_table_filters_and_searches(client, admin_staff, m, django_assert_num_queries):
    register(admin_staff, m, nominee_data("陈明"), nominee_data("王强", "区人民法院副院长", organ="court",
                                                                 kind="remove"))
    client.force_login(admin_staff)
    url = reverse("admin:appointments_nominee_changelist")
    client.get(url)
    for i in range(3, 40):  # more rows do not add queries
        register(admin_staff, m, nominee_data(f"人员{i}"))
    with django_assert_num_queries(8):  # session, user, permissions, filters (years), count, page (no full count)
        assert client.get(url).status_code == 200
    html = client.get(url, {"organ": "court"}).content.decode()
    assert "王强" in html and "陈明" not in html
    html = client.get(url, {"kind": "appoint", "year": str(m.date.year)}).content.decode()
    assert "陈明" in html and "王强" not in html
    assert "陈明" not in client.get(url, {"year": "2020"}).content.decode()
    html = client.get(url, {"q": "王强"}).content.decode()
    assert "王强" in html and "陈明" not in html


def test_personal_data_is_for_staff_only(client, leader_user, deputy_user, admin_staff, m):
    nominee = register(admin_staff, m, nominee_data(id_number="420106197501010011")).nominees.get()
    url = reverse("admin:appointments_nominee_change", args=[nominee.pk])
    client.force_login(admin_staff)
    assert "420106197501010011" in client.get(url).content.decode()
    for outsider in (leader_user, deputy_user):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert "420106197501010011" not in response.content.decode()


def test_nominee_page_links_to_the_next_step(client, admin_staff, m):
    nominee = register(admin_staff, m).nominees.get()
    client.force_login(admin_staff)
    url = reverse("admin:appointments_nominee_change", args=[nominee.pk])
    review_url = f'{reverse("admin:appointments_qualificationreview_add")}?nominee={nominee.pk}'
    page = client.get(url).content.decode()
    assert review_url in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page  # read only: nothing to save
    form = client.get(review_url).content.decode()
    assert f'<option value="{nominee.pk}" selected>' in form
    services.nominee_review(nominee=nominee, actor=admin_staff, checklist=ALL_MET)
    html = client.get(url).content.decode()
    assert f'{reverse("admin:appointments_lawexam_add")}?nominee={nominee.pk}' in html and "提请表决" in html


def test_the_deputies_and_personnel_office_works_appointments(client, staff_user, m):
    from congress_portal.organization.demo import grant_office_permissions

    grant_office_permissions({staff_user.office: "deputies_affairs"})
    nominee = register(staff_user, m).nominees.get()
    client.force_login(staff_user)
    for url in [reverse("admin:appointments_motion_add"), reverse("admin:appointments_nominee_changelist"),
                reverse("admin:appointments_nominee_change", args=[nominee.pk]),
                reverse("admin:appointments_qualificationreview_add"), reverse("admin:appointments_lawexam_add")]:
        assert client.get(url).status_code == 200, url
    assert "人事任免" in client.get(reverse("admin:index")).content.decode()
    assert 'name="nominees-0-person_name"' in client.get(reverse("admin:appointments_motion_add")).content.decode()

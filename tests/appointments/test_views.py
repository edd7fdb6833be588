"""The public announcement (name, post, organ only) and the list with counts per year for staff and
leaders, reached from the home page and the workbench; query counts pinned."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from appointments.models import Kind, Nominee, Organ, State

from .helpers import committee, meeting, nominee_data, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def decided(staff_user):
    """Three passed (two in 2026, one in 2025), one failed, one still registered."""
    term, _users = committee(5)
    m12 = meeting(term, 12)
    m3 = meeting(term, 3)
    m3.date = datetime.date(2025, 3, 1)
    m3.save()
    motion = register(staff_user, m12, nominee_data("陈明", id_number="420106197501010011"),
                      nominee_data("王强", "区人民法院副院长", organ=Organ.COURT, kind=Kind.REMOVE),
                      nominee_data("赵敏", "区人民检察院检察员", organ=Organ.PROCURATORATE))
    chen, wang, zhao = motion.nominees.all()
    Nominee.objects.filter(pk__in=[chen.pk, wang.pk]).update(state=State.PASSED, decided_on=m12.date, votes_for=4)
    Nominee.objects.filter(pk=zhao.pk).update(state=State.FAILED, decided_on=m12.date, votes_for=2)
    old = register(staff_user, m3, nominee_data("孙丽", "区人民政府办公室主任"),
                   submitted_on=datetime.date(2025, 2, 1)).nominees.get()
    Nominee.objects.filter(pk=old.pk).update(state=State.PASSED, decided_on=m3.date)
    register(staff_user, m12, nominee_data("周杰", "区人民政府副区长"))
    return term


def test_announcement_is_public_and_shows_no_personal_data(client, decided, django_assert_num_queries):
    url = reverse("appointments:announcement")
    with django_assert_num_queries(2):  # count, page
        html = client.get(url).content.decode()
    assert "任命陈明为区人民政府副区长" in html and "免去王强的区人民法院副院长职务" in html
    assert "区人民法院" in html and "第十六届人大常委会第12次会议" in html and "任命孙丽为区人民政府办公室主任" in html
    assert html.index("陈明") < html.index("孙丽")  # newest meeting first
    assert "赵敏" not in html and "周杰" not in html  # not passed, not decided
    assert "420106197501010011" not in html and "13800001111" not in html and "工作需要" not in html


def test_announcement_is_linked_from_the_home_page(client, decided):
    html = client.get("/").content.decode()
    assert reverse("appointments:announcement") in html and "任免名单公告" in html


def test_list_counts_per_year_for_staff_and_leaders(client, decided, staff_user, leader_user,
                                                    django_assert_num_queries):
    url = reverse("appointments:list")
    for user in (staff_user, leader_user):
        client.force_login(user)
        client.get(url)  # warm the session and the user
        # session, user, the chosen term, counts per year (which also count the rows), unread notifications,
        # the terms to choose, page
        with django_assert_num_queries(7):
            response = client.get(url, {"term": decided.pk})
        html = response.content.decode()
        assert response.status_code == 200
        assert "陈明" in html and "孙丽" in html and "赵敏" not in html and "周杰" not in html
        assert "420106197501010011" not in html
    counts = response.context["per_year"]
    assert counts == [(2026, [1, 1, 0, 0, 0], 2), (2025, [1, 0, 0, 0, 0], 1)]


def test_list_filters_by_organ_kind_and_year(client, decided, leader_user):
    client.force_login(leader_user)
    url = reverse("appointments:list")
    html = client.get(url, {"organ": "court"}).content.decode()
    assert "王强" in html and "陈明" not in html
    html = client.get(url, {"kind": "appoint", "year": "2025"}).content.decode()
    assert "孙丽" in html and "陈明" not in html
    response = client.get(url, {"year": "abc"})
    assert "请输入整数" in response.content.decode() or "整数" in response.content.decode()
    assert not response.context["page"].object_list


def test_list_is_for_staff_and_leaders_only(client, decided, deputy_user):
    url = reverse("appointments:list")
    assert client.get(url).status_code == 302
    client.force_login(deputy_user)
    assert client.get(url).status_code == 403


def test_workbench_cards_lead_to_the_list(client, decided, staff_user, leader_user):
    from django.contrib.auth.models import Permission

    client.force_login(staff_user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "人事任免" in html and reverse("admin:appointments_nominee_changelist") not in html  # no permission
    staff_user.user_permissions.add(Permission.objects.get(codename="view_nominee"))
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("admin:appointments_nominee_changelist") in html
    assert reverse("appointments:list") in html
    client.force_login(leader_user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert reverse("appointments:list") in html and reverse("appointments:announcement") in html


def test_ledger_is_the_filtered_list_as_excel(client, decided, leader_user, django_assert_num_queries):
    import io

    from openpyxl import load_workbook

    client.force_login(leader_user)
    url = reverse("appointments:list")
    assert f'href="?term={decided.pk}&amp;format=xlsx"' in client.get(url, {"term": decided.pk}).content.decode()
    client.get(url)
    with django_assert_num_queries(4):  # session, user, the chosen term, the rows (one query)
        response = client.get(url, {"term": decided.pk, "organ": "government", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "任免台账" in rows[0][0]
    assert rows[1][:5] == ("序号", "姓名", "职务", "任职机关", "类别")
    names = [r[1] for r in rows[2:]]
    assert sorted(names) == ["孙丽", "陈明"]  # the court's 王强 filtered out
    assert not any("420106197501010011" in str(c) for r in rows for c in r)


def test_a_persons_history_of_posts(client, decided, leader_user, staff_user):
    later = register(staff_user, meeting(decided, 30), nominee_data("孙丽", "区民政局局长")).nominees.get()
    Nominee.objects.filter(pk=later.pk).update(state=State.PASSED, decided_on=datetime.date(2026, 12, 2))
    client.force_login(leader_user)
    url = reverse("appointments:list")
    assert "?name=%E5%AD%99%E4%B8%BD&amp;term=" in client.get(url).content.decode()  # each name opens its history
    response = client.get(url, {"name": "孙丽", "term": ""})
    rows = [(n.post, n.decided_on.year) for n in response.context["page"]]
    assert rows == [("区民政局局长", 2026), ("区人民政府办公室主任", 2025)]

"""The appointment steps' dates in the reminder sweep (motion deadline, exam, meeting, oath: staff and the
organ's office), the settings staff edit, the dashboard section and the announcement's PDF."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from appointments import reminders, services
from appointments.dashboard import year_section
from appointments.models import AppointmentSettings, Kind, Nominee, OathForm, State
from congress_portal.core.models import DeadlineSetting
from congress_portal.dashboard import sections
from congress_portal.notifications import registry
from congress_portal.notifications import services as notifications

from .helpers import committee, meeting, nominee_data, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def collect(at, kind):
    return {(r.object_id, r.milestone): set(r.recipients) for r in dict(
        notifications.collect(at, [kind]))[kind]}


@pytest.fixture
def office(unit, unit_officer):
    return unit


def test_the_kinds_are_registered():
    codes = {k.code for k in registry.kinds()}
    assert {"appointment_motion", "appointment_exam", "appointment_meeting", "appointment_oath"} <= codes
    for code in ("appointment_exam", "appointment_meeting", "appointment_oath"):
        assert DeadlineSetting.objects.filter(code=code).exists()


def test_exam_and_meeting_dates_remind_the_office_and_staff(staff_user, office, unit_officer, other_unit_officer):
    term, _users = committee(5)
    m = meeting(term)  # 2026-12-02
    exam_day = m.date - datetime.timedelta(days=5)
    nominee = register(staff_user, m, nominee_data(unit=office, exam_scheduled_on=exam_day),
                       submitted_on=m.date - datetime.timedelta(days=12)).nominees.get()
    exam = reminders.ExamDate()
    assert collect(exam_day - datetime.timedelta(days=4), exam) == {}  # offsets 3,1
    due = collect(exam_day - datetime.timedelta(days=3), exam)
    assert due == {(nominee.pk, "before:3"): {unit_officer.pk, staff_user.pk}}
    assert other_unit_officer.pk not in due[nominee.pk, "before:3"]
    late = collect(exam_day + datetime.timedelta(days=1), exam)
    assert late == {(nominee.pk, "overdue"): {staff_user.pk}}  # after the day: staff only
    services.nominee_review(nominee=nominee, actor=staff_user, checklist={i: True for i in services.review_checklist()})
    services.nominee_exam(nominee=nominee, actor=staff_user, date=exam_day, score=80)
    assert collect(exam_day + datetime.timedelta(days=1), exam) == {}  # recorded: nothing more
    meeting_kind = reminders.MeetingDate()
    assert collect(m.date - datetime.timedelta(days=7), meeting_kind) == {
        (nominee.pk, "before:7"): {unit_officer.pk, staff_user.pk}}
    Nominee.objects.filter(pk=nominee.pk).update(state=State.PASSED)
    assert collect(m.date - datetime.timedelta(days=7), meeting_kind) == {}


def test_the_motion_deadline_reminds_staff_before_each_meeting(staff_user, office, unit_officer):
    term, _users = committee(5)
    m = meeting(term)
    earlier = meeting(term, 11)
    earlier.date = datetime.date(2026, 10, 1)
    earlier.save()
    register(staff_user, earlier, nominee_data(unit=office), submitted_on=datetime.date(2026, 9, 1))
    kind = reminders.MotionDeadline()
    deadline = m.date - datetime.timedelta(days=10)
    due = collect(deadline - datetime.timedelta(days=3), kind)
    assert due == {(m.pk, "before:3"): {staff_user.pk, unit_officer.pk}}  # the office nominated this term
    assert collect(deadline + datetime.timedelta(days=1), kind) == {}  # a late motion needs consent, no nagging
    DeadlineSetting.objects.filter(code="appointment_motion").update(amount=15)
    assert collect(m.date - datetime.timedelta(days=18), kind) == {(m.pk, "before:3"): {staff_user.pk,
                                                                                        unit_officer.pk}}


def test_an_oath_date_reminds_until_it_is_recorded(staff_user, office, unit_officer):
    term, users = committee(5)
    m = meeting(term)
    nominee = register(staff_user, m, nominee_data(unit=office)).nominees.get()
    Nominee.objects.filter(pk=nominee.pk).update(state=State.PASSED, decided_on=m.date)
    day = datetime.date(2026, 12, 10)
    oath = services.oath_schedule(actor=staff_user, form=OathForm.INDIVIDUAL, date=day, place="第一会议室",
                                  administered_by="委员00", nominees=[nominee])
    kind = reminders.OathDate()
    assert collect(day - datetime.timedelta(days=3), kind) == {(oath.pk, "before:3"): {staff_user.pk,
                                                                                        unit_officer.pk}}
    assert collect(day + datetime.timedelta(days=2), kind) == {(oath.pk, "overdue"): {staff_user.pk}}


def test_the_pass_mark_and_the_checklist_are_edited_by_staff(client, staff_user):
    staff_user.user_permissions.set(Permission.objects.filter(codename__in=[
        "view_appointmentsettings", "change_appointmentsettings"]))
    client.force_login(staff_user)
    response = client.get(reverse("admin:appointments_appointmentsettings_changelist"))
    url = reverse("admin:appointments_appointmentsettings_change", args=[1])
    assert response.status_code == 302 and response["Location"] == url
    html = client.post(url, {"exam_pass_mark": "120", "review_checklist": " \n ",
                             "max_failed_nominations": "0"}).content.decode()
    assert "0 至 100" in html and "必填" in html and "不小于 1" in html
    assert AppointmentSettings.objects.get().exam_pass_mark == 60
    response = client.post(url, {"exam_pass_mark": "70", "review_checklist": "符合法定任职条件\n考察材料齐全",
                                 "max_failed_nominations": "2"})
    assert response.status_code == 302
    assert services.exam_pass_mark() == 70
    assert services.review_checklist() == ["符合法定任职条件", "考察材料齐全"]


# ---- the dashboard section -----------------------------------------------------------------------------


@pytest.fixture
def decisions(staff_user):
    term, _users = committee(5)
    m = meeting(term)
    motion = register(staff_user, m, nominee_data("陈明"), nominee_data("王强", "区人民法院副院长", organ="court",
                                                                      kind=Kind.REMOVE),
                      nominee_data("赵敏", "区教育局局长"))
    chen, wang, zhao = motion.nominees.all()
    Nominee.objects.filter(pk__in=[chen.pk, wang.pk]).update(state=State.PASSED, decided_on=datetime.date(2026, 12, 2))
    Nominee.objects.filter(pk=zhao.pk).update(state=State.FAILED, decided_on=datetime.date(2026, 12, 2))
    old = register(staff_user, meeting(term, 3), nominee_data("孙丽", "区人民政府办公室主任"),
                   submitted_on=datetime.date(2026, 11, 1)).nominees.get()
    Nominee.objects.filter(pk=old.pk).update(state=State.PASSED, decided_on=datetime.date(2025, 6, 1))
    return term


def test_the_section_counts_the_year_with_last_years_figures(decisions, django_assert_num_queries):
    with django_assert_num_queries(2):
        section = year_section(2026)
    assert section.code == "appointments" and section.title == "人事任免"
    decided = section.figure("decided")
    assert (decided.value, decided.previous) == (2, 1)
    assert (section.figure("appointed").value, section.figure("removed").value) == (1, 1)
    assert section.figure("not_passed").value == 1
    assert "year=2026" in decided.url and decided.url.startswith(reverse("appointments:list"))
    chart = next(c for c in section.charts if c.key == "by_organ")
    values = dict(zip(chart.labels, chart.series[0][1]))
    assert values["区人民政府"] == 1 and values["区人民法院"] == 1
    assert dict(zip(chart.labels, chart.series[1][1]))["区人民政府"] == 1  # last year
    assert any(p.code == "appointments" for p in sections.providers())


def test_the_drill_down_lists_the_years_decisions(client, decisions, leader_user):
    client.force_login(leader_user)
    html = client.get(year_section(2026).figure("decided").url).content.decode()
    assert "陈明" in html and "王强" in html and "孙丽" not in html


# ---- the announcement's PDF ----------------------------------------------------------------------------


def test_the_announcement_pdf_is_public_per_meeting_and_shows_nothing_personal(client, decisions):
    from pypdf import PdfReader
    import io

    m = decisions.committee_meetings.get(number=12)
    html = client.get(reverse("appointments:announcement")).content.decode()
    url = reverse("appointments:announcement_pdf", args=[m.pk])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "任免名单公告" in text and "陈明" in text and "王强" in text
    assert "赵敏" not in text and "13800001111" not in text and "工作需要" not in text
    assert client.get(reverse("appointments:announcement_pdf", args=[999])).status_code == 404
    empty = meeting(decisions, 20)
    assert client.get(reverse("appointments:announcement_pdf", args=[empty.pk])).status_code == 404

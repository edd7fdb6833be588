"""Voting together, and what follows the vote: the statement on the agenda, the numbered certificate and
its PDF, the constitutional oath, the appraisal of appointed officials. Every refusal is in Chinese and
changes nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from appointments import services
from appointments.models import (
    OATH_TEXT,
    Appraisal,
    Certificate,
    CertificateCounter,
    Kind,
    Oath,
    OathForm,
    OathTaker,
    State,
    Statement,
    VoteMode,
)
from appointments.services import AppointmentError
from congress_portal.audit.models import AuditLog
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll
from congress_portal.organization.models import CommitteeMember
from tests.meetings.helpers import option, sign_in

from .helpers import committee, meeting, nominee_data, ready_for_vote, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def setup(staff_user):
    term, users = committee(24)
    return staff_user, meeting(term), users


def three(staff, m, mode=VoteMode.TOGETHER):
    motion = register(staff, m, nominee_data("陈明"), nominee_data("刘芳", "区人民政府办公室主任"),
                      nominee_data("王强", "区教育局局长"), vote_mode=mode)
    return motion, list(motion.nominees.all())


def passed(staff, m, users, *data):
    """Nominees voted through (13 of 24 for), one poll each."""
    motion = register(staff, m, *(data or [nominee_data()]))
    sign_in(m, users[:16], staff)
    result = []
    for nominee in motion.nominees.all():
        nominee = services.nominee_open_vote(nominee=ready_for_vote(staff, nominee), actor=staff)
        for u in users[:13]:
            votes.poll_cast(poll=nominee.poll, voter=u, option_ids=[option(nominee.poll, "for", str(nominee))])
        votes.poll_close(poll=nominee.poll, actor=staff)
        result.append(services.nominee_record_outcome(nominee=nominee, actor=staff))
    return result


# ---- one poll for several together ---------------------------------------------------------------------


def test_a_motion_voted_together_has_one_poll_with_a_question_per_nominee(setup):
    staff, m, users = setup
    motion, (chen, liu, wang) = three(staff, m)
    chen, liu = ready_for_vote(staff, chen), ready_for_vote(staff, liu)
    with pytest.raises(AppointmentError) as exc:  # stopped by the exam: not on the ballot
        ready_for_vote(staff, wang, score=40)
    assert "低于合格分数线" in str(exc.value)
    sign_in(m, users[:16], staff)
    chen = services.nominee_open_vote(nominee=chen, actor=staff)
    liu.refresh_from_db()
    wang.refresh_from_db()
    assert chen.poll == liu.poll and Poll.objects.count() == 1 and liu.state == State.VOTING
    assert wang.state == State.EXAM_FAILED and wang.poll is None
    poll = chen.poll
    assert [s for s, _o in poll.subjects()] == [chen.poll_subject, liu.poll_subject]
    assert poll.agenda_item_id == motion.agenda_item_id and poll.base == 24
    # 陈明: 13 of 24 for; 刘芳: 12 for, exactly half of all members, though 12 of the 16 present
    for i, u in enumerate(users[:16]):
        choices = [option(poll, "for" if i < 13 else "against", chen.poll_subject),
                   option(poll, "for" if i < 12 else "abstain", liu.poll_subject)]
        votes.poll_cast(poll=poll, voter=u, option_ids=choices)
    votes.poll_close(poll=poll, actor=staff)
    chen = services.nominee_record_outcome(nominee=chen, actor=staff)
    liu = services.nominee_record_outcome(nominee=liu, actor=staff)
    assert (chen.state, chen.votes_for) == (State.PASSED, 13)
    assert (liu.state, liu.votes_for) == (State.FAILED, 12)


def test_a_motion_voted_separately_has_a_poll_per_nominee(setup):
    staff, m, users = setup
    _motion, nominees = three(staff, m, VoteMode.SEPARATE)
    sign_in(m, users[:13], staff)
    polls = {services.nominee_open_vote(nominee=ready_for_vote(staff, n), actor=staff).poll_id for n in nominees}
    assert len(polls) == 3


def test_voting_together_without_quorum_moves_nobody(setup):
    staff, m, users = setup
    _motion, nominees = three(staff, m)
    nominees = [ready_for_vote(staff, n) for n in nominees]
    sign_in(m, users[:12], staff)  # 12 of 24: no quorum
    with pytest.raises(AppointmentError) as exc:
        services.nominee_open_vote(nominee=nominees[0], actor=staff)
    assert "法定人数" in str(exc.value) or "13" in str(exc.value)
    assert not Poll.objects.exists()
    assert {n.state for n in type(nominees[0]).objects.all()} == {State.TO_VOTE}


def test_a_bad_vote_mode_is_refused_on_its_field(setup):
    staff, m, _users = setup
    with pytest.raises(ValidationError) as exc:
        register(staff, m, vote_mode="by_acclamation")
    assert "表决方式" in exc.value.message_dict["vote_mode"][0]


# ---- statement on taking office ---------------------------------------------------------------------------


def test_the_statement_is_recorded_on_the_meetings_agenda(setup):
    staff, m, _users = setup
    nominee = ready_for_vote(staff, register(staff, m).nominees.get())
    with pytest.raises(ValidationError) as exc:
        services.statement_record(nominee=nominee, actor=staff, made_on=m.date, summary=" ")
    assert "摘要" in exc.value.message_dict["summary"][0]
    with pytest.raises(ValidationError) as exc:
        services.statement_record(nominee=nominee, actor=staff, made_on=m.date, summary="依法履职",
                                  met_members_on=m.date + datetime.timedelta(days=1))
    assert "见面" in exc.value.message_dict["met_members_on"][0]
    items = AgendaItem.objects.count()
    statement = services.statement_record(nominee=nominee, actor=staff, made_on=m.date, summary="依法履职，接受监督",
                                          met_members_on=m.date)
    assert AgendaItem.objects.count() == items + 1
    assert statement.agenda_item.meeting == m and "拟任职发言" in statement.agenda_item.title
    assert statement.agenda_item.about == nominee
    with pytest.raises(AppointmentError) as exc:
        services.statement_record(nominee=nominee, actor=staff, made_on=m.date, summary="再次")
    assert "已登记" in str(exc.value)
    assert Statement.objects.count() == 1


def test_no_statement_for_a_removal_or_before_the_review(setup):
    staff, m, _users = setup
    removal, fresh = register(staff, m, nominee_data(kind=Kind.REMOVE, exam_required=False),
                              nominee_data("刘芳", "区教育局局长")).nominees.all()
    with pytest.raises(AppointmentError) as exc:
        services.statement_record(nominee=removal, actor=staff, made_on=m.date, summary="发言")
    assert "拟任命" in str(exc.value)
    with pytest.raises(AppointmentError) as exc:
        services.statement_record(nominee=fresh, actor=staff, made_on=m.date, summary="发言")
    assert "资格审查" in str(exc.value)
    assert not Statement.objects.exists()


# ---- certificate ---------------------------------------------------------------------------------------


def test_certificates_are_numbered_in_order_and_signed_by_the_chair(setup):
    staff, m, users = setup
    chen, liu = passed(staff, m, users, nominee_data("陈明"), nominee_data("刘芳", "区教育局局长"))
    day = datetime.date(2026, 12, 2)
    first = services.certificate_issue(nominee=chen, actor=staff, issued_on=day)
    second = services.certificate_issue(nominee=liu, actor=staff, issued_on=day)
    chair = CommitteeMember.objects.get(term=m.term, post=CommitteeMember.Post.CHAIR)
    assert (first.serial, second.serial) == (1, 2) and first.chair_name == chair.name
    assert first.number == "武昌人常任〔2026〕1号"
    assert CertificateCounter.objects.get(year=2026).last == 2
    assert AuditLog.objects.filter(action="certificate_issued", object_id=str(chen.pk)).exists()


def test_certificate_refusals_change_nothing(setup):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    removal = passed(staff, meeting(m.term, 13), users, nominee_data("王强", "区民政局局长", kind=Kind.REMOVE))[0]
    waiting = register(staff, m, nominee_data("刘芳", "区教育局局长")).nominees.get()
    for nominee, words in ((removal, "只发给任命人员"), (waiting, "表决通过后")):
        with pytest.raises(AppointmentError) as exc:
            services.certificate_issue(nominee=nominee, actor=staff)
        assert words in str(exc.value)
    services.certificate_issue(nominee=chen, actor=staff)
    with pytest.raises(AppointmentError) as exc:
        services.certificate_issue(nominee=chen, actor=staff)
    assert "已签发" in str(exc.value)
    assert Certificate.objects.count() == 1 and CertificateCounter.objects.get().last == 1


def test_no_chair_no_certificate_and_no_number_used(setup):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    CommitteeMember.objects.filter(term=m.term, post=CommitteeMember.Post.CHAIR).update(left_on=m.date)
    with pytest.raises(AppointmentError) as exc:
        services.certificate_issue(nominee=chen, actor=staff)
    assert "主任" in str(exc.value)
    assert not Certificate.objects.exists() and not CertificateCounter.objects.filter(last__gt=0).exists()


def test_only_staff_issue_certificates(setup, leader_user):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    with pytest.raises(AppointmentError):
        services.certificate_issue(nominee=chen, actor=leader_user)
    assert not Certificate.objects.exists()


def test_export_pdf_writes_the_certificate(setup, tmp_path):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    certificate = services.certificate_issue(nominee=chen, actor=staff)
    out = tmp_path / "cert.pdf"
    call_command("export_pdf", "certificate", str(certificate.pk), "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    call_command("export_pdf", "certificate", f"nominee:{chen.pk}", "--out", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError) as exc:
        call_command("export_pdf", "certificate", "999", "--out", str(tmp_path / "x.pdf"))
    assert "任命书" in str(exc.value)


def test_the_certificate_says_who_is_appointed_to_what(setup):
    from pypdf import PdfReader

    from appointments.documents import render_certificate

    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    certificate = services.certificate_issue(nominee=chen, actor=staff, issued_on=datetime.date(2026, 12, 2))
    text = PdfReader(io.BytesIO(render_certificate(certificate))).pages[0].extract_text().replace("\n", "")
    assert "任命书" in text.replace(" ", "") and "陈明" in text and "武昌区人民政府副区长" in text
    assert "二〇二六年十二月二日" in text and certificate.chair_name in text and "1号" in text
    assert "13800001111" not in text


def test_certificate_pdf_page_is_for_staff_and_leaders(client, setup, leader_user, deputy_user):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    certificate = services.certificate_issue(nominee=chen, actor=staff)
    url = reverse("appointments:certificate_pdf", args=[certificate.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(deputy_user)
    assert client.get(url).status_code == 403
    client.force_login(leader_user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(staff)
    assert client.get(reverse("appointments:certificate_pdf", args=[999])).status_code == 404


# ---- constitutional oath -------------------------------------------------------------------------------


def oath(staff, nominees, form=OathForm.COLLECTIVE, **extra):
    data = {"date": timezone.localdate(), "place": "区人大常委会第一会议室", "administered_by": "委员00",
            "witnesses": "全体常委会组成人员", **extra}
    return services.oath_schedule(actor=staff, form=form, nominees=nominees, **data)


def test_a_collective_oath_with_the_fixed_text(setup):
    staff, m, users = setup
    chen, liu = passed(staff, m, users, nominee_data("陈明"), nominee_data("刘芳", "区教育局局长"))
    sworn = oath(staff, [chen, liu], leader=liu)
    assert sworn.text == OATH_TEXT and OATH_TEXT.startswith("我宣誓：忠于中华人民共和国宪法")
    assert "社会主义现代化强国" in OATH_TEXT
    assert list(sworn.taker_rows.values_list("nominee__person_name", "leads")) == [("刘芳", True), ("陈明", False)]
    sworn = services.oath_record_taken(oath=sworn, actor=staff)
    assert sworn.taken
    with pytest.raises(AppointmentError) as exc:
        services.oath_record_taken(oath=sworn, actor=staff)
    assert "已登记" in str(exc.value)


def test_oath_refusals_save_nothing(setup):
    staff, m, users = setup
    chen, liu = passed(staff, m, users, nominee_data("陈明"), nominee_data("刘芳", "区教育局局长"))
    waiting = register(staff, m, nominee_data("王强", "区教育局局长")).nominees.get()
    cases = [
        ({"nominees": [chen, liu], "form": OathForm.INDIVIDUAL}, "nominees", "一人"),
        ({"nominees": [chen], "form": OathForm.COLLECTIVE}, "nominees", "两人以上"),
        ({"nominees": [chen, waiting]}, "nominees", "通过"),
        ({"nominees": [chen, liu], "place": " "}, "place", "地点"),
        ({"nominees": [chen, liu], "administered_by": ""}, "administered_by", "监誓人"),
        ({"nominees": [chen, liu], "date": None}, "date", "日期"),
    ]
    for extra, field, words in cases:
        with pytest.raises(ValidationError) as exc:
            oath(staff, **extra)
        assert words in exc.value.message_dict[field][0], (extra, exc.value.message_dict)
    assert not Oath.objects.exists() and not OathTaker.objects.exists()
    oath(staff, [chen], form=OathForm.INDIVIDUAL)
    with pytest.raises(ValidationError) as exc:
        oath(staff, [chen], form=OathForm.INDIVIDUAL)
    assert "已安排" in exc.value.message_dict["nominees"][0]
    assert Oath.objects.count() == 1


def test_an_oath_is_recorded_as_taken_on_its_day_with_witnesses(setup):
    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    later = oath(staff, [chen], form=OathForm.INDIVIDUAL, witnesses="",
                 date=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(AppointmentError) as exc:
        services.oath_record_taken(oath=later, actor=staff)
    assert "当日或之后" in str(exc.value)
    Oath.objects.filter(pk=later.pk).update(date=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.oath_record_taken(oath=later, actor=staff)
    assert "见证人" in exc.value.message_dict["witnesses"][0]
    later.refresh_from_db()
    assert not later.taken
    assert services.oath_record_taken(oath=later, actor=staff, witnesses="委员01、委员02").taken


# ---- appraisal -----------------------------------------------------------------------------------------


def test_an_appraisal_is_scheduled_linked_to_a_supervision_item_and_recorded(setup):
    from supervision.models import Kind as SupervisionKind
    from supervision.models import SupervisionItem
    from tests import factories

    staff, m, users = setup
    (chen,) = passed(staff, m, users)
    committee_ = factories.CommitteeFactory()
    item = SupervisionItem.objects.create(year=2026, kind=SupervisionKind.APPRAISAL, title="对区政府任命人员履职评议",
                                          committee=committee_)
    other = SupervisionItem.objects.create(year=2026, kind=SupervisionKind.INQUIRY, title="专题询问",
                                           committee=committee_)
    day = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.appraisal_schedule(nominee=chen, actor=staff, year=day.year, scheduled_on=day, supervision_item=other)
    assert "评议" in exc.value.message_dict["supervision_item"][0]
    with pytest.raises(ValidationError) as exc:
        services.appraisal_schedule(nominee=chen, actor=staff, year=day.year + 1, scheduled_on=day)
    assert "年度" in exc.value.message_dict["scheduled_on"][0]
    assert not Appraisal.objects.exists()
    appraisal = services.appraisal_schedule(nominee=chen, actor=staff, year=day.year, scheduled_on=day,
                                            supervision_item=item)
    assert item.appointment_appraisals.get() == appraisal
    with pytest.raises(ValidationError) as exc:
        services.appraisal_schedule(nominee=chen, actor=staff, year=day.year, scheduled_on=day)
    assert "已有" in exc.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as exc:
        services.appraisal_record(appraisal=appraisal, actor=staff, held_on=day + datetime.timedelta(days=1),
                                  result="wonderful", report="")
    assert set(exc.value.message_dict) == {"held_on", "result", "report"}
    appraisal.refresh_from_db()
    assert appraisal.held_on is None
    appraisal = services.appraisal_record(appraisal=appraisal, actor=staff, held_on=day, result="competent",
                                          report="述职报告", opinion="称职")
    assert appraisal.get_result_display() == "称职"
    with pytest.raises(AppointmentError):
        services.appraisal_record(appraisal=appraisal, actor=staff, held_on=day, result="excellent", report="再次")


def test_only_appointed_officials_are_appraised(setup):
    staff, m, _users = setup
    waiting = register(staff, m).nominees.get()
    day = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.appraisal_schedule(nominee=waiting, actor=staff, year=day.year, scheduled_on=day)
    assert "任命获得通过" in exc.value.message_dict["nominee"][0]
    assert not Appraisal.objects.exists()

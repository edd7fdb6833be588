"""The moves of an appointment: registration (10 days, late consent), review, exam, the vote through the
meetings engine (more than half of ALL members), and the third-nomination rule. Each refusal is in
Chinese and saves nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from appointments import services, workflow
from appointments.models import (
    AppointmentSettings,
    Kind,
    LawExam,
    Motion,
    Nominee,
    QualificationReview,
    State,
)
from appointments.services import AppointmentError
from congress_portal.audit.models import AuditLog
from congress_portal.core.models import DeadlineSetting
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll
from tests.meetings.helpers import option, sign_in

from .helpers import ALL_MET, committee, meeting, nominee_data, ready_for_vote, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def setup(staff_user):
    term, users = committee(24)
    return staff_user, meeting(term), users


def vote(poll, nominee, voters, code):
    for u in voters:
        votes.poll_cast(poll=poll, voter=u, option_ids=[option(poll, code, subject=str(nominee))])


# ---- the table ---------------------------------------------------------------------------------------


def test_transition_table():
    assert [m.name for m in workflow.moves_from(State.REGISTERED)] == ["review"]
    assert [m.name for m in workflow.moves_from(State.REVIEWED)] == ["exam", "send_to_vote"]
    assert [m.name for m in workflow.moves_from(State.EXAMINED)] == ["send_to_vote"]
    assert [m.name for m in workflow.moves_from(State.TO_VOTE)] == ["open_vote"]
    assert [m.name for m in workflow.moves_from(State.VOTING)] == ["record_outcome", "vote_again"]
    for final in (State.REVIEW_FAILED, State.EXAM_FAILED, State.PASSED, State.FAILED):
        assert workflow.moves_from(final) == []
    # every target is a state, and every state but the first is some move's target
    targets = {t for m in workflow.MOVES.values() for t in m.targets}
    assert targets == set(State.values) - {State.REGISTERED}


def test_a_move_out_of_order_is_refused_in_chinese(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    with pytest.raises(AppointmentError) as exc:
        services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score=90)
    assert "不能" in str(exc.value) and "已登记" in str(exc.value)
    assert not LawExam.objects.exists()
    nominee.refresh_from_db()
    assert nominee.state == State.REGISTERED


def test_only_staff_make_the_moves(setup, leader_user):
    staff, m, _users = setup
    with pytest.raises(AppointmentError) as exc:
        register(leader_user, m)
    assert "工作人员" in str(exc.value)
    nominee = register(staff, m).nominees.get()
    with pytest.raises(AppointmentError):
        services.nominee_review(nominee=nominee, actor=leader_user, checklist=ALL_MET)


# ---- registration ------------------------------------------------------------------------------------


def test_registered_motion_is_on_the_agenda_with_its_nominees(setup):
    staff, m, _users = setup
    motion = register(staff, m, nominee_data("陈明"), nominee_data("刘芳", "区人民政府办公室主任"))
    assert not motion.late
    item = AgendaItem.objects.get(pk=motion.agenda_item_id)
    assert item.meeting == m and item.about == motion
    assert [n.state for n in motion.nominees.all()] == [State.REGISTERED] * 2
    assert AuditLog.objects.filter(action="motion_registered").count() == 1


def test_late_motion_without_consent_is_refused_and_nothing_saved(setup):
    staff, m, _users = setup
    agenda_before = AgendaItem.objects.count()
    with pytest.raises(ValidationError) as exc:
        register(staff, m, submitted_on=m.date - datetime.timedelta(days=9))
    message = exc.value.message_dict["late_consent_on"][0]
    assert "9" in message and "10" in message and "主任会议" in message
    assert not Motion.objects.exists() and not Nominee.objects.exists()
    assert AgendaItem.objects.count() == agenda_before


def test_late_motion_with_consent_is_flagged(setup):
    staff, m, _users = setup
    motion = register(staff, m, submitted_on=m.date - datetime.timedelta(days=5),
                      late_consent_on=m.date - datetime.timedelta(days=4), late_consent_note="第20次主任会议同意")
    assert motion.late and motion.late_consent_on and motion.late_consent_note


def test_motion_goes_on_the_agenda_item_staff_built(setup):
    staff, m, _users = setup
    item = m.agenda_items.create(order=3, title="审议人事任免事项")
    motion = register(staff, m, agenda_item=item)
    item.refresh_from_db()
    assert motion.agenda_item == item and item.about == motion
    with pytest.raises(ValidationError) as exc:  # already about the first motion
        register(staff, m, agenda_item=item)
    assert "议程" in exc.value.message_dict["agenda_item"][0]
    other = meeting(m.term, 13)
    with pytest.raises(ValidationError):  # another meeting's item
        register(staff, m, agenda_item=other.agenda_items.first())
    assert Motion.objects.count() == 1


def test_the_deadline_is_a_setting(setup):
    staff, m, _users = setup
    DeadlineSetting.objects.filter(code="appointment_motion").update(amount=15)
    with pytest.raises(ValidationError):
        register(staff, m, submitted_on=m.date - datetime.timedelta(days=12))


def test_nominee_without_name_or_kind_is_refused(setup):
    staff, m, _users = setup
    with pytest.raises(ValidationError) as exc:
        register(staff, m, nominee_data(""), nominee_data("刘芳", kind="promote"))
    errors = exc.value.message_dict["nominees"]
    assert "被提请人 1" in errors[0] or "1" in errors[0]
    assert any("类别" in e for e in errors)
    assert not Motion.objects.exists()


# ---- review and exam ---------------------------------------------------------------------------------


def test_failed_review_needs_remarks_and_stops_the_nominee(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    checklist = {**ALL_MET, services.DEFAULT_CHECKLIST[0]: False}
    with pytest.raises(ValidationError) as exc:
        services.nominee_review(nominee=nominee, actor=staff, checklist=checklist)
    assert "审查意见" in exc.value.message_dict["remarks"][0]
    assert not QualificationReview.objects.exists()
    services.nominee_review(nominee=nominee, actor=staff, checklist=checklist, remarks="任职年限不足")
    nominee.refresh_from_db()
    assert nominee.state == State.REVIEW_FAILED
    with pytest.raises(AppointmentError) as exc:
        services.nominee_send_to_vote(nominee=nominee, actor=staff)
    assert "资格审查" in str(exc.value) and "不能" in str(exc.value)
    nominee.refresh_from_db()
    assert nominee.state == State.REVIEW_FAILED


def test_incomplete_checklist_is_refused(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    with pytest.raises(ValidationError) as exc:
        services.nominee_review(nominee=nominee, actor=staff, checklist={services.DEFAULT_CHECKLIST[0]: True})
    assert "每一项" in exc.value.message_dict["checklist"][0]


def test_exam_below_the_mark_cannot_go_to_the_vote(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score="59.5")
    nominee.refresh_from_db()
    assert nominee.state == State.EXAM_FAILED and nominee.exam.pass_mark == 60
    with pytest.raises(AppointmentError) as exc:
        services.nominee_send_to_vote(nominee=nominee, actor=staff)
    assert "59.5" in str(exc.value) and "60" in str(exc.value) and "法律知识考试" in str(exc.value)


def test_exam_at_the_mark_passes(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    nominee = ready_for_vote(staff, nominee, score=60)
    assert nominee.state == State.TO_VOTE


def test_the_pass_mark_is_a_setting(setup):
    staff, m, _users = setup
    AppointmentSettings.objects.update_or_create(pk=1, defaults={"exam_pass_mark": 70})
    nominee = register(staff, m).nominees.get()
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score=65)
    nominee.refresh_from_db()
    assert nominee.state == State.EXAM_FAILED and nominee.exam.pass_mark == 70


@pytest.mark.parametrize("score", ["abc", "101", "-1"])
def test_bad_score_is_refused_on_its_field(setup, score):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    with pytest.raises(ValidationError) as exc:
        services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score=score)
    assert "分数" in exc.value.message_dict["score"][0]
    assert not LawExam.objects.exists()


def test_missing_exam_stops_the_nominee(setup):
    staff, m, _users = setup
    nominee = register(staff, m).nominees.get()
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    with pytest.raises(AppointmentError) as exc:
        services.nominee_send_to_vote(nominee=nominee, actor=staff)
    assert "未参加" in str(exc.value)


def test_post_without_exam_goes_to_the_vote_after_review(setup):
    staff, m, _users = setup
    nominee = register(staff, m, nominee_data(kind=Kind.REMOVE, exam_required=False)).nominees.get()
    services.nominee_review(nominee=nominee, actor=staff, checklist=ALL_MET)
    with pytest.raises(AppointmentError):
        services.nominee_exam(nominee=nominee, actor=staff, date=datetime.date(2026, 11, 20), score=80)
    assert services.nominee_send_to_vote(nominee=nominee, actor=staff).state == State.TO_VOTE


# ---- the vote ----------------------------------------------------------------------------------------


def test_no_quorum_opens_nothing(setup):
    staff, m, users = setup
    nominee = ready_for_vote(staff, register(staff, m).nominees.get())
    sign_in(m, users[:12], staff)  # 12 of 24: a quorum needs 13
    with pytest.raises(AppointmentError) as exc:
        services.nominee_open_vote(nominee=nominee, actor=staff)
    assert "法定人数" in str(exc.value) or "13" in str(exc.value)
    nominee.refresh_from_db()
    assert nominee.state == State.TO_VOTE and nominee.poll is None
    assert not Poll.objects.exists()


def test_exactly_half_of_all_members_fails_though_a_majority_of_those_present_voted_for(setup):
    staff, m, users = setup
    motion = register(staff, m, nominee_data("陈明"), nominee_data("刘芳", "区人民政府办公室主任"))
    chen, liu = [ready_for_vote(staff, n) for n in motion.nominees.all()]
    sign_in(m, users[:16], staff)  # 16 of 24 present
    chen = services.nominee_open_vote(nominee=chen, actor=staff)
    liu = services.nominee_open_vote(nominee=liu, actor=staff)
    assert chen.poll.kind == Poll.Kind.YES_NO and chen.poll.agenda_item_id == motion.agenda_item_id
    assert chen.poll.base == 24 and chen.poll != liu.poll
    vote(chen.poll, chen, users[:12], "for")  # 12 of 16 present, exactly half of all 24
    vote(chen.poll, chen, users[12:16], "against")
    vote(liu.poll, liu, users[:13], "for")  # 13 of 24: more than half of all
    vote(liu.poll, liu, users[13:16], "abstain")
    with pytest.raises(AppointmentError) as exc:
        services.nominee_record_outcome(nominee=chen, actor=staff)
    assert "表决" in str(exc.value)
    for n in (chen, liu):
        votes.poll_close(poll=n.poll, actor=staff)
    chen = services.nominee_record_outcome(nominee=chen, actor=staff)
    liu = services.nominee_record_outcome(nominee=liu, actor=staff)
    assert (chen.state, chen.votes_for) == (State.FAILED, 12)
    assert (liu.state, liu.votes_for) == (State.PASSED, 13)
    assert liu.decided_on == m.date
    row = AuditLog.objects.get(action="record_outcome", object_id=str(chen.pk))
    assert row.data == {"votes_for": 12, "base": 24, "needed": 13}


def test_an_annulled_vote_is_held_again(setup):
    staff, m, users = setup
    nominee = ready_for_vote(staff, register(staff, m).nominees.get())
    sign_in(m, users[:16], staff)
    nominee = services.nominee_open_vote(nominee=nominee, actor=staff)
    with pytest.raises(AppointmentError) as exc:  # the vote is still valid
        services.nominee_vote_again(nominee=nominee, actor=staff)
    assert "未被宣布无效" in str(exc.value)
    votes.poll_annul(poll=nominee.poll, actor=staff, reason="表决器故障")
    with pytest.raises(AppointmentError) as exc:
        services.nominee_record_outcome(nominee=nominee, actor=staff)
    assert "表决器故障" in str(exc.value) and "重新" in str(exc.value)
    first_poll = nominee.poll
    nominee = services.nominee_vote_again(nominee=nominee, actor=staff)
    assert nominee.state == State.TO_VOTE and nominee.poll is None
    nominee = services.nominee_open_vote(nominee=nominee, actor=staff)
    assert nominee.poll != first_poll and nominee.poll.state == Poll.State.OPEN


def _fail_once(staff, m, users, **data):
    nominee = ready_for_vote(staff, register(staff, m, nominee_data(**data)).nominees.get())
    nominee = services.nominee_open_vote(nominee=nominee, actor=staff)
    vote(nominee.poll, nominee, users[:5], "for")
    votes.poll_close(poll=nominee.poll, actor=staff)
    return services.nominee_record_outcome(nominee=nominee, actor=staff)


def test_third_nomination_to_the_same_post_is_refused_after_two_failures(setup):
    staff, m, users = setup
    sign_in(m, users[:16], staff)
    assert _fail_once(staff, m, users).state == State.FAILED
    assert _fail_once(staff, m, users).state == State.FAILED  # a second nomination is allowed
    motions = Motion.objects.count()
    with pytest.raises(ValidationError) as exc:
        register(staff, m, nominee_data())
    message = exc.value.message_dict["nominees"][0]
    assert "陈明" in message and "区人民政府副区长" in message and "2" in message and "不得" in message
    assert Motion.objects.count() == motions
    # another post, or another person, is not affected
    register(staff, m, nominee_data(post="区人民政府办公室主任"))
    register(staff, m, nominee_data("刘芳"))


def test_the_rule_counts_one_term_only(setup):
    from tests import factories

    staff, m, users = setup
    sign_in(m, users[:16], staff)
    _fail_once(staff, m, users)
    _fail_once(staff, m, users)
    assert services.failed_nominations(m.term, "陈明", "区人民政府副区长") == 2
    later = factories.TermFactory(number=17, name="第十七届", is_current=False)
    assert services.failed_nominations(later, "陈明", "区人民政府副区长") == 0


def test_a_long_post_fits_the_ballot(setup):
    staff, m, users = setup
    name = "阿卜杜热合曼·买买提明·艾力·吐尔逊江"  # 19 characters
    post = ("区人民政府" + "发展和改革局" * 17)[:100]  # the longest post: with the name, 121 > a ballot question's 120
    nominee = ready_for_vote(staff, register(staff, m, nominee_data(name, post)).nominees.get())
    sign_in(m, users[:16], staff)
    nominee = services.nominee_open_vote(nominee=nominee, actor=staff)
    subject = nominee.poll.options.first().subject
    assert len(subject) == 120 and subject.startswith(name + "（区人民政府")
    for u in users[:13]:
        votes.poll_cast(poll=nominee.poll, voter=u, option_ids=[option(nominee.poll, "for", subject=subject)])
    votes.poll_close(poll=nominee.poll, actor=staff)
    assert services.nominee_record_outcome(nominee=nominee, actor=staff).state == State.PASSED

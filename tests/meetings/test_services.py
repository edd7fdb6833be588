"""The moves of a vote: open with quorum, cast, paper totals, close, publish, annul, run-off."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from congress_portal.audit.models import AuditLog
from congress_portal.meetings import services
from congress_portal.meetings.models import Attendance, Ballot, Participation, Poll, PollResult, RollEntry
from congress_portal.meetings.services import VoteError

from .helpers import committee, meeting, open_satisfaction, option, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def setup(staff_user):
    term, users = committee(25)
    return staff_user, meeting(term), users


def test_no_quorum_says_the_count_and_the_missing_number(setup):
    staff, m, users = setup
    sign_in(m, users[:12], staff)
    poll = services.poll_create(forum=m, title="测评", kind=Poll.Kind.SATISFACTION, actor=staff)
    with pytest.raises(VoteError) as exc:
        services.poll_open(poll=poll, actor=staff)
    assert "12" in str(exc.value) and "25" in str(exc.value) and "13" in str(exc.value)
    assert "还需" in str(exc.value) or "1" in str(exc.value)
    poll.refresh_from_db()
    assert poll.state == Poll.State.DRAFT and not RollEntry.objects.filter(poll=poll).exists()


def test_leave_and_absence_do_not_count_toward_quorum(setup):
    staff, m, users = setup
    sign_in(m, users[:12], staff)
    sign_in(m, users[12:14], staff, Attendance.Status.LEAVE, reason="出差")
    sign_in(m, users[14:16], staff, Attendance.Status.ABSENT)
    assert services.quorum_of(m).present == 12
    with pytest.raises(ValidationError) as exc:
        sign_in(m, users[16:17], staff, Attendance.Status.LEAVE)
    assert "请假" in exc.value.message_dict["reason"][0]


def test_roll_is_snapshot_of_those_present_when_opening(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    assert poll.state == Poll.State.OPEN and (poll.base, poll.present) == (25, 20)
    late = users[20]
    sign_in(m, [late], staff)
    with pytest.raises(VoteError) as exc:
        services.poll_cast(poll=poll, voter=late, option_ids=[option(poll, "satisfied")])
    assert "名单" in str(exc.value)
    assert not Participation.objects.filter(poll=poll).exists() and not Ballot.objects.filter(poll=poll).exists()
    assert AuditLog.objects.filter(action="poll_opened", object_id=str(poll.pk)).exists()


def test_second_ballot_refused_and_nothing_recorded(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    services.poll_cast(poll=poll, voter=users[1], option_ids=[option(poll, "satisfied")])
    with pytest.raises(VoteError) as exc:
        services.poll_cast(poll=poll, voter=users[1], option_ids=[option(poll, "unsatisfied")])
    assert "已经投过" in str(exc.value) or "已投" in str(exc.value)
    assert Participation.objects.filter(poll=poll).count() == 1 and Ballot.objects.filter(poll=poll).count() == 1


def test_ballot_after_close_and_for_annulled_poll_refused(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    services.poll_close(poll=poll, actor=staff)
    with pytest.raises(VoteError) as exc:
        services.poll_cast(poll=poll, voter=users[2], option_ids=[option(poll, "satisfied")])
    assert "结束" in str(exc.value)
    other = services.poll_create(forum=m, title="另一测评", kind=Poll.Kind.SATISFACTION, actor=staff)
    services.poll_open(poll=other, actor=staff)
    services.poll_annul(poll=other, actor=staff, reason="议题撤回")
    with pytest.raises(VoteError) as exc:
        services.poll_cast(poll=other, voter=users[2], option_ids=[option(other, "satisfied")])
    assert "作废" in str(exc.value) and "议题撤回" in str(exc.value)
    assert not Participation.objects.filter(poll=other).exists()


def test_ballot_must_choose_one_option(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    for bad in ([], [option(poll, "satisfied"), option(poll, "basic")], ["x"], [999999]):
        with pytest.raises(VoteError):
            services.poll_cast(poll=poll, voter=users[3], option_ids=bad)
    assert not Participation.objects.filter(poll=poll).exists()


def test_satisfaction_result_counts_absentees_in_the_base(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    # 12 满意 of 20 present: a majority of those present, but 12 < 12.5 (half of all 25).
    for u in users[:12]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "satisfied")])
    for u in users[12:14]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "basic")])
    for u in users[14:20]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "abstain")])
    services.poll_close(poll=poll, actor=staff)
    result = PollResult.objects.get(poll=poll)
    assert result.outcome == {"verdict": "basic"} and result.base == 25 and result.phone_ballots == 20
    assert AuditLog.objects.filter(action="poll_closed", object_id=str(poll.pk)).exists()
    services.poll_publish(poll=poll, actor=staff)
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.PUBLISHED


def test_per_nominee_majority_of_all_members(setup):
    staff, m, users = setup
    sign_in(m, users[:24], staff)
    poll = services.poll_create(forum=m, title="任命表决", kind=Poll.Kind.YES_NO, actor=staff,
                                subjects=["张三", "李四"])
    services.poll_open(poll=poll, actor=staff)
    # 张三: 13 for (more than half of 25); 李四: 12 for of 24 present: a majority of those voting, not of all.
    for i, u in enumerate(users[:24]):
        zhang = "for" if i < 13 else "against"
        li = "for" if i < 12 else "abstain"
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, zhang, "张三"), option(poll, li, "李四")])
    with pytest.raises(VoteError):  # one nominee left blank is no ballot
        services.validate_choices(poll, [option(poll, "for", "张三")])
    services.poll_close(poll=poll, actor=staff)
    subjects = PollResult.objects.get(poll=poll).outcome["subjects"]
    assert [(s["subject"], s["for"], s["passed"]) for s in subjects] == [("张三", 13, True), ("李四", 12, False)]


def test_approval_refuses_n_plus_one_and_ties_go_to_runoff(setup):
    staff, m, users = setup
    sign_in(m, users[:20], staff)
    poll = services.poll_create(forum=m, title="民生实事票决", kind=Poll.Kind.APPROVAL, actor=staff, places=2,
                                subjects=["甲项目", "乙项目", "丙项目", "丁项目"])
    services.poll_open(poll=poll, actor=staff)
    a, b, c, d = (option(poll, "candidate", s) for s in ["甲项目", "乙项目", "丙项目", "丁项目"])
    with pytest.raises(VoteError) as exc:
        services.poll_cast(poll=poll, voter=users[0], option_ids=[a, b, c])
    assert "3" in str(exc.value) and "2" in str(exc.value)
    assert not Participation.objects.filter(poll=poll).exists()
    # 甲 10, 乙 6, 丙 6, 丁 2: 甲 chosen, 乙 and 丙 tied for the last place.
    votes = [[a, b]] * 6 + [[a, c]] * 4 + [[c, d]] * 2 + [[]] * 2
    for u, chosen in zip(users, votes, strict=False):
        services.poll_cast(poll=poll, voter=u, option_ids=chosen)
    services.poll_close(poll=poll, actor=staff)
    outcome = PollResult.objects.get(poll=poll).outcome
    assert outcome["chosen"] == [a] and sorted(outcome["tied"]) == sorted([b, c]) and outcome["open_places"] == 1
    runoff = services.poll_create_runoff(poll=Poll.objects.get(pk=poll.pk), actor=staff)
    assert runoff.state == Poll.State.DRAFT and runoff.places == 1 and runoff.runoff_of_id == poll.pk
    assert sorted(runoff.options.values_list("subject", flat=True)) == ["丙项目", "乙项目"]


def test_approval_ties_decided_by_staff_order_when_the_setting_says_so(setup):
    from congress_portal.meetings.models import VoteSetting

    VoteSetting.objects.update_or_create(code="approval_tie", defaults={"value": "staff_order"})
    staff, m, users = setup
    sign_in(m, users[:20], staff)
    poll = services.poll_create(forum=m, title="票决", kind=Poll.Kind.APPROVAL, actor=staff, places=1,
                                subjects=["甲", "乙", "丙"])
    services.poll_open(poll=poll, actor=staff)
    a, b, c = (option(poll, "candidate", s) for s in "甲乙丙")
    services.poll_cast(poll=poll, voter=users[0], option_ids=[a])
    services.poll_cast(poll=poll, voter=users[1], option_ids=[b])
    poll = services.poll_close(poll=poll, actor=staff)
    with pytest.raises(VoteError):
        services.poll_create_runoff(poll=poll, actor=staff)
    result = services.poll_decide_tie(poll=poll, actor=staff, order=[b, a])
    assert result.outcome["chosen"] == [b] and result.outcome["tied"] == []


def test_paper_totals_must_reconcile_and_a_paper_voter_cannot_vote_on_a_phone(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    services.poll_mark_paper_voters(poll=poll, voters=[users[5], users[6]], actor=staff)
    with pytest.raises(VoteError):
        services.poll_cast(poll=poll, voter=users[5], option_ids=[option(poll, "satisfied")])
    with pytest.raises(ValidationError) as exc:  # 3 issued but 2 paper voters
        services.poll_enter_paper_tally(poll=poll, actor=staff, issued=3, valid=3, invalid=0, not_returned=0,
                                        counts={option(poll, "satisfied"): 3})
    assert "issued" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # 2 issued, 1 + 0 + 0 accounted for
        services.poll_enter_paper_tally(poll=poll, actor=staff, issued=2, valid=1, invalid=0, not_returned=0,
                                        counts={option(poll, "satisfied"): 1})
    assert "issued" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # votes do not add up to the valid ballots
        services.poll_enter_paper_tally(poll=poll, actor=staff, issued=2, valid=2, invalid=0, not_returned=0,
                                        counts={option(poll, "satisfied"): 1})
    assert "counts" in exc.value.message_dict
    with pytest.raises(VoteError):  # closing without the paper totals
        services.poll_close(poll=poll, actor=staff)
    services.poll_enter_paper_tally(poll=poll, actor=staff, issued=2, valid=1, invalid=1, not_returned=0,
                                    counts={option(poll, "satisfied"): 1})
    for u in users[:5]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "satisfied")])
    services.poll_close(poll=poll, actor=staff)
    result = PollResult.objects.get(poll=poll)
    assert result.counts[str(option(poll, "satisfied"))] == 6 and result.paper_valid == 1
    assert AuditLog.objects.filter(action="paper_tally", object_id=str(poll.pk)).exists()


def test_only_staff_run_votes(setup, deputy_user):
    staff, m, users = setup
    poll = services.poll_create(forum=m, title="测评", kind=Poll.Kind.SATISFACTION, actor=staff)
    for actor in (users[0], deputy_user):
        with pytest.raises(VoteError):
            services.poll_open(poll=poll, actor=actor)


def test_members_sign_themselves_in_only(setup):
    staff, m, users = setup
    services.attendance_record(forum=m, user=users[3], status="present", actor=users[3], method="phone")
    with pytest.raises(VoteError):
        services.attendance_record(forum=m, user=users[4], status="present", actor=users[3], method="phone")
    assert Attendance.objects.get(meeting=m, user=users[3]).method == "phone"


def test_annul_needs_a_reason_and_no_ballot_is_audited(setup):
    staff, m, users = setup
    poll = open_satisfaction(m, staff, users[:20])
    services.poll_cast(poll=poll, voter=users[1], option_ids=[option(poll, "satisfied")])
    with pytest.raises(ValidationError):
        services.poll_annul(poll=poll, actor=staff, reason="  ")
    services.poll_annul(poll=poll, actor=staff, reason="表决器故障")
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"poll_created", "poll_opened", "poll_annulled"} <= actions
    assert not any("cast" in a or "ballot" in a for a in actions)
    assert not AuditLog.objects.filter(actor=users[1]).exists()


def test_plenary_session_quorum_is_two_thirds_of_its_deputies(staff_user):
    import datetime

    from congress_portal.organization.models import Session
    from tests import factories

    term = factories.TermFactory()
    session = Session.objects.create(term=term, number=4, name="第四次会议", start_date=datetime.date(2026, 12, 1),
                                     end_date=datetime.date(2026, 12, 4))
    deputies = [factories.DeputyUserFactory(username=f"dp{i}", deputy__term=term) for i in range(9)]
    factories.DeputyUserFactory(username="other-term", deputy__term=factories.TermFactory(number=15, name="第十五届",
                                                                                           is_current=False))
    assert services.forum_voters(session) == {u.pk for u in deputies}
    for u in deputies[:5]:
        services.attendance_record(forum=session, user=u, status="present", actor=staff_user)
    poll = services.poll_create(forum=session, title="民生实事票决", kind=Poll.Kind.APPROVAL, actor=staff_user,
                                places=1, subjects=["甲", "乙"])
    with pytest.raises(VoteError) as exc:  # 5 of 9: two thirds is 6
        services.poll_open(poll=poll, actor=staff_user)
    assert "还需 1 人" in str(exc.value)
    services.attendance_record(forum=session, user=deputies[5], status="present", actor=staff_user)
    poll = services.poll_open(poll=poll, actor=staff_user)  # exactly two thirds opens it
    assert (poll.base, poll.present) == (9, 6) and poll.roll.count() == 6

"""The rules of opinions, rectification and satisfaction votes, through the services."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from congress_portal.notifications.models import OutboxEvent
from supervision.deliberation import services
from supervision.deliberation.models import Rectification, RectState, Verdict
from supervision.models import Kind, Stage
from tests import factories
from tests.meetings import helpers as mh

from .helpers import D, item, opinion, reported, run_report_vote, run_vote

pytestmark = pytest.mark.django_db


def test_issue_goes_only_to_a_target_body(staff_user, unit, other_unit):
    it = item([unit])
    op = opinion(staff_user, it, [])
    with pytest.raises(ValidationError) as exc:
        services.issue_add(opinion=op, actor=staff_user, text="整改进度滞后", unit=other_unit)
    assert "不是该监督事项的监督对象" in str(exc.value.message_dict["unit"])
    assert not op.issues.exists()


def test_issuing_creates_rectifications_with_the_setting_deadline_and_moves_the_item(staff_user, unit,
                                                                                    unit_officer):
    it = item([unit])
    op = opinion(staff_user, it, [("加装电梯进度慢", unit), ("雨污分流不彻底", unit)], issued_on=D(2026, 3, 10))
    rects = list(Rectification.objects.filter(issue__opinion=op))
    assert [r.due_date for r in rects] == [D(2026, 6, 10), D(2026, 6, 10)]  # 3 months
    assert {r.state for r in rects} == {RectState.RECTIFYING}
    it.refresh_from_db()
    assert it.stage == Stage.RECTIFICATION
    assert AuditLog.objects.filter(action="rectify", to_state=Stage.RECTIFICATION).exists()
    assert OutboxEvent.objects.filter(event="opinion_handed_over", recipients=[unit_officer.pk]).exists()


def test_budget_rectification_has_two_months(staff_user, unit):
    it = item([unit], kind=Kind.BUDGET_RECTIFICATION, title="2025年预算执行审计整改")
    op = opinion(staff_user, it, [("专项资金闲置", unit)], issued_on=D(2026, 3, 10))
    assert op.issues.get().rectification.due_date == D(2026, 5, 10)


def test_an_opinion_without_issues_cannot_be_issued(staff_user, unit):
    op = opinion(staff_user, item([unit]), [])
    with pytest.raises(services.DeliberationError, match="问题清单"):
        services.opinion_issue(opinion=op, actor=staff_user)


def test_a_move_the_table_does_not_allow_is_refused_in_chinese_and_changes_nothing(staff_user, unit, unit_officer):
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = op.issues.get().rectification
    before = AuditLog.objects.count()
    with pytest.raises(services.DeliberationError, match="整改中"):
        services.rectification_accept(rectification=rect, actor=staff_user)  # not reported yet
    with pytest.raises(services.DeliberationError, match="无权"):
        reported(rect, unit_officer)
        services.rectification_accept(rectification=rect, actor=unit_officer)  # the unit cannot accept itself
    rect.refresh_from_db()
    assert rect.state == RectState.REPORTED and rect.accepted_at is None
    assert AuditLog.objects.count() == before + 1  # only the submit


def test_other_unit_cannot_report(staff_user, unit, other_unit_officer):
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = op.issues.get().rectification
    with pytest.raises(services.DeliberationError):
        services.progress_report(rectification=rect, actor=other_unit_officer, text="进展")
    assert not rect.reports.exists()


def test_send_back_needs_a_reason_and_returns_to_rectifying(staff_user, unit, unit_officer):
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer)
    with pytest.raises(ValidationError):
        services.rectification_send_back(rectification=rect, actor=staff_user, reason="  ")
    services.rectification_send_back(rectification=rect, actor=staff_user, reason="缺少佐证材料")
    rect.refresh_from_db()
    assert rect.state == RectState.RECTIFYING and rect.sent_back_reason == "缺少佐证材料"


def test_stale_version_is_refused(staff_user, unit, unit_officer):
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer)
    with pytest.raises(services.DeliberationError, match="重新加载|刷新"):
        services.rectification_accept(rectification=rect, actor=staff_user, version=rect.version - 1)


@pytest.fixture
def ten():
    term, users = mh.committee(size=10)
    return users, mh.meeting(term)


@pytest.mark.parametrize("satisfied, basic, unsatisfied, expected", [
    (5, 0, 5, Verdict.SATISFIED),  # exactly half of all 10 members: 满意
    (4, 1, 5, Verdict.BASIC),  # 满意 + 基本满意 reach half
    (4, 0, 6, Verdict.UNSATISFIED),  # neither reaches half
])
def test_zhenhai_rule_edges(staff_user, unit, unit_officer, ten, satisfied, basic, unsatisfied, expected):
    users, meeting = ten
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer, staff_user, accept=True)
    vote = run_vote(rect, staff_user, meeting, users, satisfied, basic, unsatisfied)
    vote = services.vote_take(vote=vote, actor=staff_user)
    assert vote.verdict == expected


def test_abstentions_count_in_the_base(staff_user, unit, unit_officer, ten):
    users, meeting = ten
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer, staff_user, accept=True)
    vote = run_vote(rect, staff_user, meeting, users, 4, 0, 0, abstain=6)  # 4 of 4 cast, but 4 < 10/2
    assert services.vote_take(vote=vote, actor=staff_user).verdict == Verdict.UNSATISFIED


def test_unsatisfied_opens_a_second_round_and_a_second_unsatisfied_escalates(staff_user, unit, unit_officer, ten):
    users, meeting = ten
    chair = users[0]
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer, staff_user, accept=True)
    vote = run_vote(rect, staff_user, meeting, users, 2, 1, 7)
    services.vote_take(vote=vote, actor=staff_user)
    rect.refresh_from_db()
    assert (rect.state, rect.round) == (RectState.RECTIFYING, 2)
    assert rect.due_date > timezone.localdate()  # its own, new deadline
    assert OutboxEvent.objects.filter(event="rectification_second_round").exists()
    with pytest.raises(services.DeliberationError):
        services.vote_take(vote=vote, actor=staff_user)  # a result is taken once
    rect = reported(rect, unit_officer, staff_user, accept=True)
    meeting2 = mh.meeting(meeting.term, number=13)
    vote2 = run_vote(rect, staff_user, meeting2, users, 1, 1, 8)
    mh.sign_in  # noqa: B018 - the second meeting's members signed in by run_vote
    services.vote_take(vote=vote2, actor=staff_user)
    rect.refresh_from_db()
    assert rect.state == RectState.ESCALATED and rect.escalated_at
    escalation = OutboxEvent.objects.get(event="rectification_escalated")
    assert chair.pk in escalation.recipients
    services.rectification_close(rectification=rect, actor=staff_user)
    rect.refresh_from_db()
    assert rect.state == RectState.CLOSED


def test_an_unsatisfied_report_vote_asks_the_reporting_bodies_for_a_second_round(
        staff_user, unit, other_unit, unit_officer, ten):
    """DOMAIN §4: 不满意 on a report -> the body rectifies and reports again by its own deadline; a second
    不满意 (on that round's rectification) goes to the chairs' meeting."""
    users, meeting = ten
    it = item([unit, other_unit], leader=users[1].committee_member)
    vote = services.vote_take(vote=run_report_vote(it, staff_user, meeting, users, 2, 1, 7), actor=staff_user)
    assert vote.verdict == Verdict.UNSATISFIED
    second = vote.second_round_opinion
    assert second.state == second.State.ISSUED and second.item == it and second.issued_on == timezone.localdate()
    rects = list(Rectification.objects.filter(issue__opinion=second).order_by("unit_id"))
    assert sorted(r.unit_id for r in rects) == sorted([unit.pk, other_unit.pk])
    assert all(r.round == 2 and r.state == RectState.RECTIFYING and r.due_date > timezone.localdate() for r in rects)
    it.refresh_from_db()
    assert it.stage == Stage.RECTIFICATION
    told = OutboxEvent.objects.get(event="report_unsatisfied")
    assert told.context["url"] == second.get_absolute_url() and users[1].pk in told.recipients
    assert unit_officer.pk in OutboxEvent.objects.get(event="opinion_handed_over").recipients
    with pytest.raises(services.DeliberationError, match="第二轮"):
        run_report_vote(it, staff_user, mh.meeting(meeting.term, number=14), users, 10, 0, 0)
    rect = reported(next(r for r in rects if r.unit_id == unit.pk), unit_officer, staff_user, accept=True)
    services.vote_take(vote=run_vote(rect, staff_user, mh.meeting(meeting.term, number=13), users, 1, 1, 8),
                       actor=staff_user)
    rect.refresh_from_db()
    assert rect.state == RectState.ESCALATED
    assert users[0].pk in OutboxEvent.objects.get(event="rectification_escalated").recipients


def test_a_satisfied_report_vote_asks_for_nothing_more(staff_user, unit, ten):
    users, meeting = ten
    it = item([unit])
    vote = services.vote_take(vote=run_report_vote(it, staff_user, meeting, users, 6, 2, 2), actor=staff_user)
    assert vote.verdict == Verdict.SATISFIED
    assert not Rectification.objects.exists() and not OutboxEvent.objects.filter(event="report_unsatisfied").exists()


def test_a_passing_vote_closes_and_the_item_moves_to_feedback(staff_user, unit, unit_officer, ten):
    users, meeting = ten
    it = item([unit])
    op = opinion(staff_user, it, [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer, staff_user, accept=True)
    services.vote_take(vote=run_vote(rect, staff_user, meeting, users, 6, 2, 2), actor=staff_user)
    rect.refresh_from_db()
    it.refresh_from_db()
    assert rect.state == RectState.CLOSED and it.stage == Stage.FEEDBACK


def test_a_vote_result_needs_a_closed_poll(staff_user, unit, unit_officer, ten):
    users, meeting = ten
    op = opinion(staff_user, item([unit]), [("加装电梯进度慢", unit)], issued_on=D(2026, 3, 10))
    rect = reported(op.issues.get().rectification, unit_officer, staff_user, accept=True)
    vote = services.vote_open_on_rectification(rectification=rect, actor=staff_user, meeting=meeting)
    with pytest.raises(services.DeliberationError, match="尚未结束|未关闭|还没有"):
        services.vote_take(vote=vote, actor=staff_user)


def test_inquiry_follow_up_and_commitment(staff_user, unit, other_unit):
    term = factories.TermFactory()
    member = factories.CommitteeMemberFactory(term=term, name="周明")
    it = item([unit], kind=Kind.INQUIRY, title="关于城市内涝治理的专题询问")
    inquiry = services.inquiry_create(item=it, actor=staff_user, title="城市内涝治理专题询问", held_on=D(2026, 6, 20))
    q = services.question_add(inquiry=inquiry, actor=staff_user, asker=member, unit=unit, official="张局长",
                              text="今年汛期前能完成多少处积水点改造？")
    f = services.question_add(inquiry=inquiry, actor=staff_user, asker=member, unit=unit, official="张局长",
                              text="资金缺口如何解决？", parent=q)
    assert f.parent == q
    with pytest.raises(ValidationError) as exc:
        services.question_add(inquiry=inquiry, actor=staff_user, asker=None, unit=unit, official="", text="")
    assert set(exc.value.message_dict) == {"asker", "official", "text"}
    with pytest.raises(ValidationError) as exc:
        services.commitment_add(inquiry=inquiry, actor=staff_user, unit=unit, content="完成12处改造",
                                due_date=D(2026, 1, 1), responsible="张局长")
    assert "due_date" in exc.value.message_dict
    c = services.commitment_add(inquiry=inquiry, actor=staff_user, unit=unit, content="完成12处改造",
                                due_date=D(2026, 9, 30), responsible="张局长", question=q)
    officer = factories.UnitOfficerFactory(username="u-other", unit=other_unit)
    with pytest.raises(services.DeliberationError):
        services.commitment_fulfil(commitment=c, actor=officer, evidence="已完成")
    services.commitment_fulfil(commitment=c, actor=staff_user, evidence="验收报告见附件")
    c.refresh_from_db()
    assert c.fulfilled_at and c.evidence == "验收报告见附件"

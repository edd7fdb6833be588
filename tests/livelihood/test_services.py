"""Each move of the livelihood projects and its refusals, and the plenary vote through the real engine."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Poll, VoteSetting
from congress_portal.meetings.services import VoteError
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, ProjectProposal, Solicitation
from supervision.livelihood.services import LivelihoodError
from tests import factories

from .helpers import add_candidates, closed_solicitation, open_solicitation, plenary_session

pytestmark = pytest.mark.django_db


def test_a_solicitation_lasts_at_least_the_setting(settings):
    s = Solicitation(year=2027, opens_on=datetime.date(2027, 1, 1), closes_on=datetime.date(2027, 1, 30))
    with pytest.raises(ValidationError) as exc:
        s.full_clean()
    assert "至少" in str(exc.value.message_dict["closes_on"]) and "30" in str(exc.value.message_dict["closes_on"])
    s.closes_on = datetime.date(2027, 1, 31)
    s.full_clean()
    settings.LIVELIHOOD_MIN_SOLICITATION_DAYS = 45
    with pytest.raises(ValidationError):
        s.full_clean()


def test_a_proposal_gets_a_tracking_code_only_while_open():
    today = timezone.localdate()
    s = open_solicitation(today)
    p = services.proposal_submit(solicitation=s, text="在积玉桥街建一处社区食堂", proposer_name="王女士")
    assert len(p.tracking_code) == 16 and p.status == ProjectProposal.Status.RECEIVED and p.proposer is None
    assert AuditLog.objects.filter(action="submit", object_id=str(p.pk)).exists()
    with pytest.raises(LivelihoodError) as exc:
        services.proposal_submit(solicitation=s, text="再建一处社区食堂",
                                 today=s.closes_on + datetime.timedelta(days=1))
    assert "不在征集期内" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(solicitation=s, text="  食堂 ")
    assert "text" in exc.value.message_dict
    assert ProjectProposal.objects.count() == 1


def test_screening_adopts_the_proposals_and_refuses_outsiders_and_mistakes(staff_user, deputy_user, unit, other_unit):
    today = timezone.localdate()
    s = open_solicitation(today)
    p1 = services.proposal_submit(solicitation=s, text="老旧小区加装电梯")
    p2 = services.proposal_submit(solicitation=s, text="小区加装电梯，方便老人")
    other_year = open_solicitation(today, year=2028)
    stray = services.proposal_submit(solicitation=other_year, text="别的年度的建议项目")
    kwargs = dict(solicitation=s, description="为60个老旧小区加装电梯", budget=Decimal("3000"), unit=unit,
                  expected_completion=datetime.date(2027, 12, 31))
    with pytest.raises(LivelihoodError):
        services.candidate_create(actor=deputy_user, title="加装电梯", proposals=[p1], **kwargs)
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(actor=staff_user, title="加装电梯", proposals=[p1, stray], **kwargs)
    assert "proposals" in exc.value.message_dict
    c = services.candidate_create(actor=staff_user, title="加装电梯", proposals=[p1, p2], **kwargs)
    assert set(c.proposals.all()) == {p1, p2}
    assert set(ProjectProposal.objects.filter(solicitation=s).values_list("status", flat=True)) == {"adopted"}
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(actor=staff_user, title="加装电梯", **kwargs)
    assert "title" in exc.value.message_dict
    other_unit.is_active = False
    other_unit.save()
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(actor=staff_user, title="口袋公园", **{**kwargs, "unit": other_unit})
    assert "unit" in exc.value.message_dict
    assert s.candidates.count() == 1


def test_the_list_is_approved_once_after_the_solicitation_with_more_candidates_than_places(staff_user, unit):
    today = timezone.localdate()
    s = open_solicitation(today, places=2)
    add_candidates(s, staff_user, unit, ["甲", "乙", "丙"])
    with pytest.raises(LivelihoodError) as exc:
        services.candidate_list_approve(solicitation=s, actor=staff_user)
    assert "征集" in str(exc.value)
    Solicitation.objects.filter(pk=s.pk).update(closes_on=today - datetime.timedelta(days=1),
                                                opens_on=today - datetime.timedelta(days=40))
    s2 = closed_solicitation(today, places=3, year=2028)
    add_candidates(s2, staff_user, unit, ["一", "二", "三"])
    with pytest.raises(LivelihoodError) as exc:
        services.candidate_list_approve(solicitation=s2, actor=staff_user)
    assert "多于" in str(exc.value)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    with pytest.raises(LivelihoodError):
        services.candidate_list_approve(solicitation=s, actor=staff_user)
    with pytest.raises(LivelihoodError):  # the approved list no longer changes
        add_candidates(s, staff_user, unit, ["丁"])
    assert AuditLog.objects.filter(action="list_approved").count() == 1


def _vote(poll, voter, titles):
    options = {o.subject: o.pk for o in poll.options.all()}
    votes.poll_cast(poll=poll, voter=voter, option_ids=[options[t] for t in titles])


def test_the_plenary_vote_with_a_tie_at_the_cut_goes_to_a_runoff(staff_user, unit):
    today = timezone.localdate()
    s = closed_solicitation(today, places=2)
    candidates = add_candidates(s, staff_user, unit, ["社区食堂", "加装电梯", "口袋公园", "背街小巷"])
    term = factories.TermFactory()
    session, deputies = plenary_session(term, 7)
    with pytest.raises(LivelihoodError):  # not approved yet
        services.ballot_create(solicitation=s, session=session, actor=staff_user)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    assert (poll.kind, poll.places, poll.session_id) == (Poll.Kind.APPROVAL, 2, session.pk)
    assert [o.subject for o in poll.options.all()] == ["社区食堂", "加装电梯", "口袋公园", "背街小巷"]
    assert poll.options.first().label == f"社区食堂（{unit.name}，预算 120.50 万元）"
    s.refresh_from_db()
    assert s.poll == poll and poll.agenda_item.about == s
    assert {c.option_id for c in s.candidates.all()} == set(poll.options.values_list("pk", flat=True))
    with pytest.raises(LivelihoodError):
        services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in deputies[:6]:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)
    # 社区食堂 5, 加装电梯 3, 口袋公园 3, 背街小巷 1: one place goes outright, two tie for the other.
    _vote(poll, deputies[0], ["社区食堂", "加装电梯"])
    _vote(poll, deputies[1], ["社区食堂", "加装电梯"])
    _vote(poll, deputies[2], ["社区食堂", "口袋公园"])
    _vote(poll, deputies[3], ["社区食堂", "口袋公园"])
    with pytest.raises(VoteError) as exc:  # three approvals of two places: refused whole
        _vote(poll, deputies[4], ["社区食堂", "加装电梯", "口袋公园"])
    assert "最多只能赞成 2" in str(exc.value)
    _vote(poll, deputies[4], ["社区食堂", "背街小巷"])
    with pytest.raises(VoteError):  # a deputy not on the roll (absent when it opened)
        _vote(poll, deputies[6], ["社区食堂"])
    with pytest.raises(VoteError):  # a second ballot
        _vote(poll, deputies[0], ["背街小巷"])
    votes.poll_mark_paper_voters(poll=poll, voters=[deputies[5]], actor=staff_user)
    by_title = {o.subject: o.pk for o in poll.options.all()}
    with pytest.raises(ValidationError):  # paper totals that do not reconcile
        votes.poll_enter_paper_tally(poll=poll, actor=staff_user, issued=2, valid=1, invalid=0, not_returned=0,
                                     counts={by_title["加装电梯"]: 1})
    votes.poll_enter_paper_tally(poll=poll, actor=staff_user, issued=1, valid=1, invalid=0, not_returned=0,
                                 counts={by_title["加装电梯"]: 1, by_title["口袋公园"]: 1})
    with pytest.raises(LivelihoodError):  # still open
        services.result_take(solicitation=s, actor=staff_user)
    votes.poll_close(poll=poll, actor=staff_user)
    poll.refresh_from_db()
    assert poll.result.outcome["tied"] and poll.result.outcome["open_places"] == 1
    with pytest.raises(LivelihoodError) as exc:
        services.result_take(solicitation=s, actor=staff_user)
    assert "同票" in str(exc.value)
    assert not ChosenProject.objects.exists()
    runoff = votes.poll_create_runoff(poll=poll, actor=staff_user)
    assert sorted(o.subject for o in runoff.options.all()) == ["加装电梯", "口袋公园"]
    votes.poll_open(poll=runoff, actor=staff_user)
    _vote(runoff, deputies[0], ["加装电梯"])
    _vote(runoff, deputies[1], ["口袋公园"])
    _vote(runoff, deputies[2], ["加装电梯"])
    votes.poll_close(poll=runoff, actor=staff_user)
    chosen = services.result_take(solicitation=s, actor=staff_user)
    assert [(c.rank, c.candidate.title, c.approvals) for c in chosen] == [(1, "社区食堂", 5), (2, "加装电梯", 3)]
    assert {c.candidate for c in chosen} == {candidates[0], candidates[1]}
    with pytest.raises(LivelihoodError):
        services.result_take(solicitation=s, actor=staff_user)


def test_staff_order_setting_decides_the_tie_without_a_runoff(staff_user, unit):
    VoteSetting.objects.update_or_create(code="approval_tie", defaults={"value": "staff_order"})
    today = timezone.localdate()
    s = closed_solicitation(today, places=1)
    add_candidates(s, staff_user, unit, ["甲", "乙"])
    session, deputies = plenary_session(factories.TermFactory(), 2)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in deputies:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)
    _vote(poll, deputies[0], ["甲"])
    _vote(poll, deputies[1], ["乙"])
    votes.poll_close(poll=poll, actor=staff_user)
    with pytest.raises(LivelihoodError):
        services.result_take(solicitation=s, actor=staff_user)
    options = {o.subject: o.pk for o in poll.options.all()}
    votes.poll_decide_tie(poll=poll, actor=staff_user, order=[options["乙"], options["甲"]])
    poll.refresh_from_db()
    chosen = services.result_take(solicitation=s, actor=staff_user)
    assert [c.candidate.title for c in chosen] == ["乙"]


def _chosen_project(staff_user, unit):
    s = closed_solicitation(timezone.localdate(), places=1)
    candidate = add_candidates(s, staff_user, unit, ["甲"])[0]
    return ChosenProject.objects.create(candidate=candidate, rank=1, approvals=10)


def test_only_the_responsible_unit_reports_progress_and_it_never_goes_back(staff_user, unit_officer,
                                                                           other_unit_officer):
    project = _chosen_project(staff_user, unit_officer.unit)
    for outsider in (staff_user, other_unit_officer):
        with pytest.raises(LivelihoodError):
            services.progress_report(project=project, actor=outsider, progress=10, text="开工")
    report = services.progress_report(project=project, actor=unit_officer, progress=40, text="已完成主体施工")
    project.refresh_from_db()
    assert project.progress == 40 and report.reported_by == unit_officer
    for bad, field in ((30, "progress"), (101, "progress"), (50, "text")):
        with pytest.raises(ValidationError) as exc:
            services.progress_report(project=project, actor=unit_officer, progress=bad,
                                     text="" if field == "text" else "再报")
        assert field in exc.value.message_dict
    project.refresh_from_db()
    assert project.progress == 40 and project.reports.count() == 1
    assert AuditLog.objects.filter(action="progress_reported").count() == 1

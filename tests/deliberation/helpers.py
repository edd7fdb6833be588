"""A supervision item with its target bodies, an issued opinion, a committee of members with accounts and a
meeting: what the deliberation tests build on."""

import datetime

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import PollOption
from congress_portal.organization.models import Committee
from supervision.deliberation import services
from supervision.models import Kind, Stage, SupervisionItem
from tests.meetings import helpers as mh

YEAR = 2026


def committee_body(name="城建环保工委"):
    return Committee.objects.get_or_create(name=name, defaults={"short_name": name, "kind": Committee.Kind.WORKING})[0]


def item(units, *, kind=Kind.WORK_REPORT, title="听取和审议区政府关于老旧小区改造工作情况的报告", year=YEAR,
         stage=Stage.DELIBERATION, leader=None, meeting=None):
    it = SupervisionItem.objects.create(year=year, kind=kind, title=title, committee=committee_body(), stage=stage,
                                        leader=leader, meeting=meeting)
    it.target_units.set(units)
    return it


def opinion(staff, it, issues, *, issued_on=None, title="关于老旧小区改造工作情况报告的审议意见"):
    """An opinion with `issues` [(text, unit)], issued on `issued_on` (or left a draft when None)."""
    op = services.opinion_create(item=it, actor=staff, title=title, text="常委会组成人员认为……\n建议……",
                                 number="武人常审〔2026〕3号")
    for text, unit in issues:
        services.issue_add(opinion=op, actor=staff, text=text, unit=unit)
    if issued_on is not None:
        services.opinion_issue(opinion=op, actor=staff, issued_on=issued_on)
    op.refresh_from_db()
    return op


def reported(rect, officer, staff=None, accept=False):
    services.rectification_submit(rectification=rect, actor=officer, measures="一、成立专班；二、倒排工期",
                                  text="已完成改造23个小区")
    if accept:
        services.rectification_accept(rectification=rect, actor=staff)
    rect.refresh_from_db()
    return rect


def run_vote(rect, staff, meeting, users, satisfied, basic, unsatisfied, abstain=0):
    """Open a satisfaction vote on `rect`, cast the given phone ballots, close it; -> the vote."""
    vote = services.vote_open_on_rectification(rectification=rect, actor=staff, meeting=meeting)
    return _cast(vote, staff, meeting, users, satisfied, basic, unsatisfied, abstain)


def run_report_vote(it, staff, meeting, users, satisfied, basic, unsatisfied, abstain=0):
    """The same, on the item's report itself."""
    vote = services.vote_open_on_report(item=it, actor=staff, meeting=meeting)
    return _cast(vote, staff, meeting, users, satisfied, basic, unsatisfied, abstain)


def _cast(vote, staff, meeting, users, satisfied, basic, unsatisfied, abstain):
    poll = vote.poll
    if not meeting.attendances.exists():
        mh.sign_in(meeting, users, staff)
    votes.poll_open(poll=poll, actor=staff)
    codes = ([PollOption.Code.SATISFIED] * satisfied + [PollOption.Code.BASIC] * basic
             + [PollOption.Code.UNSATISFIED] * unsatisfied + [PollOption.Code.ABSTAIN] * abstain)
    for user, code in zip(users, codes):
        votes.poll_cast(poll=poll, voter=user, option_ids=[mh.option(poll, code)])
    votes.poll_close(poll=poll, actor=staff)
    vote.refresh_from_db()
    return vote


D = datetime.date

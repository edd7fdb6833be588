"""DOMAIN §5.2, one rule per test, on the livelihood ballot through the real meetings engine: at most N
approvals, only the roll snapshotted at opening votes, once; the 2/3 quorum opens the vote; paper totals
reconcile; a tie at the cut goes to a run-off among the tied; who voted is kept apart from what they chose."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Ballot, Participation, PaperTally, Poll, RollEntry
from congress_portal.meetings.services import VoteError
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject
from supervision.livelihood.services import LivelihoodError
from tests import factories

from .helpers import add_candidates, closed_solicitation, plenary_session

pytestmark = pytest.mark.django_db
TITLES = ["甲", "乙", "丙", "丁"]


def _ballot(staff_user, unit, *, deputies=6, present=None, places=2):
    s = closed_solicitation(timezone.localdate(), places=places)
    add_candidates(s, staff_user, unit, TITLES)
    session, people = plenary_session(factories.TermFactory(), deputies)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in people[:deputies if present is None else present]:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    return s, session, poll, people


def _ids(poll, titles):
    by = {o.subject: o.pk for o in poll.options.all()}
    return [by[t] for t in titles]


def test_a_ballot_with_n_plus_1_approvals_is_refused_whole(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit)
    votes.poll_open(poll=poll, actor=staff_user)
    with pytest.raises(VoteError) as exc:
        votes.poll_cast(poll=poll, voter=people[0], option_ids=_ids(poll, ["甲", "乙", "丙"]))
    assert "最多只能赞成 2" in str(exc.value)
    assert not Participation.objects.exists() and not Ballot.objects.exists()
    votes.poll_cast(poll=poll, voter=people[0], option_ids=_ids(poll, ["甲", "乙"]))  # N exactly is fine


def test_the_vote_opens_only_with_two_thirds_of_the_deputies_present(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit, deputies=6, present=3)
    with pytest.raises(VoteError) as exc:
        votes.poll_open(poll=poll, actor=staff_user)
    assert "还需" in str(exc.value) or "法定人数" in str(exc.value) or "4" in str(exc.value)
    assert Poll.objects.get(pk=poll.pk).state == Poll.State.DRAFT
    votes.attendance_record(forum=session, user=people[3], status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)  # 4 of 6: exactly two thirds (以上 includes it)
    assert Poll.objects.get(pk=poll.pk).present == 4


def test_a_deputy_not_on_the_roll_snapshotted_at_opening_is_refused(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit, deputies=6, present=5)
    votes.poll_open(poll=poll, actor=staff_user)
    votes.attendance_record(forum=session, user=people[5], status="present", actor=staff_user)  # arrives late
    assert not RollEntry.objects.filter(poll=poll, user=people[5]).exists()
    with pytest.raises(VoteError) as exc:
        votes.poll_cast(poll=poll, voter=people[5], option_ids=_ids(poll, ["甲"]))
    assert "名单" in str(exc.value)
    outsider = factories.DeputyUserFactory()
    with pytest.raises(VoteError):
        votes.poll_cast(poll=poll, voter=outsider, option_ids=_ids(poll, ["甲"]))
    assert not Participation.objects.exists()


def test_a_second_ballot_is_refused_and_the_first_is_kept(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit)
    votes.poll_open(poll=poll, actor=staff_user)
    votes.poll_cast(poll=poll, voter=people[0], option_ids=_ids(poll, ["甲"]))
    with pytest.raises(VoteError):
        votes.poll_cast(poll=poll, voter=people[0], option_ids=_ids(poll, ["乙"]))
    votes.poll_mark_paper_voters(poll=poll, voters=[people[1]], actor=staff_user)
    with pytest.raises(VoteError):  # marked as voting on paper: no phone ballot as well
        votes.poll_cast(poll=poll, voter=people[1], option_ids=_ids(poll, ["乙"]))
    assert [b.choices for b in Ballot.objects.filter(poll=poll)] == [_ids(poll, ["甲"])]


def test_paper_totals_that_do_not_reconcile_are_refused(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit)
    votes.poll_open(poll=poll, actor=staff_user)
    votes.poll_mark_paper_voters(poll=poll, voters=people[:2], actor=staff_user)
    a, b, c = _ids(poll, ["甲", "乙", "丙"])
    cases = [
        dict(issued=3, valid=3, invalid=0, not_returned=0, counts={a: 1}),  # more issued than paper voters
        dict(issued=2, valid=1, invalid=0, not_returned=0, counts={a: 1}),  # issued != valid + invalid + not returned
        dict(issued=2, valid=2, invalid=0, not_returned=0, counts={a: 3}),  # more approvals than valid ballots
        dict(issued=2, valid=2, invalid=0, not_returned=0, counts={a: 2, b: 2, c: 1}),  # over N per ballot
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            votes.poll_enter_paper_tally(poll=poll, actor=staff_user, **case)
    assert not PaperTally.objects.exists()
    votes.poll_enter_paper_tally(poll=poll, actor=staff_user, issued=2, valid=1, invalid=1, not_returned=0,
                                 counts={a: 1, b: 1})
    assert PaperTally.objects.get().valid == 1


def test_a_tie_at_the_cut_goes_to_a_runoff_among_the_tied_only(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit, deputies=3)
    votes.poll_open(poll=poll, actor=staff_user)
    for voter, second in zip(people, ["乙", "丙", "丁"], strict=True):
        votes.poll_cast(poll=poll, voter=voter, option_ids=_ids(poll, ["甲", second]))
    votes.poll_close(poll=poll, actor=staff_user)
    poll.refresh_from_db()
    assert poll.result.outcome["chosen"] == _ids(poll, ["甲"]) and poll.result.outcome["open_places"] == 1
    with pytest.raises(LivelihoodError):  # no result while the tie stands
        services.result_take(solicitation=s, actor=staff_user)
    runoff = votes.poll_create_runoff(poll=poll, actor=staff_user)
    assert (runoff.places, sorted(runoff.options.values_list("subject", flat=True))) == (1, ["丁", "丙", "乙"])
    votes.poll_open(poll=runoff, actor=staff_user)
    for voter, pick in zip(people, ["丙", "丙", "乙"], strict=True):
        votes.poll_cast(poll=runoff, voter=voter, option_ids=_ids(runoff, [pick]))
    votes.poll_close(poll=runoff, actor=staff_user)
    services.result_take(solicitation=s, actor=staff_user)
    assert list(ChosenProject.objects.order_by("rank").values_list("candidate__title", flat=True)) == ["甲", "丙"]


def test_who_voted_is_kept_apart_from_what_was_chosen(staff_user, unit):
    s, session, poll, people = _ballot(staff_user, unit)
    votes.poll_open(poll=poll, actor=staff_user)
    votes.poll_cast(poll=poll, voter=people[0], option_ids=_ids(poll, ["甲", "丁"]))
    assert {f.name for f in Ballot._meta.get_fields()} == {"id", "poll", "choices"}  # no voter, no time
    assert Participation.objects.filter(poll=poll, user=people[0]).exists()

"""Real PostgreSQL locks: 35 members voting at once, one member in two tabs, a close racing with ballots."""

import pytest

from congress_portal.meetings import services
from congress_portal.meetings.models import Ballot, Participation, PollResult

from tests.concurrency import require_postgres, run_concurrently

from .helpers import committee, meeting, open_satisfaction, option

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _cast(poll, voter, option_id):
    return lambda: services.poll_cast(poll=poll, voter=voter, option_ids=[option_id])


def test_35_members_voting_at_once_each_counted_once(staff_user):
    require_postgres()
    term, users = committee(35)
    m = meeting(term)
    poll = open_satisfaction(m, staff_user, users)
    satisfied, basic = option(poll, "satisfied"), option(poll, "basic")
    results = run_concurrently([_cast(poll, u, satisfied if i < 20 else basic) for i, u in enumerate(users)])
    assert all(kind == "ok" for kind, _ in results), results
    services.poll_close(poll=poll, actor=staff_user)
    result = PollResult.objects.get(poll=poll)
    assert result.phone_ballots == 35 and Participation.objects.filter(poll=poll).count() == 35
    assert (result.counts[str(satisfied)], result.counts[str(basic)]) == (20, 15)


def test_same_voter_in_two_tabs_one_ballot(staff_user):
    require_postgres()
    term, users = committee(25)
    m = meeting(term)
    poll = open_satisfaction(m, staff_user, users[:20])
    voter = users[3]
    results = run_concurrently([_cast(poll, voter, option(poll, "satisfied")),
                                 _cast(poll, voter, option(poll, "unsatisfied"))] * 3)
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error"] * 5 + ["ok"], results
    assert all(isinstance(v, services.VoteError) for k, v in results if k == "error")
    assert Participation.objects.filter(poll=poll, user=voter).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_close_racing_with_ballots_counts_exactly_the_accepted(staff_user):
    require_postgres()
    term, users = committee(35)
    m = meeting(term)
    poll = open_satisfaction(m, staff_user, users)
    satisfied = option(poll, "satisfied")
    fns = [_cast(poll, u, satisfied) for u in users[1:]]
    fns.insert(17, lambda: services.poll_close(poll=poll, actor=staff_user))
    results = run_concurrently(fns)
    accepted = sum(1 for kind, value in results if kind == "ok" and value is True)
    refused = [value for kind, value in results if kind == "error"]
    assert all(isinstance(e, services.VoteError) and "结束" in str(e) or "closed" in str(e) for e in refused), refused
    assert accepted + len(refused) == 34
    result = PollResult.objects.get(poll=poll)
    assert result.phone_ballots == accepted == result.counts[str(satisfied)]
    assert Participation.objects.filter(poll=poll).count() == accepted
    assert Ballot.objects.filter(poll=poll).count() == accepted

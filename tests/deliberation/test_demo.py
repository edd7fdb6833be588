"""The demo's failed report vote: built through the services, so every row agrees with every other."""

import pytest
from django.core.management import call_command

from congress_portal.meetings.models import Poll
from supervision.deliberation.models import Opinion, Rectification, SatisfactionVote, Verdict
from supervision.demo import PROPERTY_REPORT
from supervision.models import Stage, SupervisionItem


@pytest.mark.django_db
def test_the_demo_has_a_report_vote_that_failed_and_its_second_round():
    call_command("seed_demo", "--scale", "small", "--today", "2026-11-23")
    item = SupervisionItem.objects.get(title=PROPERTY_REPORT)
    vote = SatisfactionVote.objects.select_related("poll").get(item=item, rectification=None)
    assert vote.verdict == Verdict.UNSATISFIED and vote.taken_at is not None
    assert vote.poll.state == Poll.State.PUBLISHED and vote.poll.kind == Poll.Kind.SATISFACTION
    assert vote.poll.result.outcome["verdict"] == Verdict.UNSATISFIED
    # Held at the meeting that heard the report; ballots, who voted and the count agree.
    assert vote.poll.meeting_id == item.meeting_id
    result = vote.poll.result
    assert vote.poll.ballots.count() == vote.poll.participations.count() == result.phone_ballots > 0
    assert sum(result.counts.values()) == result.phone_ballots
    opinion = Opinion.objects.get(after_vote=vote)
    assert opinion.item == item and opinion.state == Opinion.State.ISSUED and opinion.published_at
    rects = list(Rectification.objects.filter(issue__opinion=opinion).order_by("unit_id"))
    assert {r.unit_id for r in rects} == set(item.target_units.values_list("pk", flat=True)) and len(rects) == 2
    assert all(r.round == 2 for r in rects)
    assert sum(r.reports.count() for r in rects) == 1
    assert item.stage == Stage.RECTIFICATION

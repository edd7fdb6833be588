"""The demo's supervision follow-ups, built through the services so every row agrees with every other: a report
vote that failed and its second round; last year's 不满意 livelihood project in this year's supervision."""

import pytest
from django.core.management import call_command

from congress_portal.meetings.models import Poll
from supervision.deliberation.models import Opinion, Rectification, SatisfactionVote, Verdict
from supervision.demo import PROPERTY_REPORT
from supervision.livelihood.models import ChosenProject
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

    # Last year's 不满意 livelihood project is an item of this year, its unit the target body.
    project = ChosenProject.objects.select_related("candidate__solicitation", "supervision_item").get(
        evaluation="unsatisfied")
    carried = project.supervision_item
    assert project.carry_over and carried.year == project.candidate.solicitation.year + 1 == 2026
    assert list(carried.target_units.all()) == [project.candidate.unit] and carried.source_project == project

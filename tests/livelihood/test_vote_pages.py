"""The deputies vote on the livelihood candidates on their phones, through the meetings engine's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Participation
from supervision.livelihood import services
from tests import factories
from tests.conftest import client_for

from .helpers import add_candidates, closed_solicitation, plenary_session

pytestmark = pytest.mark.django_db


def test_a_deputy_sees_unit_and_budget_is_refused_an_extra_approval_and_gets_a_receipt(client, staff_user, unit):
    s = closed_solicitation(timezone.localdate(), places=2)
    add_candidates(s, staff_user, unit, ["社区食堂", "加装电梯", "口袋公园"])
    session, deputies = plenary_session(factories.TermFactory(), 3)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in deputies:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)
    url = reverse("meetings:ballot", args=[poll.pk])
    client_for(client, deputies[0])
    page = client.get(url).content.decode()
    assert f"社区食堂（{unit.name}，预算 120.50 万元）" in page and "口袋公园" in page
    ids = list(poll.options.values_list("pk", flat=True))
    too_many = client.post(url, {"step": "confirm", "choice": ids})
    assert "最多只能赞成 2 个" in too_many.content.decode()
    assert not Participation.objects.filter(poll=poll).exists()
    confirm = client.post(url, {"step": "confirm", "choice": ids[:2]})
    assert confirm.status_code == 200 and "加装电梯" in confirm.content.decode()
    cast = client.post(url, {"step": "cast", "choice": ids[:2]})
    assert cast.status_code == 302 and cast["Location"] == reverse("meetings:receipt", args=[poll.pk])
    assert Participation.objects.filter(poll=poll, user=deputies[0]).count() == 1

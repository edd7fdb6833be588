"""人大评: one satisfaction poll per project through the meetings engine (Zhenhai rule), published all at
once; a 不满意 project is carried into next year's supervision. And staff declining a proposal with the
reason its proposer reads."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Poll
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, ProjectProposal
from supervision.livelihood.services import LivelihoodError
from tests import factories

from .helpers import add_candidates, closed_solicitation, open_solicitation, plenary_session

pytestmark = pytest.mark.django_db


def _chosen(staff_user, unit, titles):
    s = closed_solicitation(timezone.localdate(), places=len(titles))
    for rank, c in enumerate(add_candidates(s, staff_user, unit, titles), start=1):
        ChosenProject.objects.create(candidate=c, rank=rank, approvals=100 - rank)
    s.result_taken_at = timezone.now()
    s.save()
    return s


def _vote(poll, voters, codes):
    options = {o.code: o.pk for o in poll.options.all()}
    for voter, code in zip(voters, codes, strict=True):
        votes.poll_cast(poll=poll, voter=voter, option_ids=[options[code]])


def test_deputies_evaluate_each_project_and_a_不满意_one_carries_over(staff_user, unit):
    s = _chosen(staff_user, unit, ["社区食堂", "加装电梯"])
    session, deputies = plenary_session(factories.TermFactory(), 6)
    with pytest.raises(LivelihoodError):  # not chosen yet
        services.evaluation_create(solicitation=closed_solicitation(timezone.localdate(), year=2030),
                                   forum=session, actor=staff_user)
    with pytest.raises(LivelihoodError):
        services.evaluation_publish(solicitation=s, actor=staff_user)
    polls = services.evaluation_create(solicitation=s, forum=session, actor=staff_user)
    assert [(p.kind, p.rule, p.session_id) for p in polls] == [(Poll.Kind.SATISFACTION, Poll.Rule.ZHENHAI,
                                                                session.pk)] * 2
    assert "社区食堂" in polls[0].title and polls[0].agenda_item.about == ChosenProject.objects.get(rank=1)
    with pytest.raises(LivelihoodError):  # once
        services.evaluation_create(solicitation=s, forum=session, actor=staff_user)
    for d in deputies[:5]:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    for poll in polls:
        votes.poll_open(poll=poll, actor=staff_user)
    # Base: all 6 deputies of the session. 满意 3 >= 3: 满意. 满意 1 + 基本满意 1 < 3: 不满意.
    _vote(polls[0], deputies[:5], ["satisfied", "satisfied", "satisfied", "basic", "abstain"])
    _vote(polls[1], deputies[:5], ["satisfied", "basic", "unsatisfied", "unsatisfied", "abstain"])
    votes.poll_close(poll=polls[0], actor=staff_user)
    with pytest.raises(LivelihoodError) as exc:  # nothing is published in part
        services.evaluation_publish(solicitation=s, actor=staff_user)
    assert "加装电梯" in str(exc.value)
    assert not ChosenProject.objects.filter(evaluated_at__isnull=False).exists()
    votes.poll_close(poll=polls[1], actor=staff_user)
    services.evaluation_publish(solicitation=s, actor=staff_user)
    rows = list(ChosenProject.objects.order_by("rank").values_list("evaluation", "carry_over"))
    assert rows == [("satisfied", False), ("unsatisfied", True)]
    assert set(Poll.objects.filter(pk__in=[p.pk for p in polls]).values_list("state", flat=True)) == {"published"}
    with pytest.raises(LivelihoodError):
        services.evaluation_publish(solicitation=s, actor=staff_user)


def test_the_evaluation_is_published_on_the_progress_page_and_the_carry_over_list(client, admin_client, staff_user,
                                                                                    unit):
    s = _chosen(staff_user, unit, ["社区食堂", "加装电梯"])
    ChosenProject.objects.filter(rank=2).update(evaluation="unsatisfied", carry_over=True, evaluated_at=timezone.now())
    page = client.get(reverse("livelihood:progress", args=[s.year])).content.decode()
    assert "不满意" in page and "转入下年度监督" in page
    listing = admin_client.get(reverse("admin:livelihood_chosenproject_changelist") + "?carry_over__exact=1")
    assert listing.status_code == 200
    assert "加装电梯" in listing.content.decode() and "社区食堂" not in listing.content.decode()


def test_staff_decline_a_proposal_with_the_reason_the_proposer_reads(client, staff_user, deputy_user):
    s = open_solicitation(timezone.localdate())
    p = services.proposal_submit(solicitation=s, text="在地铁站口增设非机动车停放点")
    with pytest.raises(LivelihoodError):
        services.proposal_decline(proposal=p, actor=deputy_user, reason="不属于区级事权")
    with pytest.raises(ValidationError) as exc:
        services.proposal_decline(proposal=p, actor=staff_user, reason="  ")
    assert "reason" in exc.value.message_dict
    services.proposal_decline(proposal=p, actor=staff_user, reason="该事项属于市级事权，已转交市有关部门研究办理。")
    p.refresh_from_db()
    assert p.status == ProjectProposal.Status.DECLINED and p.declined_at
    with pytest.raises(LivelihoodError):  # once
        services.proposal_decline(proposal=p, actor=staff_user, reason="再次")
    page = client.get(reverse("livelihood:track"), {"code": p.tracking_code}).content.decode()
    assert "未予采纳" in page and "该事项属于市级事权" in page


def test_staff_decline_in_the_admin_and_see_the_refusal_at_the_field(admin_client):
    s = open_solicitation(timezone.localdate())
    p = services.proposal_submit(solicitation=s, text="老旧小区消防设施改造")
    url = reverse("admin:livelihood_projectproposal_change", args=[p.pk])
    response = admin_client.post(url, {"decline_reason": "已列入区城市更新专项规划"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == "declined" and p.decline_reason == "已列入区城市更新专项规划"
    late = services.proposal_submit(solicitation=s, text="加装电梯补贴")
    type(s).objects.filter(pk=s.pk).update(approved_at=timezone.now())  # the list is approved meanwhile
    refused = admin_client.post(reverse("admin:livelihood_projectproposal_change", args=[late.pk]),
                                {"decline_reason": "不予采纳"})
    assert refused.status_code == 200 and "不能再修改" in refused.content.decode()
    assert ProjectProposal.objects.get(pk=late.pk).status == "received"

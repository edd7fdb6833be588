"""A project rated 不满意 goes into next year's supervision from its page: one item, linked both ways,
refused in Chinese for any other project, and a second click makes no second item."""

import pytest
from django.urls import reverse
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject
from supervision.models import Kind, Stage, SupervisionItem
from tests.conftest import client_for
from tests.supervision.helpers import committee, open_plan

from .helpers import add_candidates, closed_solicitation

pytestmark = pytest.mark.django_db


def _evaluated(staff_user, unit):
    s = closed_solicitation(timezone.localdate())
    for rank, c in enumerate(add_candidates(s, staff_user, unit, ["社区食堂", "加装电梯"]), start=1):
        ChosenProject.objects.create(candidate=c, rank=rank, approvals=100 - rank)
    s.result_taken_at = timezone.now()
    s.save()
    now = timezone.now()
    ChosenProject.objects.filter(rank=1).update(evaluation="satisfied", evaluated_at=now)
    ChosenProject.objects.filter(rank=2).update(evaluation="unsatisfied", carry_over=True, evaluated_at=now)
    return s, ChosenProject.objects.get(rank=1), ChosenProject.objects.get(rank=2)


def test_staff_carry_a_不满意_project_into_next_years_plan_from_its_page(client, staff_user, unit):
    s, _good, bad = _evaluated(staff_user, unit)
    plan = open_plan(year=s.year + 1)  # next year's plan, still being drawn up
    owner = committee()
    client_for(client, staff_user)
    url = reverse("livelihood:project", args=[bad.pk])
    page = client.get(url).content.decode()
    assert 'id="carry-over-form"' in page and "转入下年度监督" in page
    response = client.post(reverse("livelihood:carry_over", args=[bad.pk]), {"committee": owner.pk})
    assert response.status_code == 302
    bad.refresh_from_db()
    item = bad.supervision_item
    assert item.plan == plan and item.year == s.year + 1 and item.kind == Kind.WORK_REPORT
    assert item.stage == Stage.TOPIC and item.committee == owner and list(item.target_units.all()) == [unit]
    assert "加装电梯" in item.title and "不满意" in item.title
    assert AuditLog.objects.filter(action="carry_over", object_id=str(bad.pk)).count() == 1
    # Linked both ways: the project's page shows the item, the item's page its source project.
    page = client.get(url).content.decode()
    assert reverse("supervision:item", args=[item.pk]) in page and 'id="carry-over-form"' not in page
    item_page = client.get(reverse("supervision:item", args=[item.pk])).content.decode()
    assert url in item_page and "加装电梯" in item_page
    # A second click keeps the one item.
    response = client.post(reverse("livelihood:carry_over", args=[bad.pk]), {"committee": owner.pk}, follow=True)
    assert "已转入下年度监督" in response.content.decode()
    assert SupervisionItem.objects.count() == 1
    again, created = services.carry_over_to_supervision(project=bad, actor=staff_user, committee=owner)
    assert again == item and created is False and SupervisionItem.objects.count() == 1


def test_a_published_plan_takes_it_as_an_item_of_the_year_outside_the_plan(staff_user, unit):
    s, _good, bad = _evaluated(staff_user, unit)
    plan = open_plan(year=s.year + 1)
    plan.approved_on, plan.published_at = timezone.localdate(), timezone.now()
    plan.save()
    item, created = services.carry_over_to_supervision(project=bad, actor=staff_user, committee=committee())
    assert created and item.plan is None and item.year == s.year + 1


def test_a_project_not_rated_不满意_is_refused_in_chinese(client, staff_user, unit):
    _s, good, _bad = _evaluated(staff_user, unit)
    client_for(client, staff_user)
    assert 'id="carry-over-form"' not in client.get(reverse("livelihood:project", args=[good.pk])).content.decode()
    response = client.post(reverse("livelihood:carry_over", args=[good.pk]), {"committee": committee().pk},
                           follow=True)
    assert "只有年终测评为“不满意”的项目" in response.content.decode()
    assert not SupervisionItem.objects.exists()
    good.refresh_from_db()
    assert good.supervision_item is None


def test_the_committee_is_required_on_its_field(client, staff_user, unit):
    _s, _good, bad = _evaluated(staff_user, unit)
    client_for(client, staff_user)
    response = client.post(reverse("livelihood:carry_over", args=[bad.pk]), {})
    assert response.status_code == 400 and "请选择牵头委员会" in response.content.decode()
    assert not SupervisionItem.objects.exists()


@pytest.mark.parametrize("role", ["leader", "unit_officer", "deputy"])
def test_only_staff_carry_over(client, cast, unit, role):
    _s, _good, bad = _evaluated(cast["staff"], unit)
    client_for(client, cast[role])
    assert 'id="carry-over-form"' not in client.get(reverse("livelihood:project", args=[bad.pk])).content.decode()
    assert client.post(reverse("livelihood:carry_over", args=[bad.pk]), {"committee": committee().pk}
                       ).status_code == 403
    with pytest.raises(services.LivelihoodError):
        services.carry_over_to_supervision(project=bad, actor=cast[role], committee=committee())
    assert not SupervisionItem.objects.exists()

"""Pinned query counts: the list, the item page and the public plan do not grow with the data."""

import pytest
from django.urls import reverse

from supervision.models import Appraisal, Finding, InspectionGroup, Visit
from tests import factories
from tests.conftest import client_for

from .helpers import committee, item, meeting, published_plan

pytestmark = pytest.mark.django_db

# session, user; then the page's own queries (the header's bell and the nav count cold, see conftest).
LIST_QUERIES = 7
# The staff's item page: 14, and 3 for the form of its target bodies and meeting (an opinion issued?, the
# bodies, the meetings to come), whatever the number of bodies offered.
DETAIL_QUERIES = 17
PLAN_QUERIES = 3


def _many(staff, units, n):
    owner = committee()
    m = meeting()
    for i in range(n):
        it = item(staff, units=units, title=f"监督事项{i}", owner=owner, meeting_=m if i % 2 else None)
        InspectionGroup.objects.create(item=it, name="第一检查组", leader_name="张三", members="李四\n王五")
        Visit.objects.create(item=it, date=m.date, place="积玉桥街")
        Finding.objects.create(item=it, text="执法力量不足")
        Appraisal.objects.create(item=it, subject="official", official_name="赵六", official_post="局长")


@pytest.mark.parametrize("n", [1, 12])
def test_the_list_has_a_fixed_number_of_queries(client, staff_user, unit, other_unit, django_assert_num_queries, n):
    _many(staff_user, [unit, other_unit], n)
    client_for(client, staff_user)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("supervision:items"), {"year": 2027}).status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_the_item_page_has_a_fixed_number_of_queries(client, staff_user, unit, other_unit,
                                                     django_assert_num_queries, n):
    _many(staff_user, [unit, other_unit], n)
    it = item(staff_user, units=[unit, other_unit], meeting_=meeting(number=31))
    for i in range(n):
        InspectionGroup.objects.create(item=it, name=f"检查组{i}", leader_name="张三", members="李四")
    for i in range(n * 40):  # the bodies offered by the form
        factories.HandlingUnitFactory(name=f"区第{i}办事处")
    client_for(client, staff_user)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(reverse("supervision:item", args=[it.pk])).status_code == 200


@pytest.mark.parametrize("n", [1, 12])
def test_the_public_plan_has_a_fixed_number_of_queries(client, staff_user, unit, other_unit,
                                                       django_assert_num_queries, n):
    plan = published_plan(staff_user, units=[unit])
    owner = committee(name="教育科学文化卫生工作委员会", short="教科文卫工委", order=2)
    from supervision.models import SupervisionItem

    for i in range(n):
        extra = SupervisionItem.objects.create(year=plan.year, plan=plan, kind="research", title=f"调研{i}",
                                               committee=owner)
        extra.target_units.set([unit, other_unit])
    with django_assert_num_queries(PLAN_QUERIES):
        assert client.get(reverse("supervision:plan", args=[plan.year])).status_code == 200

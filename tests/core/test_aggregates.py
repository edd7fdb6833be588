"""`IntCount` counts as `Count` does, with no conversion step (core/aggregates.py)."""

import pytest
from django.db import connection
from django.db.models import Count, Q

from congress_portal.core.aggregates import IntCount
from congress_portal.organization.models import HandlingUnit

pytestmark = pytest.mark.django_db


def test_the_same_counts_as_count_and_no_converter():
    HandlingUnit.objects.bulk_create(HandlingUnit(code=f"U{i}", name=f"单位{i}", kind=["government", "court"][i % 2],
                                                  is_active=i % 3 > 0) for i in range(7))
    grouped = HandlingUnit.objects.order_by("kind").values("kind")
    plain = list(grouped.annotate(n=Count("id"), active=Count("id", filter=Q(is_active=True))).values_list("kind", "n", "active"))
    kept = list(grouped.annotate(n=IntCount("id"), active=IntCount("id", filter=Q(is_active=True))).values_list("kind", "n", "active"))
    assert kept == plain and all(type(v) is int for row in kept for v in row[1:])
    assert HandlingUnit.objects.aggregate(n=IntCount("id"))["n"] == 7
    assert IntCount("id").get_db_converters(connection) == []
    assert Count("id").get_db_converters(connection) != []

"""`CountedPaginator` (core/paging.py) pages with the count it is given, without counting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_portal.core.paging import CountedPaginator
from congress_portal.organization.models import HandlingUnit

pytestmark = pytest.mark.django_db


def test_the_counted_paginator_does_not_count():
    HandlingUnit.objects.bulk_create(HandlingUnit(code=f"U{i:03}", name=f"单位{i}") for i in range(25))
    paginator = CountedPaginator(HandlingUnit.objects.order_by("code").values_list("code", flat=True), 10, count=25)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(3)
        assert paginator.num_pages == 3 and page.has_previous() and not page.has_next()
    assert not queries
    assert list(page.object_list) == ["U020", "U021", "U022", "U023", "U024"]

"""`counted_page` (core/paging.py) answers as `Paginator.get_page` over the primary keys, whatever page is
asked for, with one query when the page exists."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_portal.core.paging import CountedPaginator, counted_page
from congress_portal.organization.models import HandlingUnit

pytestmark = pytest.mark.django_db


def _units(n):
    HandlingUnit.objects.bulk_create(HandlingUnit(code=f"U{i:03}", name=f"单位{i}") for i in range(n))
    return HandlingUnit.objects.order_by("code")


@pytest.mark.parametrize("n", [0, 1, 5, 12])
@pytest.mark.parametrize("number", [None, "", "abc", "1", 1, 2, "3", 4, 99, 0, -1, "2.5"])
def test_the_same_page_as_the_paginator(n, number):
    units = _units(n)
    expected = Paginator(units.values_list("pk", flat=True), 5).get_page(number)
    page = counted_page(units, 5, number)
    assert list(page.object_list) == list(expected.object_list)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number, expected.paginator.count, expected.paginator.num_pages)
    assert (page.has_next(), page.has_previous(), page.start_index(), page.end_index()) == (
        expected.has_next(), expected.has_previous(), expected.start_index(), expected.end_index())


def test_an_existing_page_is_one_query():
    units = _units(12)
    with CaptureQueriesContext(connection) as queries:
        page = counted_page(units, 5, 2)
    assert len(queries) == 1 and page.paginator.count == 12 and len(page.object_list) == 5


def test_the_counted_paginator_does_not_count():
    paginator = CountedPaginator(HandlingUnit.objects.all(), 10, count=25)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.num_pages == 3
    assert not queries

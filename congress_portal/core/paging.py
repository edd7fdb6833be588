"""Paging helpers for lists whose count costs as much as the list itself.

Django's Paginator counts the matches, then reads the page: two passes over the same rows. When the
matches cannot be walked in order and stopped early (a text search, whose matches are sorted only once
all are found), both passes read every match. `counted_page` reads the page and the number of matches
in one pass, with a window count; it answers as `Paginator.get_page` would.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """A paginator given its count, already known or found more cheaply than the list could count."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def _requested(number):
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1  # as Paginator.get_page: not a number is the first page


def counted_page(queryset, per_page, number):
    """The page `number` of the ordered `queryset`'s primary keys, and their count, in one query.

    Returns a Page whose object_list is the page's primary keys (as `values_list("pk", flat=True)`
    paged by Paginator.get_page would be): a number that is not one gives the first page, one past the
    end (or below 1) the last. Only a page past the end costs a count and a second read.
    """
    number = _requested(number)
    counted = queryset.annotate(_portal_total=Window(Count("pk"))).values_list("pk", "_portal_total")

    def read(n):
        start = (n - 1) * per_page
        return list(counted[start:start + per_page])

    rows = read(number) if number >= 1 else []
    if rows:
        count = rows[0][1]
    else:
        count = queryset.count()
        last = max(1, -(-count // per_page))
        number = last
        rows = read(last) if count else []
    paginator = CountedPaginator([], per_page, count)
    return Page([pk for pk, _ in rows], number, paginator)

"""Reads of appointments: what the public announcement shows (name, post, organ, kind: never personal
data), and the decided appointments and removals with their counts per year, for staff and leaders."""

import datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .models import Kind, Nominee, State

PUBLIC_FIELDS = ["pk", "person_name", "post", "organ", "kind", "decided_on", "motion__meeting_id", "motion__meeting__number",
                 "motion__meeting__term__name"]


def year_range(year, field="decided_on"):
    """A year as a date range (an index on the date serves it; EXTRACT(year) would not)."""
    return {f"{field}__gte": datetime.date(year, 1, 1), f"{field}__lt": datetime.date(year + 1, 1, 1)}


def announced(*, meeting=None, year=None):
    """The appointments and removals the committee passed, newest first, with public fields only; of one
    meeting, or of one year, when asked."""
    queryset = Nominee.objects.filter(state=State.PASSED)
    if meeting is not None:
        queryset = queryset.filter(motion__meeting=meeting)
    if year:
        queryset = queryset.filter(**year_range(year))
    return (queryset
            .order_by("-decided_on", "motion_id", "id")
            .values(*PUBLIC_FIELDS))


def decided(*, organ="", kind="", year=None, term=None, name=""):
    """The decisions (passed nominations); with `name`, one person's history of posts."""
    queryset = Nominee.objects.filter(state=State.PASSED).select_related("motion__meeting__term")
    if term is not None:
        queryset = queryset.filter(motion__meeting__term=term)
    if name:
        queryset = queryset.filter(person_name=name)
    if organ:
        queryset = queryset.filter(organ=organ)
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(**year_range(year))
    return queryset.order_by("-decided_on", "motion_id", "id")


def counts_per_year(queryset):
    """[(year, {kind: n}, total)] newest year first, from one grouped query."""
    rows = (queryset.order_by().annotate(year=ExtractYear("decided_on")).values("year", "kind")
            .annotate(n=Count("id")))
    years = {}
    for row in rows:
        years.setdefault(row["year"], {k: 0 for k in Kind.values})[row["kind"]] = row["n"]
    return [(year, [by_kind[k] for k in Kind.values], sum(by_kind.values()))
            for year, by_kind in sorted(years.items(), reverse=True)]

"""Reads of the livelihood projects, each a fixed number of queries."""

import time

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from deputies.models import canonical_tracking_code

from .models import ChosenProject, ProgressReport, ProjectProposal, Solicitation


def open_solicitation(today=None):
    """The solicitation open today, or None."""
    today = today or timezone.localdate()
    return Solicitation.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-year").first()


def public_years():
    """The years whose chosen projects are public, newest first."""
    return list(Solicitation.objects.filter(result_taken_at__isnull=False).values_list("year", flat=True))


def progress_of_year(year):
    """The year's chosen projects with their unit and their latest report (text, progress, time): one query."""
    latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-reported_at", "-id")
    return list(ChosenProject.objects.filter(candidate__solicitation__year=year)
                .select_related("candidate__unit")
                .annotate(latest_text=Subquery(latest.values("text")[:1]),
                          latest_at=Subquery(latest.values("reported_at")[:1]),
                          latest_period=Subquery(latest.values("period")[:1]))
                .order_by("rank"))


def proposal_by_code(code):
    """The proposal a typed tracking code names (case, spaces, dashes ignored), with what became of it."""
    canonical = canonical_tracking_code(code)
    if canonical is None:
        return None
    return (ProjectProposal.objects.filter(tracking_code=canonical).select_related("solicitation")
            .prefetch_related("candidates__chosen").first())


def projects_of_unit(user):
    """The unfinished chosen projects a unit officer reports on, newest year first."""
    return list(ChosenProject.objects.filter(candidate__unit_id=user.unit_id, progress__lt=100)
                .select_related("candidate__solicitation").order_by("-candidate__solicitation__year", "rank"))


def public_solicitation(year):
    """The year whose result is public, or None."""
    return Solicitation.objects.filter(year=year, result_taken_at__isnull=False).first()


def public_project(pk):
    """A chosen project of a public year with its milestones, reports, inspections (with the deputies) and
    photos: five queries."""
    from django.db.models import Prefetch

    from .models import Inspection

    return (ChosenProject.objects.filter(pk=pk, candidate__solicitation__result_taken_at__isnull=False)
            .select_related("candidate__unit", "candidate__solicitation")
            .prefetch_related("milestones", "reports", "photos",
                              Prefetch("inspections", queryset=Inspection.objects.prefetch_related("deputies")))
            .first())


VERSION_KEY = "livelihood:data-version"
# The result announcement (page and PDF) shows only the vote and the year's record: a progress report, a
# milestone or an evaluation leaves it kept; taking the result or editing the year drops both stamps.
RESULT_VERSION_KEY = "livelihood:result-version"


def data_version(key=VERSION_KEY):
    """A stamp of the projects' public data (or, with RESULT_VERSION_KEY, of the vote's result), kept in the
    shared cache: the public pages keep their rendered parts under it, and every write that changes what they
    show drops it (`data_changed`, `result_changed`). None when the cache cannot be reached (the pages are
    then rendered each time)."""
    from django.core.cache import cache

    try:
        return cache.get_or_set(key, time.time_ns, None)
    except Exception:  # noqa: BLE001 - a cache outage never fails a public page
        return None


def data_changed():
    """Called (now and on commit) by the services that change the progress and project pages: the next read
    starts a new stamp."""
    _drop(VERSION_KEY)


def result_changed():
    """Called when the vote's result or the year's record changes: every kept page goes, the announcement too."""
    _drop(VERSION_KEY, RESULT_VERSION_KEY)


def _drop(*keys):
    from django.core.cache import cache

    try:
        cache.delete_many(keys)
    except Exception:  # noqa: BLE001
        pass

"""Keeps this year's and last year's dashboard sections warm: computing them all cold takes several
hundred milliseconds at district scale (50,000 suggestions), longer than a leader should wait."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from congress_portal.core.schedule import PeriodicJob

from . import sections

log = logging.getLogger(__name__)

# Within the sections' CACHE_SECONDS (5 minutes): a refreshed entry replaces one before it expires.
PERIODIC_JOBS = [
    PeriodicJob("dashboard: refresh the year's sections", "dashboard.refresh_sections",
                "Recomputes this year's and last year's dashboard sections before they expire.", every_minutes=4),
]


@shared_task(name="dashboard.refresh_sections")
def refresh_sections():
    """Recompute and store every section of this year and last year, in each language; returns how many
    were stored. A failing section or an absent cache is logged and skipped (the page computes it)."""
    from .views import CACHE_SECONDS, cache_key, compute_section

    year = timezone.localdate().year
    stored = 0
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for provider in sections.providers():
                for shown in (year, year - 1):
                    try:
                        cache.set(cache_key(provider.code, shown), compute_section(provider, shown), CACHE_SECONDS)
                        stored += 1
                    except Exception:  # noqa: BLE001 - the page computes what is missing
                        log.warning("dashboard: could not refresh %s %s", provider.code, shown, exc_info=True)
    return stored

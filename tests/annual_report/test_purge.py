"""Retention of rendered reports: each year keeps its newest done render (and any under way); older done
renders and failed ones older than EXPORT_KEEP_DAYS are deleted by the nightly purge."""

import datetime

import pytest
from django.utils import timezone

from congress_portal.annual_report import services
from congress_portal.annual_report.models import RenderState, ReportRender
from congress_portal.annual_report.tasks import purge_annual_renders

pytestmark = pytest.mark.django_db


def _render(year, state, *, minutes_ago, now, finished_days_ago=None):
    render = ReportRender.objects.create(year=year, fingerprint=f"{year}-{state}-{minutes_ago}", state=state,
                                         pdf=b"%PDF" if state == RenderState.DONE else None)
    finished = None if finished_days_ago is None else now - datetime.timedelta(days=finished_days_ago)
    ReportRender.objects.filter(pk=render.pk).update(
        created_at=now - datetime.timedelta(minutes=minutes_ago), finished_at=finished)
    return render.pk


def test_each_year_keeps_its_newest_done_render_and_those_under_way(settings, django_assert_num_queries):
    settings.EXPORT_KEEP_DAYS = 7
    now = timezone.now()
    day = 24 * 60
    newest_2026 = _render(2026, RenderState.DONE, minutes_ago=5, now=now, finished_days_ago=0)
    older_2026 = _render(2026, RenderState.DONE, minutes_ago=60, now=now, finished_days_ago=0)
    oldest_2026 = _render(2026, RenderState.DONE, minutes_ago=30 * day, now=now, finished_days_ago=30)
    only_2025 = _render(2025, RenderState.DONE, minutes_ago=300 * day, now=now, finished_days_ago=300)
    queued = _render(2026, RenderState.QUEUED, minutes_ago=40 * day, now=now)
    running = _render(2026, RenderState.RUNNING, minutes_ago=1, now=now)
    old_failed = _render(2026, RenderState.FAILED, minutes_ago=9 * day, now=now, finished_days_ago=8)
    failed_at_limit = _render(2026, RenderState.FAILED, minutes_ago=9 * day, now=now, finished_days_ago=7)
    recent_failed = _render(2024, RenderState.FAILED, minutes_ago=2 * day, now=now, finished_days_ago=2)
    # the done renders read once (ids and years only), then one DELETE
    with django_assert_num_queries(2):
        assert services.renders_purge(now=now) == 3
    assert set(ReportRender.objects.values_list("pk", flat=True)) == {
        newest_2026, only_2025, queued, running, failed_at_limit, recent_failed}
    assert not ReportRender.objects.filter(pk__in=[older_2026, oldest_2026, old_failed]).exists()
    assert services.renders_purge(now=now) == 0


def test_two_done_renders_made_the_same_minute_keep_the_later_one(settings):
    now = timezone.now()
    first = _render(2026, RenderState.DONE, minutes_ago=1, now=now)
    second = _render(2026, RenderState.DONE, minutes_ago=1, now=now)
    assert purge_annual_renders() == 1
    assert list(ReportRender.objects.values_list("pk", flat=True)) == [second] and first < second


def test_keep_days_zero_keeps_failed_renders_but_still_only_the_newest_done(settings):
    settings.EXPORT_KEEP_DAYS = 0
    now = timezone.now()
    kept = _render(2026, RenderState.DONE, minutes_ago=1, now=now, finished_days_ago=0)
    _render(2026, RenderState.DONE, minutes_ago=90, now=now, finished_days_ago=0)
    failed = _render(2026, RenderState.FAILED, minutes_ago=500 * 24 * 60, now=now, finished_days_ago=500)
    assert services.renders_purge(now=now) == 1
    assert set(ReportRender.objects.values_list("pk", flat=True)) == {kept, failed}

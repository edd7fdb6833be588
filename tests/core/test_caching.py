"""Figures kept in the shared cache (core/caching.py) are computed afresh when the cache is away: the
pages that keep them still work, with the right figures, and the failure is logged."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from congress_portal.core import workdays
from congress_portal.core.caching import kept
from congress_portal.core.models import CalendarDay
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "set", "delete", "get_or_set", "incr", "delete_many", "has_key"):
        monkeypatch.setattr(cache, name, down)


def test_kept_keeps_then_serves_the_kept_value():
    calls = []
    assert kept("test:kept", 60, lambda: calls.append(1) or 42) == 42
    assert kept("test:kept", 60, lambda: calls.append(1) or 43) == 42
    assert calls == [1]


def test_kept_computes_each_time_without_the_cache(cache_down, caplog):
    assert kept("test:kept", 60, lambda: 42, what="the answer") == 42
    assert "computing the answer" in caplog.text


def test_the_working_day_calendar_is_read_and_edited_without_the_cache(cache_down):
    holiday = datetime.date(2026, 10, 1)  # a Thursday
    CalendarDay.objects.update_or_create(date=holiday, defaults={"kind": CalendarDay.Kind.HOLIDAY})
    workdays.clear_cache()  # what an edit in the admin does: logged, not raised
    assert not workdays.is_working_day(holiday)
    assert workdays.is_working_day(datetime.date(2026, 10, 9))  # a Friday


def test_the_pages_that_keep_figures_work_without_the_cache(client, cast, cache_down):
    c = client_for(client, cast["leader"])
    assert c.get("/dashboard/").status_code == 200
    assert c.get("/accounts/home/").status_code == 200
    c = client_for(client, cast["staff"])
    assert c.get(reverse("deputies:performance_table")).status_code == 200

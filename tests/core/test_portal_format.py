"""`{{ value|ymd }}`: the list date format, as Django's `date:"Y-m-d"` writes it."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone

VALUES = [
    datetime.date(2026, 1, 5),
    datetime.date(999, 12, 31),
    # 2026-11-23 17:30 UTC is already the 24th in Beijing (the portal's time zone)
    datetime.datetime(2026, 11, 23, 17, 30, tzinfo=datetime.timezone.utc),
    datetime.datetime(2026, 11, 23, 23, 59, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
]


@pytest.mark.parametrize("value", VALUES)
def test_as_the_date_filter(value):
    render = lambda text: engines["django"].from_string("{% load portal_format %}" + text).render({"v": value})
    assert render("{{ v|ymd }}") == render('{{ v|date:"Y-m-d" }}')


def test_the_local_day_and_nothing_for_none():
    render = lambda v: engines["django"].from_string("{% load portal_format %}{{ v|ymd }}").render({"v": v})
    assert render(VALUES[2]) == "2026-11-24"
    with timezone.override("UTC"):
        assert render(VALUES[2]) == "2026-11-23"
    assert render(None) == render("") == ""

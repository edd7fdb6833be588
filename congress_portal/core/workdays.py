"""Working days by the official Chinese calendar: weekends off, public holidays off, 调休 days on.

The exceptions are the CalendarDay rows, which staff edit in the admin when the State Council
publishes next year's notice.
"""

import datetime
import logging

from django.core.cache import cache

from .caching import kept

log = logging.getLogger(__name__)

CACHE_KEY = "core:calendar-days:v1"


def _exceptions():
    """{date: is_working_day} for every CalendarDay row; cached, cleared whenever a row changes (read
    from the database each time the cache cannot be reached)."""
    def read():
        from .models import CalendarDay

        return {day: kind == CalendarDay.Kind.WORKDAY for day, kind in CalendarDay.objects.values_list("date", "kind")}

    return kept(CACHE_KEY, 3600, read, what="the working-day calendar")


def clear_cache():
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # noqa: BLE001 - a calendar edit must not fail for the cache; the copy expires in an hour
        log.warning("cache unavailable: the kept working-day calendar was not cleared", exc_info=True)


def is_working_day(day: datetime.date, exceptions=None) -> bool:
    exceptions = _exceptions() if exceptions is None else exceptions
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after `start` (n may be negative; 0 returns `start` itself)."""
    exceptions = _exceptions()
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day, exceptions):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    exceptions = _exceptions()
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            count += 1
    return count

"""The official holiday arrangements loaded by the first data migration.

2026 follows the State Council notice on the 2026 holidays. 2027 is entered as provisional (the
statutory holidays on their expected dates, no make-up days): staff replace it with the notice.
"""

import datetime

HOLIDAYS_2026 = [
    ("元旦", "2026-01-01", "2026-01-03"),
    ("春节", "2026-02-15", "2026-02-23"),
    ("清明节", "2026-04-04", "2026-04-06"),
    ("劳动节", "2026-05-01", "2026-05-05"),
    ("端午节", "2026-06-19", "2026-06-21"),
    ("中秋节", "2026-09-25", "2026-09-27"),
    ("国庆节", "2026-10-01", "2026-10-07"),
]
MAKEUP_WORKDAYS_2026 = [
    ("元旦调休", "2026-01-04"),
    ("春节调休", "2026-02-14"),
    ("春节调休", "2026-02-28"),
    ("劳动节调休", "2026-05-09"),
    ("国庆节调休", "2026-09-20"),
    ("国庆节调休", "2026-10-10"),
]
HOLIDAYS_2027_PROVISIONAL = [
    ("元旦", "2027-01-01", "2027-01-03"),
    ("春节", "2027-02-05", "2027-02-11"),
    ("清明节", "2027-04-03", "2027-04-05"),
    ("劳动节", "2027-05-01", "2027-05-05"),
    ("端午节", "2027-06-09", "2027-06-09"),
    ("中秋节", "2027-09-15", "2027-09-15"),
    ("国庆节", "2027-10-01", "2027-10-07"),
]


def _days(first, last):
    day = datetime.date.fromisoformat(first)
    end = datetime.date.fromisoformat(last)
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def rows():
    """(date, kind, name, provisional) for every exception day."""
    for name, first, last in HOLIDAYS_2026:
        for day in _days(first, last):
            yield day, "holiday", name, False
    for name, day in MAKEUP_WORKDAYS_2026:
        yield datetime.date.fromisoformat(day), "workday", name, False
    for name, first, last in HOLIDAYS_2027_PROVISIONAL:
        for day in _days(first, last):
            yield day, "holiday", name, True

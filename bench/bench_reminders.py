"""Reminders: the sweep over 50,000 suggestions (thousands open). Times it and counts its queries.

    DATABASE_URL=postgres://... python bench/bench_reminders.py     # alone
    DATABASE_URL=postgres://... python bench/run.py reminders       # with the other benchmarks

Creates its suggestions with bench/reminders_data.py when the database has fewer than 50,000.
The first sweep (everything new) runs inside a transaction that is rolled back, so it can be
repeated; the steady-state sweep (nothing new: what beat does several times a day) is timed as is.
"""

import os
import statistics
import sys
import time
from pathlib import Path


class _Rollback(Exception):
    pass


def run(report):
    from django.db import transaction
    from django.utils import timezone

    from bench import reminders_data
    from bench.helpers import QueryCounter
    from congress_portal.notifications import services
    from congress_portal.notifications.models import Delivery
    from proposals.models import OPEN_HANDLING_STATES, Status, Suggestion

    from django.conf import settings

    # The sweep is measured, not the mail server: e-mail goes to memory.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    have, created = reminders_data.ensure()
    today = timezone.localdate()
    total = Suggestion.objects.count()
    open_count = Suggestion.objects.filter(status__in=[*OPEN_HANDLING_STATES, Status.REPLIED]).count()
    print(f"   {total} suggestions ({created} generated now), {open_count} with an open deadline", flush=True)

    with QueryCounter() as counted:
        collected = services.collect(today)
    due = {kind.code: len(reminders) for kind, reminders in collected}
    print(f"   reminders due today by kind: {due}; collect ran {counted.count} queries", flush=True)
    report.time_call("reminder sweep: collect (all kinds)", lambda: services.collect(today), runs=5)

    # The first sweep of a day, everything new: inside a transaction that hides the rows of earlier
    # runs (untimed) and is rolled back, so the benchmark can be repeated on the same database.
    timings, queries, result = [], 0, None
    for _ in range(3):
        try:
            with transaction.atomic():
                Delivery.objects.all().delete()
                with QueryCounter() as counted:
                    started = time.perf_counter()
                    result = services.sweep(today)
                    timings.append((time.perf_counter() - started) * 1000)
                queries = counted.count
                raise _Rollback
        except _Rollback:
            pass
    _record(report, "reminder sweep: first run, all new", timings, queries)
    print(f"   first run: {result}", flush=True)
    first = services.sweep(today)  # for real (a no-op when already run today): the steady state finds all sent
    print(f"   sweep for real: {first}", flush=True)
    report.time_call("reminder sweep: steady state (nothing new)", lambda: services.sweep(today), runs=5)


def _record(report, name, timings, queries):
    from bench.helpers import Row

    median = statistics.median(timings)
    print(f"   {name}: median {median:.0f} ms, max {max(timings):.0f} ms, {queries} queries", flush=True)
    report.rows.append(Row(name, len(timings), median, max(timings), max(timings), queries))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")
    import django

    django.setup()
    from bench.helpers import Report

    report = Report()
    run(report)
    print(report.table())

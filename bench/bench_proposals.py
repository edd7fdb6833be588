"""Benchmark of issue 3's read pages (dashboard, ledgers, public replies, letters) on the large demo.

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... python bench/bench_proposals.py

Each page is fetched through Django's test Client (in process, no network): a warm-up, then N timed
runs; median, p95 and the query count are printed. bench/run.py discovers `run(report)`; alone,
this file prints its own table. Targets: p95 < 50 ms and <= 15 queries per page; a letter < 1 s.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE_TARGET_MS, LETTER_TARGET_MS, MAX_QUERIES = 50, 1000, 15


def _setup():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")
    import django

    django.setup()


def time_url(client, url, runs=20):
    """(median ms, p95 ms, queries, status) of GET `url`, after one warm-up request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return statistics.median(timings), p95, query_count, response.status_code


def pages():
    """(name, user, url, runs, target ms) for every page of issue 3."""
    from django.utils import timezone

    from congress_portal.accounts.models import User
    from proposals.models import Assignment, Reply, Status, Suggestion

    year = timezone.localdate().year
    unit = User.objects.get(username="unit").unit
    published = Suggestion.objects.filter(published_at__isnull=False, reply_public=True).order_by("-published_at").first()
    replied = Reply.objects.filter(suggestion__status=Status.CLOSED).order_by("-id").first()
    assignment = Assignment.objects.filter(active=True, suggestion__status=Status.HANDLING).order_by("-id").first()
    return [
        ("dashboard (current term, this year)", "leader", "/dashboard/", 20, PAGE_TARGET_MS),
        ("dashboard (a past year)", "leader", f"/dashboard/?year={year - 3}", 20, PAGE_TARGET_MS),
        ("leader workbench (cards)", "leader", "/accounts/home/", 20, PAGE_TARGET_MS),
        ("suggestions ledger (year + unit)", "staff", f"/reports/suggestions/ledger.xlsx?year={year}&unit={unit.pk}",
         10, PAGE_TARGET_MS),
        ("commitments ledger (unit, overdue)", "staff", f"/reports/commitments/ledger.xlsx?unit={unit.pk}&overdue=on",
         10, PAGE_TARGET_MS),
        ("suggestions ledger (whole year, ~6,000 rows)", "staff", f"/reports/suggestions/ledger.xlsx?year={year}", 3,
         None),
        ("public replies list", None, "/public/replies/", 20, PAGE_TARGET_MS),
        ("public replies list, page 50", None, "/public/replies/?page=50", 20, PAGE_TARGET_MS),
        ("public replies search (停车)", None, "/public/replies/?q=停车", 20, PAGE_TARGET_MS),
        ("public replies by unit and year", None, f"/public/replies/?unit={unit.pk}&year={year - 1}", 20,
         PAGE_TARGET_MS),
        ("public reply detail", None, f"/public/replies/{published.pk}/", 20, PAGE_TARGET_MS),
        ("assignment notice PDF", "staff",
         f"/reports/suggestions/{assignment.suggestion_id}/assignment-notice.pdf?unit={assignment.unit_id}", 5,
         LETTER_TARGET_MS),
        ("reply letter PDF", "staff", f"/reports/suggestions/{replied.suggestion_id}/reply-letter.pdf", 5,
         LETTER_TARGET_MS),
    ]


def run(report):
    """Time every page; `report(row)` receives a dict per page."""
    _setup()
    from django.test import Client

    from congress_portal.accounts.models import User
    from proposals.models import Suggestion

    count = Suggestion.objects.count()
    clients = {}
    for name, username, url, runs, target in pages():
        if username not in clients:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            clients[username] = client
        median, p95, queries, status = time_url(clients[username], url, runs)
        ok = status == 200 and queries <= MAX_QUERIES and (target is None or p95 < target)
        report({"bench": "proposals", "page": name, "url": url, "median_ms": round(median, 1), "p95_ms": round(p95, 1),
                "queries": queries, "status": status, "target_ms": target, "ok": ok, "suggestions": count})


def main():
    rows = []
    run(rows.append)
    print(f"issue 3 pages, {rows[0]['suggestions']:,} suggestions in the database")
    print(f"{'page':48} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'target':>8}  ok")
    for row in rows:
        target = f"<{row['target_ms']}" if row["target_ms"] else "-"
        print(f"{row['page']:48} {row['median_ms']:>10} {row['p95_ms']:>8} {row['queries']:>8} {target:>8}  "
              f"{'yes' if row['ok'] else 'NO'}")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

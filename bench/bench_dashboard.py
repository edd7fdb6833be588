"""The one leaders' dashboard of the year (/dashboard/year/) on the large demo: every registered section.

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... REDIS_URL=... python bench/run.py dashboard

Targets (issue 17): p95 under 100 ms with the cache cold (every section computed: the cache keys
emptied untimed before each run), under 50 ms warm (the sections kept); the query count is fixed
(the session, the user and the bell, plus each section's own when cold).

Cold, the suggestions' section reads its years' kept figures (proposals/year_figures.py) when no
suggestion of those years has changed since they were counted; the third line measures the other
case, the one of a working day: a suggestion of this year written just before each run (as any
service writes it), so this year's figures are counted again each time.
"""

from django.utils import timezone

COLD_MS, WARM_MS = 100, 50


def run(report):
    from django.core.cache import cache

    from congress_portal.dashboard import sections, views
    from proposals.models import Suggestion

    year = timezone.localdate().year
    codes = [provider.code for provider in sections.providers()]
    print(f"   {Suggestion.objects.count():,} suggestions; sections: {', '.join(codes)}", flush=True)

    for label, shown in (("this year", year), ("last year", year - 1)):
        url = f"/dashboard/year/?year={shown}"

        def forget(shown=shown):
            for language in ("zh-hans", "en"):
                cache.delete_many([f"dashboard:year:v1:{code}:{shown}:{language}" for code in codes])
            cache.delete_many([views.cache_key(code, shown) for code in codes])

        report.time_url(f"year dashboard ({label}), cold", url, user="leader", runs=40, limit_ms=COLD_MS,
                        before_each=forget)
        report.time_url(f"year dashboard ({label}), warm", url, user="leader", runs=40, limit_ms=WARM_MS)

    touched = Suggestion.objects.filter(registered_at__year=year).values_list("pk", flat=True).first()

    def forget_and_touch():
        for language in ("zh-hans", "en"):
            cache.delete_many([f"dashboard:year:v1:{code}:{year}:{language}" for code in codes])
        cache.delete_many([views.cache_key(code, year) for code in codes])
        Suggestion.objects.filter(pk=touched).update(updated_at=timezone.now())

    report.time_url("year dashboard (this year), cold, a suggestion just changed", f"/dashboard/year/?year={year}",
                    user="leader", runs=40, limit_ms=COLD_MS, before_each=forget_and_touch)

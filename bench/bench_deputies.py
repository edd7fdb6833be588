"""Deputies: the performance table of all deputies (p95 < 100 ms, fixed queries), the yearly booklet (< 2 s),
the public deputy page and the station's QR sheet."""

from django.urls import reverse
from django.utils import timezone


def run(report):
    from deputies import printing, selectors
    from deputies.models import Deputy, LiaisonStation

    from django.core.cache import cache

    year = timezone.localdate().year
    serving = Deputy.objects.filter(status=Deputy.Status.SERVING).count()
    print(f"   {serving} serving deputies", flush=True)
    table = reverse("deputies:performance_table") + f"?year={year}"
    by_activities = table + "&sort=activity_total&desc=1"

    def forget():
        cache.delete(selectors.performance_cache_key(year))

    # The page keeps its figures five minutes: time both the first visit after that (figures counted,
    # the cache emptied untimed before each run) and the visits within it (the warm-up fills the cache).
    report.time_url(f"performance table ({serving} deputies), counted", table, user="staff", runs=40, limit_ms=100,
                    before_each=forget)
    report.time_url("performance table by activities, counted", by_activities, user="staff", runs=40, limit_ms=100,
                    before_each=forget)
    report.time_url(f"performance table ({serving} deputies), cached", table, user="staff", runs=40, limit_ms=100)
    report.time_url("performance table by activities, cached", by_activities, user="staff", runs=40, limit_ms=100)
    report.time_url("performance Excel export", reverse("deputies:performance_xlsx") + f"?year={year}",
                    user="staff", runs=5)
    deputy = Deputy.objects.get(user__username="deputy")
    report.time_url("deputy workbench", reverse("accounts:home"), user="deputy", runs=30)
    report.time_url("public deputy page", reverse("deputies:deputy_public", args=[deputy.public_code]), runs=30)

    def booklet():
        printing.booklet_pdf(selectors.performance_file(deputy, year), year)

    report.time_call("yearly booklet PDF (warm process)", booklet, runs=5, limit_ms=2000)
    station = LiaisonStation.objects.filter(deputies__isnull=False).first()
    report.time_url("station QR sheet PDF", reverse("deputies:station_qr_sheet", args=[station.pk]), user="staff",
                    runs=3)

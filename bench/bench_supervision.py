"""The supervision plan's pages on the large demo (ten years of items, `seed_demo --scale large`): the items'
list for staff, leaders and a target body (filters, search, a deep page), the item pages with the most to
show, the public plan and its PDF, the dashboard section. Target: p95 under 50 ms, at most 15 queries."""

from django.urls import reverse
from django.utils import timezone

PAGE_MS, PDF_MS, PAGE_QUERIES = 50, 1500, 15


def run(report):
    from supervision.models import Kind, SupervisionItem

    year = timezone.localdate().year
    items = reverse("supervision:items")
    inspection = SupervisionItem.objects.filter(year=year, kind=Kind.LAW_INSPECTION).first()
    appraisal = SupervisionItem.objects.filter(year=year, kind=Kind.APPRAISAL).first()
    filing = SupervisionItem.objects.filter(year=year, kind=Kind.FILING_REVIEW, filing__isnull=False).first()
    print(f"   {SupervisionItem.objects.count():,} supervision items in the database", flush=True)
    pages = [
        ("staff: items of the year", "staff", f"{items}?year={year}"),
        ("staff: all items, page 100", "staff", f"{items}?page=100"),
        ("staff: filing reviews of all years", "staff", f"{items}?kind=filing_review"),
        ("staff: search (规范性文件)", "staff", f"{items}?q=规范性文件"),
        ("staff: report overdue", "staff", f"{items}?overdue=on"),
        ("leader: items of the year by stage", "leader", f"{items}?year={year}&stage=organising"),
        ("unit: items addressed to it", "unit", items),
        ("staff: item (law inspection)", "staff", reverse("supervision:item", args=[inspection.pk])),
        ("staff: item (20 appraisals)", "staff", reverse("supervision:item", args=[appraisal.pk])),
        ("staff: item (filing review)", "staff", reverse("supervision:item", args=[filing.pk])),
        ("staff: plan and topics", "staff", reverse("supervision:plan_manage", args=[year + 1])),
        ("public: plan of the year", None, reverse("supervision:plan", args=[year])),
        ("public: plan of a past year", None, reverse("supervision:plan", args=[year - 5])),
        ("public: supervision index", None, reverse("supervision:index")),
    ]
    report.time_urls_in_turns(
        [{"name": f"supervision: {name}", "url": url, "user": user, "limit_ms": PAGE_MS, "max_queries": PAGE_QUERIES}
         for name, user, url in pages], runs=60, turns=12)
    report.time_url("supervision: plan PDF", reverse("supervision:plan_pdf", args=[year]), runs=5, warmup=1,
                    limit_ms=PDF_MS)
    report.time_url("supervision: items ledger (a year)", f"{items}?year={year - 2}&format=xlsx", user="staff",
                    runs=3, warmup=1)

    from congress_portal.dashboard import sections

    provider = next(p for p in sections.providers() if p.code == "supervision")
    report.time_call("supervision: dashboard section (uncached)", lambda: provider.build(year), runs=30,
                     limit_ms=PAGE_MS)

"""Issue 3's pages on the large demo: every list and detail page, the dashboard, ledgers, the public
replies and the two letters. Run through bench/run.py (`make bench` or `python bench/run.py proposals`):

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... python bench/run.py proposals

Targets (issue 3): every page's p95 under 50 ms with at most 15 queries; a letter PDF under 1 s.
Each page is fetched repeatedly by one logged-in user, as a person clicking through would: the header
bell's count is then served from its cache (NOTIFICATIONS_BELL_CACHE_SECONDS), as it is in use.
The Excel ledgers have no time target (openpyxl costs about 1 ms a row); their query count is fixed.
"""

from django.urls import reverse
from django.utils import timezone

PAGE_MS, LETTER_MS, PAGE_QUERIES = 50, 1000, 15


def run(report):
    from congress_portal.accounts.models import User
    from proposals.models import Assignment, Reply, Status, Suggestion

    year = timezone.localdate().year
    deputy = User.objects.get(username="deputy")
    unit = User.objects.get(username="unit").unit
    mine = Suggestion.objects.filter(lead_deputy_id=deputy.deputy_id).exclude(status=Status.DRAFT).order_by("-id").first()
    submitted = Suggestion.objects.filter(status=Status.SUBMITTED).order_by("-id").first()
    published = Suggestion.objects.filter(published_at__isnull=False, reply_public=True).order_by("-published_at").first()
    replied = Reply.objects.filter(suggestion__status=Status.CLOSED).order_by("-id").first()
    # A closed suggestion of the unit's with commitments: the detail page with the most to show.
    unit_closed = (Reply.objects.filter(suggestion__status=Status.CLOSED, assignment__unit=unit,
                                        commitments__isnull=False).order_by("-id").first())
    assignment = Assignment.objects.filter(active=True, suggestion__status=Status.HANDLING).order_by("-id").first()
    pages = [
        # The workflow pages, by role.
        ("deputy: my suggestions", "deputy", reverse("proposals:mine"), PAGE_MS),
        ("deputy: suggestion detail", "deputy", reverse("proposals:detail", args=[mine.pk]), PAGE_MS),
        ("unit: suggestion detail (closed)", "unit", reverse("proposals:detail", args=[unit_closed.suggestion_id]),
         PAGE_MS),
        ("unit: workbench (open)", "unit", reverse("proposals:unit_workbench"), PAGE_MS),
        ("unit: workbench (history, page 3)", "unit", reverse("proposals:unit_workbench") + "?tab=history&page=3",
         PAGE_MS),
        ("unit: workbench (commitments)", "unit", reverse("proposals:unit_workbench") + "?tab=commitments", PAGE_MS),
        ("staff: queues", "staff", reverse("proposals:staff_queues"), PAGE_MS),
        ("staff: admin list (to pre-review)", "staff",
         reverse("admin:proposals_suggestion_changelist") + "?status__exact=submitted", PAGE_MS),
        ("staff: admin record (submitted)", "staff",
         reverse("admin:proposals_suggestion_change", args=[submitted.pk]), PAGE_MS),
        ("staff: admin record (closed)", "staff", reverse("admin:proposals_suggestion_change", args=[replied.suggestion_id]),
         PAGE_MS),
        ("staff: admin pre-review page", "staff",
         reverse("admin:proposals_suggestion_move", args=[submitted.pk, "prereview"]), PAGE_MS),
        ("staff: admin search (停车)", "staff", reverse("admin:proposals_suggestion_changelist") + "?q=停车", PAGE_MS),
        ("staff: admin search (unit name)", "staff",
         reverse("admin:proposals_suggestion_changelist") + f"?q={unit.short_name or unit.name}", PAGE_MS),
        ("leader: key suggestions", "leader", reverse("proposals:key_list"), PAGE_MS),
        # Figures, documents, public pages.
        ("dashboard (this year)", "leader", "/dashboard/", PAGE_MS),
        ("dashboard (a past year)", "leader", f"/dashboard/?year={year - 3}", PAGE_MS),
        ("leader workbench (cards)", "leader", "/accounts/home/", PAGE_MS),
        ("unit workbench (cards)", "unit", "/accounts/home/", PAGE_MS),
        ("staff workbench (cards)", "staff", "/accounts/home/", PAGE_MS),
        ("public replies list", None, "/public/replies/", PAGE_MS),
        ("public replies list, page 50", None, "/public/replies/?page=50", PAGE_MS),
        ("public replies search (停车)", None, "/public/replies/?q=停车", PAGE_MS),
        ("public replies search (加装电梯)", None, "/public/replies/?q=加装电梯", PAGE_MS),
        ("public replies search (车)", None, "/public/replies/?q=车", PAGE_MS),
        ("public replies by unit and year", None, f"/public/replies/?unit={unit.pk}&year={year - 1}", PAGE_MS),
        ("public reply detail", None, f"/public/replies/{published.pk}/", PAGE_MS),
        ("assignment notice PDF", "staff",
         f"/reports/suggestions/{assignment.suggestion_id}/assignment-notice.pdf?unit={assignment.unit_id}", LETTER_MS),
        ("reply letter PDF", "staff", f"/reports/suggestions/{replied.suggestion_id}/reply-letter.pdf", LETTER_MS),
        ("suggestions ledger (year + unit)", "staff",
         f"/reports/suggestions/ledger.xlsx?year={year}&unit={unit.pk}", None),
        ("commitments ledger (unit, overdue)", "staff",
         f"/reports/commitments/ledger.xlsx?unit={unit.pk}&overdue=on", None),
    ]
    print(f"   {Suggestion.objects.count():,} suggestions in the database", flush=True)
    # 60 runs a page: with 30, the 95th percentile is the second slowest run, which one pause of the
    # machine decides. The pages are timed by turns (Report.time_urls_in_turns), five runs a page a turn.
    report.time_urls_in_turns(
        [{"name": f"proposals: {name}", "url": url, "user": user, "limit_ms": limit, "max_queries": PAGE_QUERIES}
         for name, user, url, limit in pages if limit == PAGE_MS], runs=60, turns=12)
    for name, user, url, limit in pages:
        if limit != PAGE_MS:  # the letters and ledgers: a few runs each
            report.time_url(f"proposals: {name}", url, user=user, runs=5, warmup=1, limit_ms=limit)

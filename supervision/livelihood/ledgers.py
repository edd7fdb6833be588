"""民生实事项目进展台账: one row per chosen project, with its latest report, through the shared ledger helpers."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congress_portal.reports.ledgers import CHUNK, ledger_heading, ledger_row, ledger_sheet, workbook_bytes

from .models import ProgressReport


def progress_ledger(queryset):
    workbook = Workbook(write_only=True)
    columns = [
        (_("Year"), 8), (_("Rank"), 6), (_("Project"), 36), (_("Responsible unit"), 24), (_("Approvals"), 8),
        (_("Budget (10,000 yuan)"), 12), (_("Budget spent (10,000 yuan)"), 12), (_("Progress (%)"), 10),
        (_("Milestones reached"), 10), (_("Expected completion"), 12), (_("Next report due"), 12),
        (_("Latest report"), 12), (_("Latest report text"), 48), (_("Inspections by deputies"), 10),
        (_("Evaluation"), 12), (_("Carried into next year"), 10),
    ]
    title = _("Livelihood projects progress ledger")
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    latest = ProgressReport.objects.filter(project=OuterRef("pk")).order_by("-reported_at", "-id")
    rows = (queryset.select_related("candidate__solicitation", "candidate__unit")
            .annotate(latest_text=Subquery(latest.values("text")[:1]),
                      latest_at=Subquery(latest.values("reported_at")[:1]),
                      n_milestones=Count("milestones", distinct=True),
                      n_reached=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
                      n_inspections=Count("inspections", distinct=True))
            .order_by("-candidate__solicitation__year", "rank"))
    yes = _("Yes")
    for p in rows.iterator(chunk_size=CHUNK):
        c = p.candidate
        ledger_row(ws, [
            c.solicitation.year, p.rank, c.title, c.unit.name, p.approvals, float(c.budget), float(p.budget_spent),
            p.progress, f"{p.n_reached}/{p.n_milestones}", c.expected_completion, p.next_report_due,
            timezone.localtime(p.latest_at) if p.latest_at else None, p.latest_text or "", p.n_inspections,
            p.get_evaluation_display() if p.evaluation else "", yes if p.carry_over else "",
        ], wrap=(2, 12))
    return workbook


def ledger_response(queryset):
    from django.http import HttpResponse
    from urllib.parse import quote

    data = workbook_bytes(progress_ledger(queryset))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = _("Livelihood projects progress ledger %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response

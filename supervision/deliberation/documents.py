"""The deliberation opinion (审议意见书) as a PDF in the official letter layout, and the rectifications ledger."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from congress_portal.organization.names import congress_name, full_unit_name
from congress_portal.reports.ledgers import CHUNK, ledger_heading, ledger_row, ledger_sheet
from congress_portal.reports.pdf import render_pdf

from .models import Issue, Opinion


def opinion_context(opinion):
    """Everything the letter prints: the opinion, its paragraphs, its issue list grouped by target body."""
    opinion = (Opinion.objects.select_related("item__committee").get(pk=opinion.pk))
    issues = list(Issue.objects.filter(opinion=opinion).select_related("unit", "rectification")
                  .order_by("order", "id"))
    bodies = []
    for issue in issues:
        name = full_unit_name(issue.unit.name)
        if name not in bodies:
            bodies.append(name)
    return {"opinion": opinion, "issuer": congress_name(), "paragraphs": [p.strip() for p in opinion.text.splitlines()
                                                                          if p.strip()],
            "issues": issues, "bodies": bodies, "committee": opinion.item.committee.name}


def opinion_pdf(opinion):
    """PDF bytes; always in Chinese, whatever the reader's language (an official document)."""
    with translation.override("zh-hans"):
        return render_pdf("deliberation/pdf/opinion.html", opinion_context(opinion))


def opinion_filename(opinion):
    with translation.override("zh-hans"):
        label = _("deliberation opinion")
    return f"{opinion.number or opinion.pk}-{label}.pdf"


def rectifications_ledger(queryset):
    """整改台账: one row per rectification of `queryset` (already filtered as the list is)."""
    workbook = Workbook(write_only=True)
    columns = [(_("Year"), 8), (_("Supervision item"), 30), (_("Deliberation opinion"), 30), (_("Issue"), 48),
               (_("Target body"), 24), (_("Round"), 6), (_("State"), 14), (_("Rectification due"), 12),
               (_("Overdue"), 8), (_("Rectification measures"), 40), (_("Accepted on"), 12), (_("Closed on"), 12)]
    title = str(_("Rectifications ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    today = timezone.localdate()
    yes = _("Yes")
    rows = (queryset.select_related("issue__opinion__item", "unit").order_by("due_date", "id"))
    for r in rows.iterator(chunk_size=CHUNK):
        item = r.issue.opinion.item
        ledger_row(ws, [
            item.year, item.title, r.issue.opinion.title, r.issue.text, r.unit.name, r.round, r.get_state_display(),
            r.due_date, yes if r.is_overdue(today) else "", r.measures, r.accepted_at, r.closed_at,
        ], wrap=(1, 2, 3, 9))
    return workbook

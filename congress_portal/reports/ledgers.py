"""Excel ledgers (台账): suggestions and commitments, built row by row from a queryset.

The workbooks are write-only (rows go straight to the file, not kept in memory) and read the
database in chunks: a fixed number of queries per 2,000 rows, never one per row.
"""

import datetime
import tempfile

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from proposals.models import Assignment, CommitmentProgress

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(name="Noto Sans CJK SC", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A61B1B")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "yyyy-mm-dd"
WRAP = Alignment(vertical="top", wrap_text=True)


def ledger_sheet(workbook, title, columns):
    """A write-only sheet with a styled, frozen header; `columns` is [(header, width)]."""
    ws = workbook.create_sheet(title)
    for index, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for text, _width in columns:
        cell = WriteOnlyCell(ws, value=str(text))
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BORDER
        header.append(cell)
    ws.append(header)
    return ws


def ledger_row(ws, values, wrap=()):
    """One data row: plain values, except dates (a date format) and long texts (wrapped).

    Styling every cell costs ~0.1 ms each in openpyxl; the ledger styles only what the reader needs."""
    cells = []
    for index, value in enumerate(values):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATE_FORMAT
            value = cell
        elif index in wrap or (isinstance(value, str) and value[:1] in FORMULA_STARTS):
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                # Text from deputies and units is never a formula (=HYPERLINK(...) stays text).
                cell.data_type = "s"
            if index in wrap:
                cell.alignment = WRAP
            value = cell
        cells.append(value)
    ws.append(cells)


def _local_date(value):
    return timezone.localdate(value) if value else None


def suggestions_ledger(queryset):
    """建议办理台账: one row per suggestion of `queryset`."""
    workbook = Workbook(write_only=True)
    columns = [
        (_("Number"), 16), (_("Title"), 48), (_("Category"), 14), (_("Lead deputy"), 10), (_("Made during"), 10),
        (_("Status"), 14), (_("Lead unit"), 24), (_("Co-handling units"), 30), (_("Assigned on"), 12),
        (_("Reply due"), 12), (_("Replied"), 12), (_("On time"), 8), (_("Result class"), 26),
        (_("Rating"), 12), (_("Key supervision"), 8), (_("Published"), 12),
    ]
    ws = ledger_sheet(workbook, str(_("Suggestions ledger")), columns)
    active = Assignment.objects.filter(active=True).select_related("unit").order_by("role", "id")
    rows = (queryset.select_related("lead_deputy")
            .prefetch_related(Prefetch("assignments", queryset=active, to_attr="active_assignments"))
            .order_by("number", "id"))
    yes, no = _("Yes"), _("No")
    for s in rows.iterator(chunk_size=CHUNK):
        lead = [a.unit.name for a in s.active_assignments if a.role in (Assignment.Role.LEAD, Assignment.Role.SEPARATE)]
        co = [a.unit.name for a in s.active_assignments if a.role == Assignment.Role.CO]
        replied = _local_date(s.replied_at)
        on_time = ""
        if replied and s.reply_due:
            on_time = yes if replied <= s.reply_due else no
        ledger_row(ws, [
            s.number or "", s.title, s.get_category_display(), s.lead_deputy.name, s.get_period_display(),
            s.get_status_display(), "、".join(lead), "、".join(co), _local_date(s.assigned_at), s.reply_due,
            replied, on_time, s.get_final_result_class_display() if s.final_result_class else "",
            s.get_final_rating_display() if s.final_rating else "", yes if s.is_key else "",
            _local_date(s.published_at),
        ], wrap=(1, 7))
    return workbook


def commitments_ledger(queryset):
    """承诺事项台账: one row per commitment of `queryset`, with its state today and the latest progress."""
    workbook = Workbook(write_only=True)
    columns = [
        (_("Number"), 16), (_("Title"), 36), (_("Unit"), 24), (_("What"), 48), (_("By when"), 12),
        (_("Who"), 14), (_("State"), 10), (_("Fulfilled"), 12), (_("Reply date"), 12), (_("Latest progress"), 40),
    ]
    ws = ledger_sheet(workbook, str(_("Commitments ledger")), columns)
    latest = CommitmentProgress.objects.filter(commitment=OuterRef("pk")).order_by("-reported_at", "-id")
    rows = (queryset.select_related("suggestion", "unit", "reply")
            .annotate(latest_progress=Subquery(latest.values("note")[:1]))
            .order_by("due_date", "id"))
    today = timezone.localdate()
    for c in rows.iterator(chunk_size=CHUNK):
        ledger_row(ws, [
            c.suggestion.number or "", c.suggestion.title, c.unit.name, c.content, c.due_date, c.responsible,
            commitment_state_label(c, today), _local_date(c.fulfilled_at), c.reply.reply_date,
            c.latest_progress or "",
        ], wrap=(1, 3, 9))
    return workbook


def commitment_state_label(commitment, today):
    if commitment.fulfilled_at:
        return _("Fulfilled")
    if commitment.due_date < today:
        return _("Overdue")
    return _("Not yet due")


def workbook_bytes(workbook):
    """Save a (write-only) workbook through a spooled temporary file and return its bytes."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()

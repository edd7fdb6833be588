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

from proposals.models import Assignment, CommitmentProgress, Status

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(name="Noto Sans CJK SC", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A61B1B")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "yyyy-mm-dd"
WRAP = Alignment(vertical="top", wrap_text=True)
TITLE_FONT = Font(name="Noto Sans CJK SC", bold=True, size=16)
TITLE_ALIGN = Alignment(horizontal="center", vertical="center")


def ledger_sheet(workbook, title, columns, *, heading=None, numbered=False):
    """A write-only sheet with a styled, frozen header; `columns` is [(header, width)].

    `heading`: a title row above the header, across every column. `numbered`: a 序号 column first,
    filled by `ledger_row`. Every ledger prints the same way (print_setup): landscape A4, as wide as
    the page, the header row repeated on each page; the header carries Excel's filter buttons."""
    ws = workbook.create_sheet(title)
    if numbered:
        columns = [(_("No."), 6), *columns]
    ws.ledger_numbered = numbered
    ws.ledger_rows = 0
    ws.ledger_last_column = get_column_letter(len(columns))
    ws.ledger_header_row = 2 if heading else 1
    for index, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    print_setup(ws, header_row=ws.ledger_header_row)
    if heading:
        ws.row_dimensions[1].height = 30
        cell = WriteOnlyCell(ws, value=str(heading))
        cell.font, cell.alignment = TITLE_FONT, TITLE_ALIGN
        ws.append([cell])
        ws.merged_cells.add(f"A1:{ws.ledger_last_column}1")
    header = []
    for text, _width in columns:
        cell = WriteOnlyCell(ws, value=str(text))
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, BORDER
        header.append(cell)
    ws.append(header)
    ws.auto_filter.ref = f"A{ws.ledger_header_row}:{ws.ledger_last_column}{ws.ledger_header_row}"
    return ws


def print_setup(ws, *, header_row=1):
    """Landscape A4, fit to the page's width (as many pages down as needed), the rows down to the
    header repeated on each printed page and frozen on screen, page numbers in the footer.

    Set before the first row is written: a write-only sheet writes its properties first."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"1:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    ws.oddFooter.center.text = str(_("Page &P of &N"))


def ledger_row(ws, values, wrap=()):
    """One data row: plain values, except dates (a date format) and long texts (wrapped).

    Styling every cell costs ~0.1 ms each in openpyxl; the ledger styles only what the reader needs."""
    if getattr(ws, "ledger_numbered", False):
        values = [ws.ledger_rows + 1, *values]
        wrap = tuple(index + 1 for index in wrap)
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
    if hasattr(ws, "ledger_rows"):
        ws.ledger_rows += 1
        # The filter buttons cover the data: Excel filters within the range, header included.
        ws.auto_filter.ref = f"A{ws.ledger_header_row}:{ws.ledger_last_column}{ws.ledger_header_row + ws.ledger_rows}"


def _local_date(value):
    return timezone.localdate(value) if value else None


def ledger_heading(title):
    """The title row of a ledger: the issuing body, the ledger, the day it was made."""
    from .letters import congress_name

    return _("%(congress)s %(title)s (as of %(day)s)") % {
        "congress": congress_name(), "title": title, "day": timezone.localdate().isoformat()}


def suggestions_ledger(queryset):
    """建议办理台账: one row per suggestion of `queryset`, drafts left out whatever `queryset` holds
    (a draft is the deputy's own until submitted: DOMAIN §2)."""
    workbook = Workbook(write_only=True)
    columns = [
        (_("Number"), 16), (_("Title"), 48), (_("Category"), 14), (_("Lead deputy"), 10), (_("Made during"), 10),
        (_("Status"), 14), (_("Lead unit"), 24), (_("Co-handling units"), 30), (_("Assigned on"), 12),
        (_("Reply due"), 12), (_("Replied"), 12), (_("On time"), 8), (_("Result class"), 26),
        (_("Rating"), 12), (_("Key supervision"), 8), (_("Published"), 12),
    ]
    title = str(_("Suggestions ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    queryset = queryset.exclude(status=Status.DRAFT)
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
    title = str(_("Commitments ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
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

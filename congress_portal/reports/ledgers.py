"""Excel ledgers (台账): the shared sheet, header and row helpers; each app builds its own ledgers
(proposals/ledgers.py, appointments/ledger.py ...) row by row from a queryset with them.

The workbooks are write-only (rows go straight to the file, not kept in memory) and read the
database in chunks: a fixed number of queries per 2,000 rows, never one per row.
"""

import datetime
import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


def ledger_heading(title):
    """The title row of a ledger: the issuing body, the ledger, the day it was made."""
    from congress_portal.organization.names import congress_name

    return _("%(congress)s %(title)s (as of %(day)s)") % {
        "congress": congress_name(), "title": title, "day": timezone.localdate().isoformat()}


def workbook_bytes(workbook):
    """Save a (write-only) workbook through a spooled temporary file and return its bytes."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as handle:
        workbook.save(handle)
        handle.seek(0)
        return handle.read()

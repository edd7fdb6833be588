"""监督事项台账: the supervision items of a filtered list as an Excel ledger, in the portal's ledger layout."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from congress_portal.reports.ledgers import CHUNK, ledger_heading, ledger_row, ledger_sheet


def items_ledger(queryset):
    """One row per item of `queryset` (selectors.item_list): read in chunks, a fixed number of queries each."""
    workbook = Workbook(write_only=True)
    columns = [(_("Year"), 6), (_("Title"), 40), (_("Kind"), 16), (_("Stage"), 12), (_("Owning committee"), 20),
               (_("Target bodies"), 30), (_("Meeting"), 28), (_("Meeting date"), 12),
               (_("Report received by the committee on"), 14)]
    title = str(_("Supervision items ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    for item in queryset.iterator(chunk_size=CHUNK):
        ledger_row(ws, [item.year, item.title, item.get_kind_display(), item.get_stage_display(),
                        item.committee.name, "、".join(u.name for u in item.target_units.all()),
                        str(item.meeting) if item.meeting else "", item.meeting.date if item.meeting else None,
                        item.report_to_committee_on], wrap=(1, 5))
    return workbook

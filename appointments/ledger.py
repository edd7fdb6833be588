"""任免台账: the decided appointments and removals as an Excel ledger, in the portal's ledger layout."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from congress_portal.reports.ledgers import CHUNK, ledger_heading, ledger_row, ledger_sheet


def appointments_ledger(queryset):
    """One row per decision of `queryset` (selectors.decided): no ID number or phone."""
    workbook = Workbook(write_only=True)
    columns = [(pgettext("person", "name"), 10), (_("Post"), 30), (_("Organ"), 22), (_("Kind"), 12), (_("Nominating body"), 12),
               (_("standing committee meeting"), 28), (_("Decided on"), 12), (_("Votes for"), 8)]
    title = str(_("Appointments and removals ledger"))
    ws = ledger_sheet(workbook, title, columns, heading=ledger_heading(title), numbered=True)
    for n in queryset.iterator(chunk_size=CHUNK):
        ledger_row(ws, [n.person_name, n.post, n.get_organ_display(), n.get_kind_display(),
                        n.motion.get_nominating_body_display(), str(n.motion.meeting), n.decided_on,
                        n.votes_for], wrap=(1,))
    return workbook

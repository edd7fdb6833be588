"""Helpers of the apps' document and ledger views (the views themselves live in the apps)."""

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from .ledgers import workbook_bytes


def xlsx_response(workbook, stem):
    """An Excel workbook as a download named `stem-YYYYMMDD.xlsx`."""
    response = HttpResponse(workbook_bytes(workbook),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


_xlsx_response = xlsx_response  # the name appointments/views.py imports

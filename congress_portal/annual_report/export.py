"""`manage.py export_pdf annual_report YEAR --out FILE` (congress_portal/reports/documents.py)."""

from django.utils.translation import gettext as _

from congress_portal.reports import documents


def render_for_command(subject, options):
    try:
        year = int(subject)
    except (TypeError, ValueError):
        year = 0
    if not 1949 <= year <= 2999:
        raise documents.DocumentUnavailable(_("“%(subject)s” is not a year.") % {"subject": subject})
    from .build import render_pdf

    data, _pages = render_pdf(year)
    return data

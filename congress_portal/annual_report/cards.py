"""Workbench cards: the annual work report (staff write and render it; leaders read it)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


def staff_cards(user):
    return [_card(user, _("Write the chapters' texts, render the report and download it as PDF or Word."))]


def leader_cards(user):
    return [_card(user, _("The standing committee's work report of the year, from the data."))]


def _card(user, note):
    from congress_portal.core.workbench import Card

    year = timezone.localdate().year
    # One link under the card: two small links one above the other are too close a target (WCAG 2.5.8).
    if user.has_perm("annual_report.change_narrative"):
        items = [(_("Texts of the chapters"), reverse("admin:annual_report_narrative_changelist"))]
    else:
        items = [(_("Report of %(year)s") % {"year": year}, reverse("annual_report:report", args=[year]))]
    return Card(_("Annual work report"), None, reverse("annual_report:index"), note, "primary", items=items)

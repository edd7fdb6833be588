"""Workbench cards: the appointments in progress (staff) and the list of appointments and removals."""

from django.urls import reverse
from django.utils.translation import gettext as _


def staff_cards(user):
    from .models import Nominee, State

    waiting = Nominee.objects.exclude(state__in=[State.PASSED, State.FAILED, State.REVIEW_FAILED,
                                                 State.EXAM_FAILED]).count()
    url = reverse("admin:appointments_nominee_changelist" if user.has_perm("appointments.view_nominee")
                  else "appointments:list")
    return [_card(waiting, url)]


def leader_cards(user):
    return [_card(None, reverse("appointments:list"))]


def _card(count, url):
    from congress_portal.core.workbench import Card

    return Card(_("Appointments and removals"), count, url,
                _("Motions, qualification reviews, law exams and votes; the list with counts per year."),
                "primary", items=[(_("Appointments and removals by year"), reverse("appointments:list")),
                                  (_("List of appointments and removals"), reverse("appointments:announcement"))])

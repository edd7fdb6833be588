"""The foundation's workbench cards; the apps register their own the same way (the deputies' register
and a deputy's details: deputies/providers.py)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .workbench import Card, register


def staff_cards(user):
    from congress_portal.organization.models import HandlingUnit

    from .models import CalendarDay

    cards = []
    units = HandlingUnit.objects.filter(is_active=True).annotate(
        n=Count("officers", filter=Q(officers__is_active=True)))
    without = [unit for unit in units if unit.n == 0]
    cards.append(Card(
        _("Handling units without an officer"), len(without), reverse("admin:organization_handlingunit_changelist"),
        _("A unit without an officer cannot receive assignments online."), "warning" if without else "success",
        items=[(unit.name, reverse("admin:organization_handlingunit_change", args=[unit.pk])) for unit in without[:5]],
    ))
    provisional = CalendarDay.objects.filter(provisional=True).count()
    if provisional:
        cards.append(Card(_("Provisional holiday dates"), provisional,
                          reverse("admin:core_calendarday_changelist") + "?provisional__exact=1",
                          _("Check them against the State Council holiday notice: deadlines depend on them."),
                          "warning"))
    return cards


def leader_cards(user):
    from congress_portal.organization.models import Term

    term = Term.current()
    if term is None:
        return []
    members = term.members_in_office().count()
    return [Card(_("Standing committee members in office"), members, "",
                 _("%(term)s: a vote passes with at least %(n)s votes in favour (a majority of all members).")
                 % {"term": term.name, "n": members // 2 + 1}, "secondary")]


def unit_cards(user):
    unit = user.unit
    officers = list(unit.officers.filter(is_active=True).values_list("real_name", flat=True))
    return [Card(unit.name, None, "", _("Officers: %(names)s") % {"names": "、".join(officers)}, "secondary")]


def register_all():
    register("staff", staff_cards, order=900)
    register("leader", leader_cards, order=900)
    register("unit_officer", unit_cards, order=900)

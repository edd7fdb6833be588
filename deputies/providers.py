"""Workbench cards of the deputies app (a bounded number of queries each)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card

from . import selectors
from .models import Deputy, Opinion

S = Opinion.Status


def deputy_cards(user):
    deputy = user.deputy
    today = timezone.localdate()
    to_triage = selectors.opinions_for(user).filter(status=S.RECEIVED)
    latest = list(to_triage.select_related(None).only("id", "text", "created_at")[:5])
    count = to_triage.count() if len(latest) == 5 else len(latest)
    cards = [Card(_("Opinions to triage"), count, reverse("deputies:opinion_list") + "?status=received",
                  _("Answer, forward to a unit, or turn into a suggestion."), "danger" if count else "success",
                  items=[(o.text[:24], reverse("deputies:opinion_detail", args=[o.pk])) for o in latest])]
    coming = selectors.coming_activities(deputy, today, limit=5)
    cards.append(Card(_("Coming activities"), len(coming), reverse("deputies:my_activities"), "", "primary",
                      items=[(f"{a.activity.date:%m-%d} {a.activity.title}", reverse("deputies:my_activities"))
                             for a in coming]))
    perf = selectors.performance_table(today.year, deputies=[deputy])[0]
    cards.append(Card(
        _("My performance this year"), None, reverse("deputies:performance_file", args=[deputy.pk, today.year]),
        "", "secondary", items=[
            (_("Suggestions: %(led)s led, %(co)s co-signed") % {"led": perf.led, "co": perf.co_signed}, ""),
            (_("Opinions: %(n)s received, %(a)s answered") % {"n": perf.opinions, "a": perf.opinions_answered}, ""),
            (_("Receptions: %(n)s; activities: %(a)s") % {"n": perf.receptions, "a": perf.activity_total}, ""),
        ]))
    return cards


def staff_cards(user):
    counts = Opinion.objects.aggregate(open=Count("id", filter=Q(status__in=[S.RECEIVED, S.FORWARDED])),
                                       total=Count("id"))
    return [
        Card(_("Citizens' opinions open"), counts["open"], reverse("deputies:opinion_list") + "?status=received",
             _("%(total)s received in all.") % {"total": counts["total"]}, "warning" if counts["open"] else "success"),
        Card(_("Deputies' performance"), None, reverse("deputies:performance_table"),
             _("Yearly figures of every deputy; export to Excel, print the booklets."), "secondary",
             items=[(_("Liaison stations and QR codes"), reverse("deputies:station_list"))]),
    ]


def unit_cards(user):
    count = Opinion.objects.filter(forwarded_unit_id=user.unit_id, status=S.FORWARDED).count()
    return [Card(_("Citizens' opinions forwarded to us"), count, reverse("deputies:opinion_list") + "?status=forwarded",
                 _("Answer them: the citizen sees the answer."), "danger" if count else "success")]


def register_cards(user):
    """The register's size, for the staff who keep it (before the platform's own cards)."""
    serving = Deputy.objects.filter(status=Deputy.Status.SERVING).count()
    return [Card(_("Deputies in office"), serving, reverse("admin:deputies_deputy_changelist"),
                 _("Import or correct the register in the administration."), "secondary")]


def details_cards(user):
    """A deputy's own details, last on their workbench."""
    deputy = Deputy.objects.select_related("group", "station").get(pk=user.deputy_id)
    items = [(_("Level: %(level)s") % {"level": deputy.get_level_display()}, "")]
    if deputy.group_id:
        items.append((_("Group: %(group)s") % {"group": deputy.group}, ""))
    if deputy.station_id:
        items.append((_("Liaison station: %(station)s") % {"station": deputy.station}, ""))
    return [Card(_("My details"), None, "", "", "secondary", items=items)]


def session_voter_ids(session):
    """The accounts of a plenary session's deputies (the district deputies of its term, serving): the base
    of the two-thirds quorum and the voter roll of a vote at the session (DOMAIN §5.2)."""
    from congress_portal.accounts.models import User

    from .models import Deputy

    return User.objects.filter(is_active=True, deputy__term=session.term_id, deputy__level=Deputy.Level.DISTRICT,
                               deputy__status=Deputy.Status.SERVING).values_list("id", flat=True)

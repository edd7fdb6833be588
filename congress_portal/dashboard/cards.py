"""The leaders' workbench card that opens the year dashboard (no query: the figures are on the page)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.workbench import Card, register


def leader_cards(user):
    year = timezone.localdate().year
    return [Card(_("The year's work at a glance"), None, reverse("dashboard:year"),
                 _("Every kind of work's figures for %(year)s, compared with last year, each leading to its list.")
                 % {"year": year}, "primary")]


def register_all():
    register("leader", leader_cards, order=5)

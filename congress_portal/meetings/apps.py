from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "congress_portal.meetings"
    label = "meetings"
    verbose_name = _("Meetings and votes")

    def ready(self):
        from congress_portal.core import workbench

        from . import cards

        workbench.register("leader", cards.voter_cards, order=10)
        workbench.register("deputy", cards.voter_cards, order=10)
        workbench.register("staff", cards.staff_cards, order=15)

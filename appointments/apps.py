from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and removals")

    def ready(self):
        from congress_portal.core import workbench

        from . import cards

        workbench.register("staff", cards.staff_cards, order=16)
        workbench.register("leader", cards.leader_cards, order=16)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from congress_portal.core import workbench
        from congress_portal.meetings.registry import register_session_voters

        from . import providers

        workbench.register("deputy", providers.deputy_cards, order=20)
        workbench.register("staff", providers.staff_cards, order=40)
        workbench.register("unit_officer", providers.unit_cards, order=40)
        register_session_voters(providers.session_voter_ids)

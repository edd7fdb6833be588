from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    """民生实事项目人大代表票决制 (DOMAIN §5): its own app inside supervision/, so that the supervision
    issue owns supervision/models.py untouched."""

    name = "supervision.livelihood"
    label = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from congress_portal.core import workbench

        from . import providers

        workbench.register("unit_officer", providers.unit_cards, order=50)

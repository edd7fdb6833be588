from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "congress_portal.dashboard"
    label = "dashboard"
    verbose_name = _("Leadership dashboard")

    def ready(self):
        from . import cards

        cards.register_all()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "congress_portal.dashboard"
    label = "dashboard"
    verbose_name = _("Leadership dashboard")

    def ready(self):
        from congress_portal.core import schedule

        from . import cards, tasks

        cards.register_all()
        schedule.register(*tasks.PERIODIC_JOBS)

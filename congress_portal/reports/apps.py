from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "congress_portal.reports"
    label = "reports"
    verbose_name = _("Letters and ledgers")

    def ready(self):
        from congress_portal.core import schedule

        from . import tasks

        schedule.register(*tasks.PERIODIC_JOBS)

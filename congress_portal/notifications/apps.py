from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "congress_portal.notifications"
    label = "notifications"
    verbose_name = _("Reminders and notifications")

    def ready(self):
        from congress_portal.core import health, schedule

        from . import selectors, tasks

        schedule.register(*tasks.PERIODIC_JOBS)
        if selectors.outbox_health not in health.EXTRA_CHECKS:
            health.EXTRA_CHECKS.append(selectors.outbox_health)

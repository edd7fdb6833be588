from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congress_portal.core"
    label = "core"
    verbose_name = _("Calendar and settings")

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.urls import register_converter

        from . import logs, numbers, providers, schedule

        register_converter(numbers.YearConverter, "year")

        providers.register_all()
        # Django's own lines about a request, and a task it queued, log with the request's id (core/logs.py).
        logs.connect_signals()
        # After every migrate and flush: the periodic tasks the apps registered are there again.
        post_migrate.connect(schedule.restore_after_migrate, sender=self,
                             dispatch_uid="core.schedule.restore_after_migrate")
        # django-axes names its admin section by the bare app label.
        from django.apps import apps

        apps.get_app_config("axes").verbose_name = _("Login security")
        # The admin's yes/no icons: Django writes their alt text as Python's True/False/None, in English on
        # every list and record; here 是/否/未知. Django's lists, records and the portal's fast rows
        # (admin_rows) all look the helper up in this module.
        from django.contrib.admin.templatetags import admin_list

        from .admin_rows import boolean_icon

        admin_list._boolean_icon = boolean_icon

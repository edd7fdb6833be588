from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "congress_portal.core"
    label = "core"
    verbose_name = _("Calendar and settings")

    def ready(self):
        from django.urls import register_converter

        from . import numbers, providers

        register_converter(numbers.YearConverter, "year")

        providers.register_all()
        # django-axes names its admin section by the bare app label.
        from django.apps import apps

        apps.get_app_config("axes").verbose_name = _("Login security")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions and motions")

    def ready(self):
        from . import providers, reminders

        providers.register_all()
        reminders.register()

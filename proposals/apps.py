from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions and motions")

    def ready(self):
        from congress_portal.audit.registry import register_hidden

        from . import providers, reminders, selectors

        providers.register_all()
        reminders.register()
        register_hidden(selectors.audit_without_drafts)

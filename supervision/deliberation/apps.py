from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    """Deliberation opinions, rectification, satisfaction votes and special inquiries (DOMAIN §4, issue #14
    items 3-7): a sub-app of supervision/, so that supervision/models.py stays the plan's."""

    name = "supervision.deliberation"
    label = "deliberation"
    verbose_name = _("Deliberation and rectification")

    def ready(self):
        from congress_portal.core import workbench
        from congress_portal.dashboard import sections
        from congress_portal.reports import documents

        from . import providers, reminders

        workbench.register("unit_officer", providers.unit_cards, order=45)
        workbench.register("staff", providers.staff_cards, order=70)
        workbench.register("leader", providers.leader_cards, order=40)
        reminders.register()
        sections.register("supervision_rectification", providers.year_section, order=50)
        documents.register(documents.Document(
            name="deliberation_opinion", help="A deliberation opinion (审议意见书) with its issue list.",
            subject_help="the opinion's primary key", render=providers.render_opinion_document))
        providers.register_audit_names()
        providers.register_events()

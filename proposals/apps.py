from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions and motions")

    def ready(self):
        from congress_portal.audit.registry import register_hidden

        from . import dashboard_cards, documents, ledgers, pages, providers, reminders, sections, selectors

        providers.register_all()
        reminders.register()
        sections.register()
        documents.register_all()
        ledgers.register_exports()
        dashboard_cards.register_all()
        pages.register()
        register_hidden(selectors.audit_without_drafts)
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for a suggestion's actions and states (audit/labels.py)."""
    from congress_portal.audit import labels

    from .models import Status, Suggestion
    from .workflow import MOVES

    labels.register(Suggestion, actions={
        **{move.name: move.label for move in MOVES.values()},
        "create": _("Draft created"),
        "merge_in": _("Another suggestion was merged into this one"),
        "from_opinion": _("Drafted from a citizen's opinion (码上提交)"),
        "attach": _("Attachment added"),
        "detach": _("Attachment removed"),
    }, states=dict(Status.choices))

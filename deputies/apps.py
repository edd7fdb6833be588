from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from congress_portal.core import workbench
        from congress_portal.meetings.registry import register_session_voters

        from . import providers, sections

        workbench.register("deputy", providers.deputy_cards, order=20)
        workbench.register("staff", providers.staff_cards, order=40)
        workbench.register("unit_officer", providers.unit_cards, order=40)
        register_session_voters(providers.session_voter_ids)
        sections.register()
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for an opinion's and an attendance's actions and states."""
    from congress_portal.audit import labels

    from .models import Attendance, Opinion
    from .workflow import TRANSITIONS

    labels.register(Opinion, actions={
        "submit": _("Sent in by the citizen"),
        **{action: label for action, (_sources, _target, label) in TRANSITIONS.items()},
    }, states=dict(Opinion.Status.choices))
    labels.register(Attendance, actions={"confirm": _("Attendance confirmed by the deputy")})

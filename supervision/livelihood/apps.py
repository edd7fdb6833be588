from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    """民生实事项目人大代表票决制 (DOMAIN §5): its own app inside supervision/, so that the supervision
    issue owns supervision/models.py untouched."""

    name = "supervision.livelihood"
    label = "livelihood"
    verbose_name = _("Livelihood projects")

    def ready(self):
        from congress_portal.core import workbench

        from . import providers

        workbench.register("unit_officer", providers.unit_cards, order=50)
        workbench.register("deputy", providers.deputy_cards, order=60)
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for the livelihood moves and states."""
    from congress_portal.audit import labels

    from .models import CandidateProject, ChosenProject, ProjectProposal, Solicitation

    labels.register(ProjectProposal, actions={"submit": _("Proposed by the public")},
                    states=dict(ProjectProposal.Status.choices))
    labels.register(CandidateProject, actions={"candidate_created": _("Screened into a candidate project")})
    labels.register(Solicitation, actions={
        "list_approved": _("Candidate list approved by the standing committee"),
        "ballot_created": _("Plenary ballot created"),
        "result_taken": _("Vote result taken into the chosen projects"),
    })
    labels.register(ChosenProject, actions={"progress_reported": _("Progress reported by the unit")})

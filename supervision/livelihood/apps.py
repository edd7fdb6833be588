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
        from congress_portal.dashboard import sections as dashboard_sections

        from . import documents, providers, reminders, sections

        workbench.register("unit_officer", providers.unit_cards, order=50)
        workbench.register("deputy", providers.deputy_cards, order=60)
        workbench.register("staff", providers.staff_cards, order=65)
        documents.register_all()
        reminders.register()
        dashboard_sections.register("livelihood", sections.year_section, order=50)
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for the livelihood moves and states."""
    from congress_portal.audit import labels

    from .models import CandidateProject, ChosenProject, ProjectProposal, Solicitation

    labels.register(ProjectProposal, actions={"submit": _("Proposed by the public"),
                                              "declined": _("Not taken up, with the reason")},
                    states=dict(ProjectProposal.Status.choices))
    labels.register(CandidateProject, actions={"candidate_created": _("Screened into a candidate project")})
    labels.register(Solicitation, actions={
        "list_approved": _("Candidate list approved by the standing committee"),
        "ballot_created": _("Plenary ballot created"),
        "result_taken": _("Vote result taken into the chosen projects"),
        "evaluation_created": _("Year-end satisfaction votes created"),
        "evaluation_published": _("Year-end evaluation published"),
    })
    labels.register(ChosenProject, actions={
        "progress_reported": _("Progress reported by the unit"),
        "milestone_added": _("Milestone added"),
        "milestone_reached": _("Milestone reached"),
        "photo_added": _("Photo added"),
        "inspected": _("Inspected by deputies"),
    })

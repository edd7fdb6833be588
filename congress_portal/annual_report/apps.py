from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualReportConfig(AppConfig):
    name = "congress_portal.annual_report"
    label = "annual_report"
    verbose_name = _("Annual work report")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from congress_portal.core import schedule, workbench
        from congress_portal.reports import documents

        from . import cards, export, tasks

        documents.register(documents.Document(
            name="annual_report", help="The standing committee's annual work report (常委会工作报告).",
            subject_help="the year, e.g. 2026", render=export.render_for_command))
        _register_audit_names()
        workbench.register("staff", cards.staff_cards, order=90)
        workbench.register("leader", cards.leader_cards, order=90)
        schedule.register(*tasks.PERIODIC_JOBS)


def _register_audit_names():
    """The names the audit trail shows for the report's actions and states (audit/labels.py)."""
    from congress_portal.audit import labels

    from .models import Narrative, RenderState, ReportRender

    labels.register(Narrative, actions={"save": _("Text saved (a new version)")})
    labels.register(ReportRender, actions={"start": _("Report rendering started")}, states=dict(RenderState.choices))

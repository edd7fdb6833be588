from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from . import documents, providers, reminders

        providers.register()
        documents.register()
        reminders.register()
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for the plan's and the items' moves and stages."""
    from congress_portal.audit import labels

    from . import workflow
    from .models import Stage, SupervisionItem, SupervisionPlan, TopicProposal

    labels.register(TopicProposal, actions={"topic_submit": _("Proposed by the public"),
                                            "topic_accept": _("Taken into the supervision plan"),
                                            "topic_decline": _("Declined, with a reason")},
                    states=dict(TopicProposal.Status.choices))
    labels.register(SupervisionPlan, actions={"plan_create": _("Plan created"), "plan_change": _("Plan changed"),
                                              "plan_approve": _("Approved by the chairs' meeting"),
                                              "plan_publish": _("Plan published")})
    labels.register(SupervisionItem, actions={
        "item_create": _("Item created"), "item_schedule": _("Put on a meeting's agenda"),
        "report_to_standing_committee": _("Report sent to the standing committee"),
        "report_to_members": _("Report sent to members"),
        **{m.name: m.label for m in workflow.MOVES.values()}}, states=dict(Stage.choices))

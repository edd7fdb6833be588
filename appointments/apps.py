from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and removals")

    def ready(self):
        from congress_portal.audit import labels
        from congress_portal.core import workbench

        from . import cards, dashboard, documents, reminders, workflow
        from .models import Appraisal, Motion, Nominee, Oath, State

        workbench.register("staff", cards.staff_cards, order=16)
        workbench.register("leader", cards.leader_cards, order=16)
        labels.register(Nominee, actions={"registered": State.REGISTERED.label,
                                          **{m.name: m.label for m in workflow.MOVES.values()}},
                        states=dict(State.choices))
        labels.register(Motion, actions={"motion_registered": _("Motion registered")})
        labels.register(Nominee, actions={"statement_recorded": _("Statement on taking office recorded"),
                                          "certificate_issued": _("Certificate of appointment issued")})
        labels.register(Oath, actions={"oath_scheduled": _("Oath scheduled"), "oath_taken": _("Oath taken")})
        labels.register(Appraisal, actions={"appraisal_scheduled": _("Appraisal scheduled"),
                                            "appraisal_recorded": _("Appraisal recorded")})
        documents.register_all()
        reminders.register()
        dashboard.register()

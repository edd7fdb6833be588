from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("Appointments and removals")

    def ready(self):
        from congress_portal.audit import labels
        from congress_portal.core import workbench

        from . import cards, workflow
        from .models import Motion, Nominee, State

        workbench.register("staff", cards.staff_cards, order=16)
        workbench.register("leader", cards.leader_cards, order=16)
        labels.register(Nominee, actions={"registered": State.REGISTERED.label,
                                          **{m.name: m.label for m in workflow.MOVES.values()}},
                        states=dict(State.choices))
        labels.register(Motion, actions={"motion_registered": _("Motion registered")})

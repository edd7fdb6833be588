from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "congress_portal.meetings"
    label = "meetings"
    verbose_name = _("Meetings and votes")

    def ready(self):
        from congress_portal.core import workbench

        from . import cards

        workbench.register("leader", cards.voter_cards, order=10)
        workbench.register("deputy", cards.voter_cards, order=10)
        workbench.register("staff", cards.staff_cards, order=15)
        _register_audit_names()


def _register_audit_names():
    """The names the audit trail shows for a poll's moves and states (its rows store codes)."""
    from congress_portal.audit import labels

    from .models import Poll

    labels.register(Poll, actions={
        "poll_created": _("Vote created"),
        "poll_opened": _("Vote opened"),
        "paper_voters": _("Paper voters recorded"),
        "paper_tally": _("Paper ballot totals entered"),
        "poll_closed": _("Vote closed and counted"),
        "tie_decided": _("Tie at the cut decided by the order staff set"),
        "runoff_created": _("Run-off created"),
        "poll_published": _("Result published"),
        "poll_annulled": _("Vote annulled"),
    }, states=dict(Poll.State.choices))

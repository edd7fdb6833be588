"""Who may do what to a supervision item, beyond the stage moves of workflow.py."""

from congress_portal.accounts.permissions import is_staff_member

from .models import Stage


def can_set_targets(user, item):
    """The committee staff who run supervision set an open item's target bodies and its meeting."""
    return is_staff_member(user) and item.stage != Stage.CLOSED

"""The transition table of a rectification (整改, DOMAIN §4). Services enforce it; pages draw buttons from it.

rectifying --submit--> reported --accept--> accepted --close--> closed
                       reported --send_back--> rectifying
                                   accepted --open_vote--> voting --take_vote--> closed (满意 / 基本满意)
                                                                    --take_vote--> rectifying, round 2 (first 不满意)
                                                                    --take_vote--> escalated (second 不满意)
escalated --close--> closed (after the chairs' meeting has dealt with it)
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.accounts import permissions
from congress_portal.core.workflow import Move

from .models import RectState

S = RectState


class Rel:
    STAFF = "staff"
    UNIT = "unit"  # an officer of the target body
    LEADER = "leader"


MOVES = {m.name: m for m in [
    Move("report_progress", _("Report progress"), (S.RECTIFYING,), None, (Rel.UNIT,), style="secondary"),
    Move("add_evidence", _("Add evidence"), (S.RECTIFYING, S.REPORTED), None, (Rel.UNIT,), style="secondary"),
    Move("submit", _("Report the rectification for acceptance"), (S.RECTIFYING,), S.REPORTED, (Rel.UNIT,)),
    Move("accept", _("Accept the rectification"), (S.REPORTED,), S.ACCEPTED, (Rel.STAFF,), style="success"),
    Move("send_back", _("Send back for further rectification"), (S.REPORTED,), S.RECTIFYING, (Rel.STAFF,),
         style="warning"),
    Move("open_vote", _("Put to a satisfaction vote"), (S.ACCEPTED,), S.VOTING, (Rel.STAFF,)),
    Move("take_vote", _("Take the vote's result"), (S.VOTING,), S.CLOSED, (Rel.STAFF,),
         alt_targets=(S.CLOSED, S.RECTIFYING, S.ESCALATED)),
    Move("close", pgettext_lazy("move", "Close"), (S.ACCEPTED, S.ESCALATED), S.CLOSED, (Rel.STAFF,),
         style="secondary"),
]}


def relations(rectification, user):
    """What `user` is to `rectification`."""
    if user is None or not user.is_authenticated:
        return frozenset()
    rels = set()
    if permissions.is_staff_member(user):
        rels.add(Rel.STAFF)
    if permissions.is_leader(user):
        rels.add(Rel.LEADER)
    if permissions.is_unit_officer(user) and user.unit_id == rectification.unit_id:
        rels.add(Rel.UNIT)
    return frozenset(rels)


def check(move_name, rectification, rels):
    """None when the move is allowed; otherwise the reason, in the user's language."""
    move = MOVES[move_name]
    if rectification.state not in move.sources:
        return _("This cannot be done while the rectification is “%(state)s”.") % {
            "state": rectification.get_state_display()}
    if not rels.intersection(move.relations):
        return _("You may not do this for this rectification.")
    return None


def available_actions(rectification, user):
    """The moves `user` may make now, in table order: the buttons on the page."""
    rels = relations(rectification, user)
    return [m for m in MOVES.values() if rectification.state in m.sources and rels.intersection(m.relations)]

"""The stage chain of a supervision item (DOMAIN §4): 选题 -> 组织/调研 -> 报告 -> 审议 -> 整改 -> 反馈.

One table: services enforce it, the item's page draws its buttons from it. Only committee staff move an
item; the leader in charge and the target bodies read it.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.accounts import permissions
from congress_portal.core.workflow import Move

from .models import Stage

S = Stage


class Rel:
    STAFF = "staff"
    LEADER = "leader"
    TARGET_UNIT = "target_unit"


MOVES = {m.name: m for m in [
    Move("organise", _("Start organising and research"), (S.TOPIC,), S.ORGANISING, (Rel.STAFF,)),
    Move("receive_report", _("Record the report received"), (S.ORGANISING,), S.REPORT, (Rel.STAFF,)),
    Move("deliberate", _("Put to deliberation"), (S.REPORT,), S.DELIBERATION, (Rel.STAFF,)),
    Move("rectify", _("Start rectification"), (S.DELIBERATION,), S.RECTIFICATION, (Rel.STAFF,)),
    Move("feedback", _("Record the feedback"), (S.RECTIFICATION,), S.FEEDBACK, (Rel.STAFF,)),
    # An item that needs no rectification (a research visit, an appraisal with good results) closes after
    # deliberation; the others after the feedback.
    Move("close", pgettext_lazy("move", "Close"), (S.DELIBERATION, S.FEEDBACK), S.CLOSED, (Rel.STAFF,),
         style="secondary"),
]}


def relations(item, user, unit_ids=None):
    """What `user` is to `item`. `unit_ids`: the ids of its target bodies, if already fetched."""
    if user is None or not user.is_authenticated:
        return frozenset()
    rels = set()
    if permissions.is_staff_member(user):
        rels.add(Rel.STAFF)
    if permissions.is_leader(user):
        rels.add(Rel.LEADER)
    if permissions.is_unit_officer(user):
        if unit_ids is None:
            unit_ids = {u.pk for u in item.target_units.all()}
        if user.unit_id in unit_ids:
            rels.add(Rel.TARGET_UNIT)
    return frozenset(rels)


def check(move_name, item, rels):
    """None when the move is allowed; otherwise the reason, in the user's language."""
    move = MOVES.get(move_name)
    if move is None:
        return _("There is no such step.")
    if item.stage not in move.sources:
        return _("This cannot be done while the item is at the stage “%(stage)s”.") % {
            "stage": item.get_stage_display()}
    if not rels.intersection(move.relations):
        return _("You may not do this for this supervision item.")
    return None


def available_actions(item, user, unit_ids=None):
    """The moves `user` may make now, in table order: the buttons on the page."""
    rels = relations(item, user, unit_ids)
    return [m for m in MOVES.values() if item.stage in m.sources and rels.intersection(m.relations)]

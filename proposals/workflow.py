"""The transition table of a suggestion (DOMAIN §2). Services enforce it; pages draw buttons from it.

Each move names the states it starts from, the state it ends in (None: the state does not change)
and the relations to the suggestion that may make it. A relation is what the user is *to this
suggestion*: its lead deputy, an officer of its lead unit, committee staff ...
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_portal.accounts import permissions
from congress_portal.core.workflow import Move

from .models import Assignment, Status

S = Status


class Rel:
    STAFF = "staff"
    LEADER = "leader"
    KEY_LEADER = "key_leader"  # the chairs'-meeting member who leads its key supervision
    LEAD_DEPUTY = "lead_deputy"
    COSIGNER = "cosigner"  # an invited or confirmed co-signer
    LEAD_UNIT = "lead_unit"
    CO_UNIT = "co_unit"
    SEPARATE_UNIT = "separate_unit"


ANSWERING_UNITS = (Rel.LEAD_UNIT, Rel.SEPARATE_UNIT)
ANY_UNIT = (Rel.LEAD_UNIT, Rel.CO_UNIT, Rel.SEPARATE_UNIT)


MOVES = {m.name: m for m in [
    Move("edit", _("Edit"), (S.DRAFT, S.RETURNED), None, (Rel.LEAD_DEPUTY,), style="secondary"),
    Move("invite_cosigner", _("Invite co-signers"), (S.DRAFT, S.RETURNED), None, (Rel.LEAD_DEPUTY,),
         style="secondary"),
    Move("submit", _("Submit"), (S.DRAFT, S.RETURNED), S.SUBMITTED, (Rel.LEAD_DEPUTY,)),
    Move("withdraw", _("Withdraw"), (S.DRAFT, S.SUBMITTED, S.RETURNED, S.REGISTERED), S.WITHDRAWN,
         (Rel.LEAD_DEPUTY,), style="outline-danger"),
    Move("respond_cosign", _("Confirm or decline co-signing"), (S.DRAFT, S.SUBMITTED, S.RETURNED), None,
         (Rel.COSIGNER,)),
    Move("register", _("Register"), (S.SUBMITTED,), S.REGISTERED, (Rel.STAFF,)),
    Move("return", _("Return for revision"), (S.SUBMITTED,), S.RETURNED, (Rel.STAFF,), style="warning"),
    Move("to_reference", _("Convert to a reference item"), (S.SUBMITTED,), S.REFERENCE, (Rel.STAFF,),
         style="secondary"),
    Move("merge", _("Merge into another suggestion"), (S.SUBMITTED, S.REGISTERED), S.MERGED, (Rel.STAFF,),
         style="secondary"),
    Move("convert_motion", _("Handle the motion as a suggestion"), (S.SUBMITTED,), None, (Rel.STAFF,),
         style="secondary"),
    Move("assign", _("Assign to units"), (S.REGISTERED,), S.ASSIGNED, (Rel.STAFF,)),
    Move("accept", _("Accept"), (S.ASSIGNED,), S.HANDLING, ANSWERING_UNITS),
    Move("request_reassign", _("Ask for re-assignment"), (S.ASSIGNED, S.HANDLING), None, ANY_UNIT,
         style="outline-warning"),
    Move("decide_reassign", _("Decide a re-assignment request"), (S.ASSIGNED, S.HANDLING), S.ASSIGNED,
         (Rel.STAFF,), alt_targets=(S.ASSIGNED, S.HANDLING)),
    Move("request_extension", _("Ask for an extension"), (S.ASSIGNED, S.HANDLING), None, ANSWERING_UNITS,
         style="outline-warning"),
    Move("decide_extension", _("Decide an extension request"), (S.ASSIGNED, S.HANDLING), None, (Rel.STAFF,)),
    Move("log_contact", _("Log a contact with the deputy"), (S.ASSIGNED, S.HANDLING, S.REHANDLING), None,
         ANSWERING_UNITS, style="secondary"),
    Move("co_opinion", _("Send the co-unit opinion"), (S.ASSIGNED, S.HANDLING, S.REHANDLING), None,
         (Rel.CO_UNIT,)),
    Move("reply", _("Reply"), (S.HANDLING, S.REHANDLING), S.REPLIED, ANSWERING_UNITS,
         alt_targets=(S.REPLIED, S.HANDLING, S.REHANDLING)),
    Move("urge", _("Urge"), (S.ASSIGNED, S.HANDLING, S.REHANDLING), None, (Rel.STAFF,), style="outline-danger"),
    Move("mark_key", _("Mark for key supervision"), (S.REGISTERED, S.ASSIGNED, S.HANDLING, S.REHANDLING), None,
         (Rel.STAFF,), style="secondary"),
    Move("supervise", _("Record a supervision act"), (S.ASSIGNED, S.HANDLING, S.REHANDLING, S.REPLIED), None,
         (Rel.STAFF, Rel.KEY_LEADER), style="secondary"),
    Move("evaluate", _("Rate the reply"), (S.REPLIED,), S.EVALUATED, (Rel.LEAD_DEPUTY, Rel.STAFF),
         alt_targets=(S.EVALUATED, S.REHANDLING)),
    Move("score", _("Score the reply letter"), (S.REPLIED, S.EVALUATED, S.CLOSED), None, (Rel.STAFF,),
         style="secondary"),
    Move("close", pgettext_lazy("move", "Close"), (S.REPLIED, S.EVALUATED), S.CLOSED, (Rel.STAFF,)),
    Move("publish", _("Publish the reply"), (S.EVALUATED, S.CLOSED), None, (Rel.STAFF,), style="secondary"),
    Move("report_commitment", _("Report commitment progress"), (S.REPLIED, S.REHANDLING, S.EVALUATED, S.CLOSED),
         None, ANSWERING_UNITS, style="secondary"),
]}


def relations(suggestion, user, assignments=None):
    """What `user` is to `suggestion`. `assignments`: its active assignments, if already fetched."""
    if user is None or not user.is_authenticated:
        return frozenset()
    rels = set()
    if permissions.is_staff_member(user):
        rels.add(Rel.STAFF)
    if permissions.is_leader(user):
        rels.add(Rel.LEADER)
        key = getattr(suggestion, "key_supervision", None) if suggestion.is_key else None
        if key is not None and key.leader_id == user.pk:
            rels.add(Rel.KEY_LEADER)
    if permissions.is_deputy(user):
        if suggestion.lead_deputy_id == user.deputy_id:
            rels.add(Rel.LEAD_DEPUTY)
        elif any(c.deputy_id == user.deputy_id for c in suggestion.cosigners.all()):
            rels.add(Rel.COSIGNER)
    if permissions.is_unit_officer(user):
        if assignments is None:
            assignments = [a for a in suggestion.assignments.all() if a.active]
        for assignment in assignments:
            if assignment.unit_id == user.unit_id:
                rels.add({Assignment.Role.LEAD: Rel.LEAD_UNIT, Assignment.Role.CO: Rel.CO_UNIT,
                          Assignment.Role.SEPARATE: Rel.SEPARATE_UNIT}[assignment.role])
    return frozenset(rels)


def check(move_name, suggestion, rels):
    """None when the move is allowed; otherwise the reason, in the user's language."""
    move = MOVES[move_name]
    if suggestion.status not in move.sources:
        return _("This cannot be done while the suggestion is “%(status)s”.") % {
            "status": suggestion.get_status_display()}
    if not rels.intersection(move.relations):
        return _("You may not do this for this suggestion.")
    return None


def available_actions(suggestion, user, assignments=None):
    """The moves `user` may make now, in table order: the buttons on the page."""
    rels = relations(suggestion, user, assignments)
    return [move for move in MOVES.values()
            if suggestion.status in move.sources and rels.intersection(move.relations)]

"""督: urging, key supervision, supervision acts."""

from django.db import transaction
from django.utils.translation import gettext as _

from congress_portal.accounts import permissions

from .. import workflow
from ..events import announce
from ..models import KeySupervision, SupervisionAct
from ._base import WorkflowError, _check, _lock, _move, _require, _save, _today

__all__ = [
    "suggestion_urge", "key_supervision_mark", "supervision_record",
]


@transaction.atomic
def suggestion_urge(*, suggestion, actor, content, date=None):
    """催办 by staff."""
    s = _lock(suggestion)
    _check("urge", s, actor)
    _require(content, _("Say what the unit is urged to do."))
    act = SupervisionAct.objects.create(suggestion=s, kind=SupervisionAct.Kind.URGE, actor=actor,
                                        date=date or _today(), content=content)
    _save(s, [], actor=actor, action="urge", from_state=s.status, comment=content)
    announce("suggestion.urged", s, actor=actor, content=content)
    return act


@transaction.atomic
def key_supervision_mark(*, suggestion, actor, leader, year=None, government_lead=""):
    """重点督办: chosen by the chairs' meeting, led by one of its members (recorded by staff)."""
    s = _lock(suggestion)
    _check("mark_key", s, actor)
    if leader is None or not permissions.is_leader(leader):
        raise WorkflowError(_("Choose the leader who leads its supervision."))
    if KeySupervision.objects.filter(suggestion=s).exists():
        raise WorkflowError(_("This suggestion is already under key supervision."))
    key = KeySupervision.objects.create(suggestion=s, leader=leader, year=year or _today().year,
                                        government_lead=government_lead, chosen_by=actor)
    s.is_key = True
    _move(s, None, ["is_key"], actor=actor, action="mark_key", comment=leader.display_name, leader=leader.pk)
    announce("suggestion.key_marked", s, actor=actor, leader=leader.display_name)
    return key


@transaction.atomic
def supervision_record(*, suggestion, actor, kind, content, outcome="", date=None, committee=None):
    """A supervision act by staff or the leading leader: who, when, what, outcome."""
    s = _lock(suggestion)
    rels = _check("supervise", s, actor)
    if kind not in SupervisionAct.Kind.values:
        raise WorkflowError(_("Choose the kind of supervision."))
    _require(content, _("Say what was done."))
    if workflow.Rel.STAFF not in rels:
        kind = SupervisionAct.Kind.KEY
    act = SupervisionAct.objects.create(suggestion=s, kind=kind, actor=actor, date=date or _today(),
                                        content=content, outcome=outcome, committee=committee)
    _save(s, [], actor=actor, action="supervise", from_state=s.status, comment=content, kind=kind)
    announce("suggestion.supervised", s, actor=actor, kind=kind)
    return act

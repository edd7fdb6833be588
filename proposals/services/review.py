"""阅看: pre-review by committee staff (register, return, reference, merge, motion conversion)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import announce
from ..models import PreReview, Status, Suggestion
from ..numbering import take_number
from ._base import WorkflowError, _check, _lock, _move, _require, _save, _stale_message

__all__ = [
    "suggestion_register", "suggestion_return", "suggestion_to_reference", "suggestion_merge", "motion_convert",
    "MERGE_TARGET_STATES",
]


def _prereview(s, actor, decision, lawful, single_matter, feasible, reasons):
    PreReview.objects.create(suggestion=s, reviewer=actor, lawful=bool(lawful), single_matter=bool(single_matter),
                             feasible=bool(feasible), decision=decision, reasons=reasons or "")


@transaction.atomic
def suggestion_register(*, suggestion, actor, lawful, single_matter, feasible, reasons="", version=None):
    """立案: submitted -> registered with the next number of its series, once all three tests pass."""
    s = _lock(suggestion, version)
    _check("register", s, actor)
    if not (lawful and single_matter and feasible):
        raise WorkflowError(_("A suggestion is registered only when it passes all three tests "
                              "(lawful, one matter, feasible); otherwise return it or convert it."))
    now = timezone.now()
    s.number = take_number(s, timezone.localdate(now))
    s.registered_at = now
    _prereview(s, actor, PreReview.Decision.REGISTER, lawful, single_matter, feasible, reasons)
    _move(s, Status.REGISTERED, ["number", "registered_at"], actor=actor, action="register", comment=reasons,
          number=s.number)
    announce("suggestion.registered", s, actor=actor, number=s.number)
    return s


@transaction.atomic
def suggestion_return(*, suggestion, actor, reasons, lawful=True, single_matter=True, feasible=True, version=None):
    """退回修改: submitted -> returned, with reasons the deputy reads."""
    s = _lock(suggestion, version)
    _check("return", s, actor)
    _require(reasons, _("Give the reasons for returning it."))
    s.return_reason = reasons
    _prereview(s, actor, PreReview.Decision.RETURN, lawful, single_matter, feasible, reasons)
    _move(s, Status.RETURNED, ["return_reason"], actor=actor, action="return", comment=reasons)
    announce("suggestion.returned", s, actor=actor, reasons=reasons)
    return s


@transaction.atomic
def suggestion_to_reference(*, suggestion, actor, reasons, lawful=True, single_matter=True, feasible=False,
                            version=None):
    """不予立案, 转参阅件: submitted -> reference, with reasons."""
    s = _lock(suggestion, version)
    _check("to_reference", s, actor)
    _require(reasons, _("Give the reasons for not registering it."))
    s.return_reason = reasons
    _prereview(s, actor, PreReview.Decision.REFERENCE, lawful, single_matter, feasible, reasons)
    _move(s, Status.REFERENCE, ["return_reason"], actor=actor, action="to_reference", comment=reasons)
    announce("suggestion.referenced", s, actor=actor, reasons=reasons)
    return s


MERGE_TARGET_STATES = (Status.REGISTERED, Status.ASSIGNED, Status.HANDLING, Status.REHANDLING)


@transaction.atomic
def suggestion_merge(*, suggestion, into, actor, reasons="", version=None):
    """并案办理: handled with `into` (same term); its deputy is answered with it."""
    # Lock both rows in id order so two crossing merges cannot deadlock.
    first, second = sorted([suggestion.pk, into.pk])
    rows = {row.pk: row for row in
            Suggestion.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    s, target = rows[suggestion.pk], rows.get(into.pk)
    if version is not None and int(version) != s.version:
        raise WorkflowError(_stale_message(s))
    _check("merge", s, actor)
    if target is None or target.pk == s.pk:
        raise WorkflowError(_("A suggestion cannot be merged into itself."))
    if target.term_id != s.term_id or target.status not in MERGE_TARGET_STATES:
        raise WorkflowError(_("Merge only into a registered suggestion of the same term that is not yet replied."))
    s.merged_into = target
    _prereview(s, actor, PreReview.Decision.MERGE, True, True, True, reasons)
    _move(s, Status.MERGED, ["merged_into"], actor=actor, action="merge", comment=reasons,
          into=target.pk, into_number=target.number)
    _save(target, [], actor=actor, action="merge_in", from_state=target.status, comment=str(s), merged=s.pk)
    announce("suggestion.merged", s, actor=actor, into_number=target.number or "")
    return s


@transaction.atomic
def motion_convert(*, suggestion, actor, reasons="", version=None):
    """A motion not put on the agenda by the presidium is handled as a suggestion."""
    s = _lock(suggestion, version)
    _check("convert_motion", s, actor)
    if s.kind != Suggestion.Kind.MOTION:
        raise WorkflowError(_("Only a motion can be converted into a suggestion."))
    s.kind = Suggestion.Kind.SUGGESTION
    s.converted_from_motion = True
    _move(s, None, ["kind", "converted_from_motion"], actor=actor, action="convert_motion", comment=reasons)
    announce("suggestion.motion_converted", s, actor=actor)
    return s

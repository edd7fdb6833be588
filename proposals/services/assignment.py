"""交: assignment to units, acceptance, re-assignment and extension requests."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_portal.core import deadlines

from ..events import announce
from ..models import Assignment, Decision, ExtensionRequest, ReassignRequest, Status, Suggestion
from ..numbering import take_notice_number
from ._base import (
    ANSWERING_ROLES, WorkflowError, _check, _lock, _move, _require, _save, _today, _unit_assignment,
)

__all__ = [
    "suggestion_assign", "suggestion_assign_bulk", "assignment_accept",
    "reassign_request", "reassign_decide", "extension_limit", "extension_request", "extension_decide",
]


def _assign_locked(s, actor, lead_unit, co_units, separate_units, now):
    _check("assign", s, actor)
    co_units, separate_units = list(co_units or []), list(separate_units or [])
    if separate_units and (lead_unit or co_units):
        raise WorkflowError(_("Choose either a lead unit (with co-units) or units handling separately, not both."))
    if not separate_units and lead_unit is None:
        raise WorkflowError(_("Choose the lead unit."))
    units = [lead_unit] + co_units if lead_unit else separate_units
    if len({u.pk for u in units}) != len(units):
        raise WorkflowError(_("A unit appears twice in this assignment."))
    day = timezone.localdate(now)
    reassign_until = deadlines.due_date("suggestion_reassign_request", day)
    co_due = deadlines.due_date("suggestion_co_opinion", day)
    rows = []
    # One 交办通知 sends the suggestion to every unit of this assignment: they share its 文号.
    notice = take_notice_number(day)
    if lead_unit:
        rows.append(Assignment(suggestion=s, unit=lead_unit, role=Assignment.Role.LEAD, assigned_at=now,
                               assigned_by=actor, reassign_until=reassign_until))
        rows += [Assignment(suggestion=s, unit=u, role=Assignment.Role.CO, assigned_at=now, assigned_by=actor,
                            reassign_until=reassign_until, co_opinion_due=co_due) for u in co_units]
        s.handling_mode = Suggestion.HandlingMode.LEAD_CO
    else:
        rows += [Assignment(suggestion=s, unit=u, role=Assignment.Role.SEPARATE, assigned_at=now,
                            assigned_by=actor, reassign_until=reassign_until) for u in separate_units]
        s.handling_mode = Suggestion.HandlingMode.SEPARATE
    for row in rows:
        row.notice_number = notice
    Assignment.objects.bulk_create(rows)
    s.assigned_at = now
    s.reply_due = deadlines.due_date("suggestion_reply", day)
    names = "、".join(u.name for u in units)
    _move(s, Status.ASSIGNED, ["assigned_at", "reply_due", "handling_mode"], actor=actor, action="assign",
          comment=names, units=[u.pk for u in units], reply_due=s.reply_due.isoformat())
    announce("suggestion.assigned", s, actor=actor, units=names, reply_due=s.reply_due.isoformat())
    return s


@transaction.atomic
def suggestion_assign(*, suggestion, actor, lead_unit=None, co_units=(), separate_units=(), version=None):
    """交办: registered -> assigned to a lead unit and co-units, or to units handling separately.
    Starts the reply clock (3 months), the re-assignment window and the co-unit opinion deadline."""
    s = _lock(suggestion, version)
    return _assign_locked(s, actor, lead_unit, co_units, separate_units, timezone.now())


@transaction.atomic
def suggestion_assign_bulk(*, suggestions, actor, lead_unit=None, co_units=(), separate_units=()):
    """Assign many suggestions the same way at once: all or none."""
    now = timezone.now()
    ids = sorted({s.pk for s in suggestions})
    locked = list(Suggestion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    done = []
    for s in locked:
        try:
            done.append(_assign_locked(s, actor, lead_unit, co_units, separate_units, now))
        except WorkflowError as exc:
            raise WorkflowError(f"{s.number or s.title}: {exc}") from exc
    return done


@transaction.atomic
def assignment_accept(*, suggestion, actor, version=None):
    """The lead (or a separate) unit accepts: assigned -> handling."""
    s = _lock(suggestion, version)
    _check("accept", s, actor)
    assignment = _unit_assignment(s, actor, ANSWERING_ROLES)
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["accepted_at"])
    _move(s, Status.HANDLING, [], actor=actor, action="accept", comment=str(assignment.unit))
    announce("suggestion.accepted", s, actor=actor, unit=str(assignment.unit))
    return s


@transaction.atomic
def reassign_request(*, suggestion, actor, reasons, suggested_unit=None):
    """退回/调整: a unit that thinks it is the wrong one asks staff, within the window (5 working days)."""
    s = _lock(suggestion)
    _check("request_reassign", s, actor)
    assignment = _unit_assignment(s, actor)
    _require(reasons, _("Give the reasons for asking for re-assignment."))
    if _today() > assignment.reassign_until:
        raise WorkflowError(_("The time to ask for re-assignment ended on %(day)s; handle the suggestion or "
                              "contact the committee office.") % {"day": date_format(assignment.reassign_until)})
    if assignment.reassign_requests.filter(decision=Decision.PENDING).exists():
        raise WorkflowError(_("Your unit's request is already waiting for a decision."))
    request = ReassignRequest.objects.create(assignment=assignment, reasons=reasons, suggested_unit=suggested_unit,
                                             requested_by=actor)
    _save(s, [], actor=actor, action="request_reassign", from_state=s.status, comment=reasons,
          unit=assignment.unit_id)
    announce("suggestion.reassign_requested", s, actor=actor, unit=str(assignment.unit), reasons=reasons)
    return request


@transaction.atomic
def reassign_decide(*, request, actor, approve, new_unit=None, note=""):
    """Staff decide a re-assignment request. Approved: the unit is relieved; `new_unit` takes its place
    (required for a lead or separate unit) and the reply clock restarts for it."""
    s = _lock(request.assignment.suggestion)
    _check("decide_reassign", s, actor)
    request = ReassignRequest.objects.select_for_update().select_related("assignment__unit").get(pk=request.pk)
    if request.decision != Decision.PENDING:
        raise WorkflowError(_("This request has already been decided."))
    old = request.assignment
    now = timezone.now()
    request.decision = Decision.APPROVED if approve else Decision.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, now, note
    fields, target = [], None
    if approve:
        if new_unit is None and old.role != Assignment.Role.CO:
            raise WorkflowError(_("Choose the unit that takes over."))
        if new_unit is not None and s.assignments.filter(active=True, unit=new_unit).exists():
            raise WorkflowError(_("That unit is already handling this suggestion."))
        old.active, old.ended_at = False, now
        old.save(update_fields=["active", "ended_at"])
        if new_unit is not None:
            day = timezone.localdate(now)
            Assignment.objects.create(
                suggestion=s, unit=new_unit, role=old.role, assigned_at=now, assigned_by=actor,
                notice_number=take_notice_number(day),
                reassign_until=deadlines.due_date("suggestion_reassign_request", day),
                co_opinion_due=deadlines.due_date("suggestion_co_opinion", day) if old.role == Assignment.Role.CO
                else None)
            if old.role != Assignment.Role.CO:
                # The new answering unit starts afresh: it must accept, and has the full time to reply.
                s.reply_due = deadlines.due_date("suggestion_reply", day)
                fields.append("reply_due")
                if old.role == Assignment.Role.LEAD or not s.assignments.filter(
                        active=True, accepted_at__isnull=False).exists():
                    target = Status.ASSIGNED
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    _move(s, target, fields, actor=actor, action="decide_reassign", comment=note,
          approved=bool(approve), old_unit=old.unit_id, new_unit=new_unit.pk if new_unit else None)
    announce("suggestion.reassign_decided", s, actor=actor, approved=bool(approve), unit=str(old.unit),
             new_unit=str(new_unit) if new_unit else "")
    return request


def extension_limit(suggestion):
    """The latest reply deadline an extension may reach: 6 months from assignment in total."""
    return deadlines.due_date("suggestion_reply_extended", timezone.localdate(suggestion.assigned_at))


@transaction.atomic
def extension_request(*, suggestion, actor, reasons, requested_due):
    """延期: an answering unit asks for more time, up to 6 months from assignment in total."""
    s = _lock(suggestion)
    _check("request_extension", s, actor)
    assignment = _unit_assignment(s, actor, ANSWERING_ROLES)
    _require(reasons, _("Give the reasons for the extension."))
    limit = extension_limit(s)
    if requested_due <= s.reply_due or requested_due > limit:
        raise WorkflowError(_("The new deadline must be after %(due)s and no later than %(limit)s "
                              "(six months from assignment in all).") % {
            "due": date_format(s.reply_due), "limit": date_format(limit)})
    if s.extension_requests.filter(decision=Decision.PENDING).exists():
        raise WorkflowError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest.objects.create(suggestion=s, assignment=assignment, reasons=reasons,
                                              requested_due=requested_due, requested_by=actor)
    _save(s, [], actor=actor, action="request_extension", from_state=s.status, comment=reasons,
          requested_due=requested_due.isoformat())
    announce("suggestion.extension_requested", s, actor=actor, requested_due=requested_due.isoformat())
    return request


@transaction.atomic
def extension_decide(*, request, actor, approve, granted_due=None, note=""):
    s = _lock(request.suggestion)
    _check("decide_extension", s, actor)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != Decision.PENDING:
        raise WorkflowError(_("This request has already been decided."))
    fields = []
    if approve:
        granted_due = granted_due or request.requested_due
        limit = extension_limit(s)
        if granted_due <= s.reply_due or granted_due > limit:
            raise WorkflowError(_("The new deadline must be after %(due)s and no later than %(limit)s "
                                  "(six months from assignment in all).") % {
                "due": date_format(s.reply_due), "limit": date_format(limit)})
        s.reply_due, s.extended = granted_due, True
        fields = ["reply_due", "extended"]
        request.granted_due = granted_due
    request.decision = Decision.APPROVED if approve else Decision.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note", "granted_due"])
    _move(s, None, fields, actor=actor, action="decide_extension", comment=note, approved=bool(approve),
          granted_due=granted_due.isoformat() if approve else None)
    announce("suggestion.extension_decided", s, actor=actor, approved=bool(approve),
             reply_due=s.reply_due.isoformat())
    return request

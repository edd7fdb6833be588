"""Shared pieces of the services: the lock, the move check, the save with its audit row."""

import datetime

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_portal.audit.services import audit_record

from .. import workflow
from ..models import Assignment, Suggestion

# A motion needs 10 deputies at county level and above (代表法; 5 at township level: a setting).
MOTION_MIN_DEPUTIES = getattr(settings, "PROPOSALS_MOTION_MIN_DEPUTIES", 10)
# After 不满意 the unit re-handles once by default; after that the rating stands.
MAX_REHANDLING_ROUNDS = getattr(settings, "PROPOSALS_MAX_REHANDLING_ROUNDS", 1)
ATTACHMENT_MAX_BYTES = getattr(settings, "PROPOSALS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = 10


class WorkflowError(Exception):
    """A refused move; its message is for the user, in their language."""


ANSWERING_ROLES = (Assignment.Role.LEAD, Assignment.Role.SEPARATE)

def _today():
    return timezone.localdate()


# A refusal on state is explained as "someone else just did X" when that happened this recently.
RECENT_CHANGE = datetime.timedelta(minutes=15)


def _last_change(suggestion, state_change=False):
    from congress_portal.audit.services import audit_history

    rows = audit_history(suggestion)
    if state_change:
        rows = rows.exclude(from_state=F("to_state"))
    return rows.last()


def _stale_message(suggestion, last=None):
    """'该建议已由王静于 11月23日 15:02 立案': what happened since the page was shown."""
    last = last or _last_change(suggestion)
    if last is None:
        return _("This suggestion has changed since you opened it; reload the page.")
    move = workflow.MOVES.get(last.action)
    return _("This suggestion was already %(action)s by %(actor)s at %(time)s; reload the page.") % {
        "action": move.label if move else last.action,
        "actor": last.actor.display_name if last.actor else _("the system"),
        "time": date_format(timezone.localtime(last.created_at), "SHORT_DATETIME_FORMAT"),
    }


def _lock(suggestion, version=None):
    """The suggestion row, locked until the transaction ends; a stale form version is refused."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if version is not None and int(version) != locked.version:
        raise WorkflowError(_stale_message(locked))
    return locked


def _check(move, suggestion, actor):
    """Refuse unless the table allows `move` for `actor` now; returns the actor's relations."""
    rels = workflow.relations(suggestion, actor)
    reason = workflow.check(move, suggestion, rels)
    if reason is not None:
        if suggestion.status not in workflow.MOVES[move].sources and suggestion.version > 0:
            # Often someone else moved it a moment ago (two staff on one queue): say who and when.
            last = _last_change(suggestion, state_change=True)
            if (last is not None and last.actor_id != getattr(actor, "pk", None)
                    and timezone.now() - last.created_at < RECENT_CHANGE):
                raise WorkflowError(_stale_message(suggestion, last))
        raise WorkflowError(reason)
    return rels


def _save(suggestion, fields, *, actor, action, from_state, comment="", **data):
    suggestion.version += 1
    suggestion.save(update_fields=sorted(set(fields) | {"version", "updated_at"}))
    audit_record(suggestion, action, actor=actor, from_state=from_state, to_state=suggestion.status,
                 comment=comment, **data)


def _move(suggestion, target, fields, *, actor, action, comment="", **data):
    from_state = suggestion.status
    if target is not None:
        suggestion.status = target
        fields = list(fields) + ["status"]
    _save(suggestion, fields, actor=actor, action=action, from_state=from_state, comment=comment, **data)


def _require(value, message):
    if not value or (isinstance(value, str) and not value.strip()):
        raise WorkflowError(message)


def _unit_assignment(suggestion, actor, roles=None):
    for assignment in suggestion.assignments.all():
        if assignment.active and assignment.unit_id == actor.unit_id and (roles is None or assignment.role in roles):
            return assignment
    raise WorkflowError(_("Your unit has no part in handling this suggestion."))

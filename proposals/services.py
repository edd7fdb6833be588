"""Every write on a suggestion: one function per move of the table in proposals.workflow.

Each locks the suggestion row (select_for_update), re-checks the move and its guards, saves with
update_fields, bumps `version`, appends one audit row and announces the event, all in one
transaction. A refusal raises WorkflowError and changes nothing.
"""

import io
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_portal.accounts import permissions
from congress_portal.audit.services import audit_record
from congress_portal.core import deadlines

from . import workflow
from .events import announce
from .models import (
    Assignment, Attachment, CommitmentProgress, Commitment, Contact, CoSigner, CoUnitOpinion, Decision,
    Evaluation, ExtensionRequest, KeySupervision, PreReview, QualityScore, Rating, ReassignRequest, Reply,
    ResultClass, Status, Suggestion, SupervisionAct,
)
from .numbering import take_number

# A motion needs 10 deputies at county level and above (代表法; 5 at township level: a setting).
MOTION_MIN_DEPUTIES = getattr(settings, "PROPOSALS_MOTION_MIN_DEPUTIES", 10)
# After 不满意 the unit re-handles once by default; after that the rating stands.
MAX_REHANDLING_ROUNDS = getattr(settings, "PROPOSALS_MAX_REHANDLING_ROUNDS", 1)
ATTACHMENT_MAX_BYTES = getattr(settings, "PROPOSALS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = 10


class WorkflowError(Exception):
    """A refused move; its message is for the user, in their language."""


# --- helpers ----------------------------------------------------------------------------------------

def _today():
    return timezone.localdate()


def _last_change(suggestion):
    from congress_portal.audit.services import audit_history

    return audit_history(suggestion).exclude(action__startswith="view").last()


def _stale_message(suggestion):
    """'该建议已由王静于 11月23日 15:02 立案': what happened since the page was shown."""
    last = _last_change(suggestion)
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
            # Most often someone else moved it a moment ago: say who and when.
            raise WorkflowError(_stale_message(suggestion))
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


# --- 提: drafting, co-signers, submitting -------------------------------------------------------------

DRAFT_FIELDS = ("title", "background", "proposal", "category", "kind", "period", "session")


@transaction.atomic
def suggestion_create(*, actor, title, background="", proposal="", category="other", kind="suggestion",
                      period=None, session=None, term=None):
    """A new draft led by the acting deputy."""
    from congress_portal.organization.models import Session, Term

    if not permissions.is_deputy(actor):
        raise WorkflowError(_("Only a deputy can make a suggestion."))
    _require(title, _("The title is required."))
    term = term or Term.current()
    if term is None:
        raise WorkflowError(_("No current term is set up; ask the committee office."))
    if period is None:
        session = session or Session.in_session_on(_today())
        period = Suggestion.Period.SESSION if session else Suggestion.Period.RECESS
    suggestion = Suggestion.objects.create(
        term=term, session=session, period=period, title=title.strip(), background=background,
        proposal=proposal, category=category, kind=kind, lead_deputy_id=actor.deputy_id, created_by=actor)
    audit_record(suggestion, "create", actor=actor, to_state=suggestion.status)
    return suggestion


@transaction.atomic
def suggestion_update(*, suggestion, actor, version=None, **fields):
    """Save the draft (also used by autosave); only the lead deputy, only in draft or returned."""
    s = _lock(suggestion, version)
    _check("edit", s, actor)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {unknown}")
    if "title" in fields:
        _require(fields["title"], _("The title is required."))
    changed = [name for name, value in fields.items() if getattr(s, name) != value]
    if not changed:
        return s
    for name in changed:
        setattr(s, name, fields[name])
    _save(s, changed, actor=actor, action="edit", from_state=s.status, changed=sorted(changed))
    return s


def sniff_attachment(head, name):
    """The content type the bytes really are (pdf/jpg/png/docx/xlsx), or None. The name is not trusted."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return None  # decided by the zip's contents, see _sniff_office
    return None


def _sniff_office(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if any(n.startswith("xl/") for n in names):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


EXTENSIONS = {
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


def validate_attachment(upload):
    """(content_type, bytes) of an acceptable upload; WorkflowError otherwise."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise WorkflowError(_("“%(name)s” is too large: at most %(mb)s MB per file.") % {
            "name": upload.name, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)})
    if upload.size == 0:
        raise WorkflowError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = sniff_attachment(data[:16], upload.name)
    if content_type is None and data.startswith(b"PK\x03\x04"):
        content_type = _sniff_office(data)
    if content_type is None:
        raise WorkflowError(_("“%(name)s” is not an accepted file: only PDF, JPG, PNG, Word (docx) and "
                              "Excel (xlsx) files are accepted.") % {"name": upload.name})
    return content_type, data


@transaction.atomic
def attachment_add(*, suggestion, actor, upload):
    """Attach a file whose content (not name) is PDF, JPG, PNG, DOCX or XLSX, within the size cap."""
    from django.core.files.base import ContentFile

    s = _lock(suggestion)
    _check("edit", s, actor)
    content_type, data = validate_attachment(upload)
    if s.attachments.count() >= ATTACHMENT_MAX_COUNT:
        raise WorkflowError(_("At most %(n)s attachments per suggestion.") % {"n": ATTACHMENT_MAX_COUNT})
    original = (upload.name or "file")[-200:]
    attachment = Attachment(suggestion=s, original_name=original, size=len(data), content_type=content_type,
                            uploaded_by=actor)
    # Stored under a random name with the extension of the sniffed type, never the uploaded one.
    attachment.file.save("upload" + EXTENSIONS[content_type], ContentFile(data), save=False)
    attachment.save()
    _save(s, [], actor=actor, action="attach", from_state=s.status, comment=original)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment, actor):
    s = _lock(attachment.suggestion)
    _check("edit", s, actor)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    _save(s, [], actor=actor, action="detach", from_state=s.status, comment=name)


@transaction.atomic
def cosigner_invite(*, suggestion, actor, deputies):
    """Invite deputies to co-sign (联名); each must confirm on their own page."""
    s = _lock(suggestion)
    _check("invite_cosigner", s, actor)
    existing = set(s.cosigners.values_list("deputy_id", flat=True))
    new = [d for d in deputies if d.pk not in existing and d.pk != s.lead_deputy_id]
    if not new:
        raise WorkflowError(_("Choose at least one deputy who is not already invited."))
    CoSigner.objects.bulk_create([CoSigner(suggestion=s, deputy=d) for d in new])
    names = "、".join(d.name for d in new)
    _save(s, [], actor=actor, action="invite_cosigner", from_state=s.status, comment=names)
    announce("suggestion.cosign_invited", s, actor=actor, invited=[d.pk for d in new])
    return new


@transaction.atomic
def cosigner_respond(*, suggestion, actor, accept):
    s = _lock(suggestion)
    _check("respond_cosign", s, actor)
    cosigner = s.cosigners.get(deputy_id=actor.deputy_id)
    if cosigner.state != CoSigner.State.INVITED:
        raise WorkflowError(_("You have already answered this invitation."))
    cosigner.state = CoSigner.State.CONFIRMED if accept else CoSigner.State.DECLINED
    cosigner.responded_at = timezone.now()
    cosigner.save(update_fields=["state", "responded_at"])
    _save(s, [], actor=actor, action="respond_cosign", from_state=s.status, comment=cosigner.get_state_display())
    announce("suggestion.cosign_responded", s, actor=actor, accepted=bool(accept))
    return cosigner


@transaction.atomic
def suggestion_submit(*, suggestion, actor, version=None):
    """提: draft/returned -> submitted. Title, grounds, proposals and category are required; a motion
    needs 10 deputies (the lead and confirmed co-signers)."""
    s = _lock(suggestion, version)
    _check("submit", s, actor)
    _require(s.title, _("The title is required."))
    _require(s.background, _("Describe the problem and its grounds."))
    _require(s.proposal, _("State your proposals."))
    if s.kind == Suggestion.Kind.MOTION:
        confirmed = s.cosigners.filter(state=CoSigner.State.CONFIRMED).count()
        if confirmed + 1 < MOTION_MIN_DEPUTIES:
            raise WorkflowError(_("A motion needs at least %(n)s deputies: %(have)s have confirmed so far.") % {
                "n": MOTION_MIN_DEPUTIES, "have": confirmed + 1})
    s.submitted_at = timezone.now()
    _move(s, Status.SUBMITTED, ["submitted_at"], actor=actor, action="submit")
    announce("suggestion.submitted", s, actor=actor)
    return s


@transaction.atomic
def suggestion_withdraw(*, suggestion, actor, reasons="", version=None):
    """撤回: the lead deputy withdraws before assignment."""
    s = _lock(suggestion, version)
    _check("withdraw", s, actor)
    _move(s, Status.WITHDRAWN, [], actor=actor, action="withdraw", comment=reasons)
    announce("suggestion.withdrawn", s, actor=actor)
    return s


# --- 阅看 pre-review -----------------------------------------------------------------------------------

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
    rows = {row.pk: row for row in Suggestion.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
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


# --- 交 assignment -------------------------------------------------------------------------------------

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
    assignment = _unit_assignment(s, actor, workflow_roles_answering())
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["accepted_at"])
    _move(s, Status.HANDLING, [], actor=actor, action="accept", comment=str(assignment.unit))
    announce("suggestion.accepted", s, actor=actor, unit=str(assignment.unit))
    return s


def workflow_roles_answering():
    return (Assignment.Role.LEAD, Assignment.Role.SEPARATE)


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
    assignment = _unit_assignment(s, actor, workflow_roles_answering())
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


# --- 办 handling ---------------------------------------------------------------------------------------

@transaction.atomic
def contact_log(*, suggestion, actor, date, way, content, deputy_opinion=""):
    """办前/办中沟通: the answering unit logs a contact with the deputy."""
    s = _lock(suggestion)
    _check("log_contact", s, actor)
    assignment = _unit_assignment(s, actor, workflow_roles_answering())
    _require(content, _("Describe the contact."))
    if date > _today():
        raise WorkflowError(_("A contact cannot be dated in the future."))
    contact = Contact.objects.create(suggestion=s, unit=assignment.unit, date=date, way=way, content=content,
                                     deputy_opinion=deputy_opinion, created_by=actor)
    _save(s, [], actor=actor, action="log_contact", from_state=s.status, comment=content, way=way)
    announce("suggestion.contact_logged", s, actor=actor)
    return contact


@transaction.atomic
def co_opinion_submit(*, suggestion, actor, text):
    """A co-unit's written opinion to the lead unit (once)."""
    s = _lock(suggestion)
    _check("co_opinion", s, actor)
    assignment = _unit_assignment(s, actor, (Assignment.Role.CO,))
    _require(text, _("Write the opinion."))
    if CoUnitOpinion.objects.filter(assignment=assignment).exists():
        raise WorkflowError(_("Your unit has already sent its opinion."))
    opinion = CoUnitOpinion.objects.create(assignment=assignment, text=text, submitted_by=actor)
    _save(s, [], actor=actor, action="co_opinion", from_state=s.status, comment=text[:200])
    announce("suggestion.co_opinion_submitted", s, actor=actor, unit=str(assignment.unit))
    return opinion


@transaction.atomic
def reply_submit(*, suggestion, actor, result_class, text, signer, contact_person, contact_phone,
                 reply_date=None, commitments=(), version=None):
    """答复函: the answering unit replies for this round, with its commitments. The suggestion is
    replied once every answering unit has replied; then the deputy's rating clock starts."""
    s = _lock(suggestion, version)
    _check("reply", s, actor)
    assignment = _unit_assignment(s, actor, workflow_roles_answering())
    if result_class not in ResultClass.values:
        raise WorkflowError(_("Choose the result class."))
    for value, message in ((text, _("Write the reply.")), (signer, _("Who signs the letter?")),
                           (contact_person, _("Give the contact person.")),
                           (contact_phone, _("Give the contact phone."))):
        _require(value, message)
    if not s.contacts.filter(unit=assignment.unit).exists():
        raise WorkflowError(_("Contact the deputy and log it before replying."))
    commitments = [c for c in commitments if c and (c.get("content") or "").strip()]
    if result_class == ResultClass.B and not commitments:
        raise WorkflowError(_("A class B reply needs at least one commitment with its date (the timetable)."))
    for c in commitments:
        if not c.get("due_date") or not (c.get("responsible") or "").strip():
            raise WorkflowError(_("Each commitment needs a date and who is responsible."))
    if Reply.objects.filter(assignment=assignment, round=s.round).exists():
        raise WorkflowError(_("Your unit has already replied in this round."))
    reply = Reply.objects.create(suggestion=s, assignment=assignment, round=s.round, result_class=result_class,
                                 text=text, signer=signer, contact_person=contact_person, contact_phone=contact_phone,
                                 reply_date=reply_date or _today(), created_by=actor)
    Commitment.objects.bulk_create([
        Commitment(reply=reply, suggestion=s, unit=assignment.unit, content=c["content"].strip(),
                   due_date=c["due_date"], responsible=c["responsible"].strip()) for c in commitments])
    answering = [a for a in s.assignments.all() if a.active and a.role in workflow_roles_answering()]
    replied_units = set(Reply.objects.filter(suggestion=s, round=s.round).values_list("assignment_id", flat=True))
    target, fields = None, []
    if all(a.pk in replied_units for a in answering):
        now = timezone.now()
        target = Status.REPLIED
        s.replied_at = now
        s.evaluation_due = deadlines.due_date("suggestion_evaluation", timezone.localdate(now))
        if assignment.role == Assignment.Role.LEAD or not s.final_result_class:
            s.final_result_class = result_class
        fields = ["replied_at", "evaluation_due", "final_result_class"]
    _move(s, target, fields, actor=actor, action="reply", comment=result_class, reply=reply.pk,
          round=s.round, commitments=len(commitments))
    if target:
        announce("suggestion.replied", s, actor=actor, result_class=result_class,
                 evaluation_due=s.evaluation_due.isoformat())
    return reply


@transaction.atomic
def commitment_report(*, commitment, actor, note, fulfilled=False):
    """The unit reports progress on a commitment; `fulfilled` marks it kept."""
    s = _lock(commitment.suggestion)
    _check("report_commitment", s, actor)
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.unit_id != actor.unit_id:
        raise WorkflowError(_("Only the unit that made the commitment reports on it."))
    if commitment.fulfilled_at:
        raise WorkflowError(_("This commitment is already fulfilled."))
    _require(note, _("Describe the progress."))
    progress = CommitmentProgress.objects.create(commitment=commitment, note=note, fulfilled=bool(fulfilled),
                                                 reported_by=actor)
    if fulfilled:
        commitment.fulfilled_at = timezone.now()
        commitment.save(update_fields=["fulfilled_at"])
    _save(s, [], actor=actor, action="report_commitment", from_state=s.status, comment=note,
          commitment=commitment.pk, fulfilled=bool(fulfilled))
    announce("suggestion.commitment_fulfilled" if fulfilled else "suggestion.commitment_reported", s, actor=actor,
             commitment=commitment.content[:100])
    return progress


# --- 督 supervision ------------------------------------------------------------------------------------

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


# --- 评 evaluation and closing -------------------------------------------------------------------------

@transaction.atomic
def evaluation_submit(*, suggestion, actor, attitude, result, comment="", version=None):
    """评: the lead deputy rates this round's reply (or staff record the rating the deputy gave them),
    attitude and result separately. 不满意 on the result -> re-handling (one round by default)."""
    s = _lock(suggestion, version)
    _check("evaluate", s, actor)
    if attitude not in Rating.values or result not in Rating.values:
        raise WorkflowError(_("Rate both the attitude and the result."))
    if result == Rating.DISSATISFIED and not (comment or "").strip():
        raise WorkflowError(_("Please say why you are not satisfied, so the unit can handle it again."))
    replies = list(Reply.objects.filter(suggestion=s, round=s.round, assignment__active=True))
    if not replies:
        raise WorkflowError(_("There is no reply to rate."))
    Evaluation.objects.bulk_create([
        Evaluation(suggestion=s, reply=r, deputy_id=s.lead_deputy_id, round=s.round, attitude=attitude,
                   result=result, comment=comment, recorded_by=actor) for r in replies])
    data = {"attitude": attitude, "result": result, "round": s.round}
    if result == Rating.DISSATISFIED and s.round <= MAX_REHANDLING_ROUNDS:
        # 不满意: handled again within a month, then a new reply and a new rating.
        s.round += 1
        s.reply_due = deadlines.due_date("suggestion_rehandling", _today())
        s.evaluation_due = None
        _move(s, Status.REHANDLING, ["round", "reply_due", "evaluation_due"], actor=actor, action="evaluate",
              comment=comment, **data)
        announce("suggestion.rehandling", s, actor=actor, reply_due=s.reply_due.isoformat(), comment=comment)
    else:
        s.final_rating = result
        _move(s, Status.EVALUATED, ["final_rating"], actor=actor, action="evaluate", comment=comment, **data)
        announce("suggestion.evaluated", s, actor=actor, attitude=attitude, result=result)
    return s


@transaction.atomic
def reply_score(*, suggestion, actor, compliance, document, effect, third_party="", comment=""):
    """Staff score the latest reply letter (合规、文书、效果); scoring again replaces the score."""
    s = _lock(suggestion)
    _check("score", s, actor)
    for value in (compliance, document, effect):
        if value is None or not 0 <= int(value) <= 100:
            raise WorkflowError(_("Scores are whole numbers from 0 to 100."))
    reply = Reply.objects.filter(suggestion=s, assignment__active=True).order_by("-round", "-id").first()
    if reply is None:
        raise WorkflowError(_("There is no reply to score."))
    score, _created = QualityScore.objects.update_or_create(
        reply=reply, defaults={"compliance": compliance, "document": document, "effect": effect,
                               "third_party": third_party, "comment": comment, "scored_by": actor})
    _save(s, [], actor=actor, action="score", from_state=s.status, comment=comment,
          compliance=int(compliance), document=int(document), effect=int(effect))
    announce("suggestion.scored", s, actor=actor)
    return score


@transaction.atomic
def suggestion_close(*, suggestion, actor, comment="", version=None):
    """办结. A reply not rated by its deadline may be closed (it counts as not rated, never as satisfied)."""
    s = _lock(suggestion, version)
    _check("close", s, actor)
    if s.status == Status.REPLIED and s.evaluation_due and _today() <= s.evaluation_due:
        raise WorkflowError(_("The deputy may rate the reply until %(day)s; close it after that day.") % {
            "day": date_format(s.evaluation_due)})
    s.closed_at = timezone.now()
    _move(s, Status.CLOSED, ["closed_at"], actor=actor, action="close", comment=comment,
          rated=bool(s.final_rating))
    announce("suggestion.closed", s, actor=actor)
    return s


@transaction.atomic
def reply_publish(*, suggestion, actor):
    """Publish the reply on the public site, unless it is marked not public."""
    s = _lock(suggestion)
    _check("publish", s, actor)
    if not s.reply_public:
        raise WorkflowError(_("This reply is marked not public."))
    if s.published_at:
        raise WorkflowError(_("This reply is already published."))
    s.published_at = timezone.now()
    _move(s, None, ["published_at"], actor=actor, action="publish")
    announce("suggestion.published", s, actor=actor)
    return s


__all__ = [name for name in dir() if name.startswith(("suggestion_", "cosigner_", "attachment_", "assignment_",
                                                       "reassign_", "extension_", "contact_", "co_opinion_",
                                                       "reply_", "key_", "supervision_", "evaluation_",
                                                       "commitment_", "motion_"))] + ["WorkflowError"]

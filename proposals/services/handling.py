"""办: contacts, co-unit opinions, replies and commitments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core import deadlines

from ..events import announce
from ..models import Assignment, CommitmentProgress, Commitment, Contact, CoUnitOpinion, Reply, ResultClass, Status
from ..numbering import take_reply_number
from ._base import (
    ANSWERING_ROLES, WorkflowError, _check, _lock, _move, _require, _save, _today, _unit_assignment,
)

__all__ = [
    "contact_log", "co_opinion_submit", "reply_submit", "commitment_report",
]


@transaction.atomic
def contact_log(*, suggestion, actor, date, way, content, deputy_opinion=""):
    """办前/办中沟通: the answering unit logs a contact with the deputy."""
    s = _lock(suggestion)
    _check("log_contact", s, actor)
    assignment = _unit_assignment(s, actor, ANSWERING_ROLES)
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
    assignment = _unit_assignment(s, actor, ANSWERING_ROLES)
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
        if c["due_date"] < _today():
            raise WorkflowError(_("A commitment cannot be due in the past."))
    if Reply.objects.filter(assignment=assignment, round=s.round).exists():
        raise WorkflowError(_("Your unit has already replied in this round."))
    reply_date = reply_date or _today()
    reply = Reply.objects.create(suggestion=s, assignment=assignment, round=s.round, result_class=result_class,
                                 text=text, signer=signer, contact_person=contact_person, contact_phone=contact_phone,
                                 reply_date=reply_date, created_by=actor,
                                 letter_number=take_reply_number(assignment.unit, reply_date))
    Commitment.objects.bulk_create([
        Commitment(reply=reply, suggestion=s, unit=assignment.unit, content=c["content"].strip(),
                   due_date=c["due_date"], responsible=c["responsible"].strip()) for c in commitments])
    answering = [a for a in s.assignments.all() if a.active and a.role in ANSWERING_ROLES]
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

"""提: drafts, attachments, co-signers, submitting and withdrawing."""

import io
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.accounts import permissions
from congress_portal.audit.services import audit_record

from ..events import announce
from ..models import Attachment, CoSigner, Status, Suggestion
from . import _base
from ._base import WorkflowError, _check, _lock, _move, _require, _save, _today

__all__ = [
    "suggestion_create_from_opinion",
    "suggestion_create", "suggestion_update", "sniff_attachment", "validate_attachment", "attachment_add",
    "attachment_remove", "cosigner_invite", "cosigner_respond", "suggestion_submit", "suggestion_withdraw",
    "DRAFT_FIELDS", "EXTENSIONS",
]


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


def suggestion_create_from_opinion(*, opinion, actor):
    """A draft led by the deputy, pre-filled from a citizen's opinion (码上提交 -> 代表建议).

    The deputies app stores the suggestion's id on the opinion; this side records the opinion's id
    in the audit trail (a code and an id, no text), so the timeline says where the draft came from.
    Runs in the caller's transaction.
    """
    text = opinion.text.strip()
    first_line = text.splitlines()[0].strip() if text else ""
    title = first_line[:60] or _("Suggestion from a citizen's opinion")
    suggestion = suggestion_create(actor=actor, title=title, background=text)
    audit_record(suggestion, "from_opinion", actor=actor, to_state=suggestion.status, opinion_id=opinion.pk)
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
    if upload.size > _base.ATTACHMENT_MAX_BYTES:
        raise WorkflowError(_("“%(name)s” is too large: at most %(mb)s MB per file.") % {
            "name": upload.name, "mb": _base.ATTACHMENT_MAX_BYTES // (1024 * 1024)})
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
    if s.attachments.count() >= _base.ATTACHMENT_MAX_COUNT:
        raise WorkflowError(_("At most %(n)s attachments per suggestion.") % {"n": _base.ATTACHMENT_MAX_COUNT})
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
        if confirmed + 1 < _base.MOTION_MIN_DEPUTIES:
            raise WorkflowError(_("A motion needs at least %(n)s deputies: %(have)s have confirmed so far.") % {
                "n": _base.MOTION_MIN_DEPUTIES, "have": confirmed + 1})
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

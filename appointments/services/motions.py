"""Every write of appointments: one function per move (CONVENTIONS habit 1). Each locks the nominee's row,
checks the transition table, leaves an audit row, and on refusal raises in Chinese having saved nothing.

The vote itself belongs to the meetings engine: `open_vote` creates one 赞成/反对/弃权 poll per nominee,
linked to the motion's agenda item, and opens it there (the engine checks the quorum); `record_outcome`
reads the closed poll's result (more than half of ALL members of the term)."""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.accounts.permissions import is_staff_member
from congress_portal.audit.services import audit_record
from congress_portal.core import deadlines
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll, PollOption

from .. import workflow
from ..models import (
    AppointmentSettings,
    Kind,
    LawExam,
    Motion,
    NominatingBody,
    Nominee,
    Organ,
    QualificationReview,
    State,
    VoteMode,
)

DEFAULT_CHECKLIST = [
    "符合法定任职条件",
    "任职资历和学历符合要求",
    "组织考察材料齐全",
    "无不得担任该职务的情形",
]


SUBJECT_MAX = PollOption._meta.get_field("subject").max_length


class AppointmentError(Exception):
    """A move refused, with the reason in the user's language; nothing was saved."""


def appointment_settings():
    """The settings row staff edit (created with its defaults the first time it is read)."""
    row, _created = AppointmentSettings.objects.get_or_create(pk=1)
    return row


def motion_days_before():
    """Days before the meeting a motion is due: the core deadline setting `appointment_motion`."""
    return deadlines.get_setting("appointment_motion").amount


def exam_pass_mark():
    return Decimal(str(appointment_settings().exam_pass_mark))


def review_checklist():
    return appointment_settings().checklist_items() or list(DEFAULT_CHECKLIST)


def max_failed_nominations():
    return appointment_settings().max_failed_nominations


def _require_staff(actor):
    if not is_staff_member(actor):
        raise AppointmentError(_("Only committee staff can do this."))


def _lock(nominee):
    return Nominee.objects.select_for_update().select_related("motion__meeting__term").get(pk=nominee.pk)


def _check_move(move_name, nominee):
    if not workflow.can(move_name, nominee):
        raise AppointmentError(_("“%(move)s” cannot be done for %(nominee)s, who is now “%(state)s”.") % {
            "move": workflow.MOVES[move_name].label, "nominee": nominee, "state": nominee.get_state_display()})


def _set_state(nominee, move_name, target, actor, **data):
    assert target in workflow.MOVES[move_name].targets
    source = nominee.state
    nominee.state = target
    nominee.save(update_fields=["state"] + list(data.pop("fields", [])))
    audit_record(nominee, move_name, actor=actor, from_state=source, to_state=target, **data)


def failed_nominations(term, person_name, post, id_number=""):
    """Earlier nominations of this person to this post in the term that the vote did not pass."""
    same_person = Q(id_number=id_number) if id_number else Q(person_name=person_name)
    return Nominee.objects.filter(same_person, motion__meeting__term=term, post=post, state=State.FAILED).count()


def lateness(meeting, submitted_on):
    """(days before the meeting, late?) of a motion submitted on `submitted_on`."""
    days = (meeting.date - submitted_on).days
    return days, days < motion_days_before()


def motion_errors(*, title, meeting, submitted_on, late_consent_on):
    """The motion's own fields, checked: {field: message}."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the motion's title.")
    if meeting is None or submitted_on is None:
        return errors
    days, late = lateness(meeting, submitted_on)
    if days < 0:
        errors["submitted_on"] = _("The motion cannot be submitted after the meeting.")
    elif late and not late_consent_on:
        errors["late_consent_on"] = _(
            "The motion was submitted %(days)s days before the meeting, less than the %(needed)s days "
            "required: record the date of the chairs' meeting's consent.") % {
                "days": days, "needed": motion_days_before()}
    return errors


def nominee_errors(term, nominees):
    """The nominees of a motion, checked: a list of messages (empty when all is well)."""
    if not nominees:
        return [_("A motion needs at least one nominee.")]
    errors = []
    for i, data in enumerate(nominees, start=1):
        name, post = (data.get("person_name") or "").strip(), (data.get("post") or "").strip()
        if not name or not post or not (data.get("reasons") or "").strip():
            errors.append(_("Nominee %(n)s: give the name, the post and the reasons.") % {"n": i})
            continue
        if data.get("kind") not in Kind.values:
            errors.append(_("Nominee %(n)s: choose the kind of appointment or removal.") % {"n": i})
        if data.get("organ") not in Organ.values:
            errors.append(_("Nominee %(n)s: choose the organ.") % {"n": i})
        failed = failed_nominations(term, name, post, (data.get("id_number") or "").strip())
        if failed >= max_failed_nominations():
            errors.append(_(
                "%(name)s was nominated to %(post)s %(failed)s times in this term and not passed: the same "
                "person cannot be nominated to the same post again in the term.") % {
                    "name": name, "post": post, "failed": failed})
    return errors


@transaction.atomic
def motion_register(*, actor, title, nominating_body, meeting, submitted_on, nominees,
                    late_consent_on=None, late_consent_note="", agenda_item=None, vote_mode=VoteMode.SEPARATE):
    """Register a motion with its nominees and put it on the meeting's agenda: on `agenda_item` (an item
    of that meeting about nothing yet, as staff built the agenda) or on a new item at its end.

    A motion submitted less than the set number of days (10) before the meeting is late: it needs the
    chairs' meeting's consent, recorded with its date. A person whose nomination to the same post failed
    twice in the term cannot be nominated to it a third time (DOMAIN §6.5)."""
    _require_staff(actor)
    errors = motion_errors(title=title, meeting=meeting, submitted_on=submitted_on, late_consent_on=late_consent_on)
    if nominating_body not in NominatingBody.values:
        errors["nominating_body"] = _("Choose the nominating body.")
    if vote_mode not in VoteMode.values:
        errors["vote_mode"] = _("Choose how the nominees are voted on.")
    if problems := nominee_errors(meeting.term, nominees):
        errors["nominees"] = problems
    if agenda_item is not None and (agenda_item.meeting_id != meeting.pk or agenda_item.content_type_id):
        errors["agenda_item"] = _("Choose an item of this meeting's agenda that is not about anything else yet.")
    if errors:
        raise ValidationError(errors)
    days, late = lateness(meeting, submitted_on)
    motion = Motion.objects.create(
        title=title.strip(), nominating_body=nominating_body, meeting=meeting, submitted_on=submitted_on,
        late=late, late_consent_on=late_consent_on if late else None,
        late_consent_note=(late_consent_note or "").strip() if late else "", registered_by=actor,
        vote_mode=vote_mode)
    link = {"content_type": ContentType.objects.get_for_model(Motion), "object_id": str(motion.pk)}
    if agenda_item is not None:
        AgendaItem.objects.filter(pk=agenda_item.pk).update(**link)
        motion.agenda_item = agenda_item
    else:
        order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
        motion.agenda_item = AgendaItem.objects.create(meeting=meeting, order=order, title=motion.title[:200], **link)
    motion.save(update_fields=["agenda_item"])
    for data in nominees:
        nominee = Nominee.objects.create(
            motion=motion, person_name=data["person_name"].strip(), post=data["post"].strip(),
            organ=data["organ"], kind=data["kind"], reasons=data["reasons"].strip(),
            resume=(data.get("resume") or "").strip(), id_number=(data.get("id_number") or "").strip(),
            phone=(data.get("phone") or "").strip(), exam_required=data.get("exam_required", True),
            unit=data.get("unit"), exam_scheduled_on=data.get("exam_scheduled_on"))
        audit_record(nominee, "registered", actor=actor, to_state=State.REGISTERED)
    audit_record(motion, "motion_registered", actor=actor, late=late, days_before=days)
    return motion


def review_errors(checklist, remarks):
    """{field: message} for a review's input: every checklist item answered; remarks when one is not met."""
    items = review_checklist()
    if set(checklist) != set(items):
        return {"checklist": _("Answer every item of the checklist.")}
    if not all(bool(checklist[i]) for i in items) and not (remarks or "").strip():
        return {"remarks": _("Say in the remarks why the review failed.")}
    return {}


@transaction.atomic
def nominee_review(*, nominee, actor, checklist, remarks=""):
    """Record the qualification review: every checklist item met passes it; any item not met fails it,
    and then the remarks must say why."""
    _require_staff(actor)
    nominee = _lock(nominee)
    _check_move("review", nominee)
    if errors := review_errors(checklist, remarks):
        raise ValidationError(errors)
    items = review_checklist()
    passed = all(bool(checklist[item]) for item in items)
    remarks = (remarks or "").strip()
    QualificationReview.objects.create(nominee=nominee, checklist={i: bool(checklist[i]) for i in items},
                                       reviewer=actor, passed=passed, remarks=remarks)
    _set_state(nominee, "review", State.REVIEWED if passed else State.REVIEW_FAILED, actor, passed=passed)
    return nominee


def exam_errors(date, score):
    """{field: message} for an exam's input: a score from 0 to 100, a date not in the future."""
    errors = {}
    try:
        score = Decimal(str(score))
        if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
            raise ValueError
    except (InvalidOperation, TypeError, ValueError):
        errors["score"] = _("Enter the score as a number between 0 and 100.")
    if date is None or date > timezone.localdate():
        errors["date"] = _("Enter the date the exam was taken (not in the future).")
    return errors


@transaction.atomic
def nominee_exam(*, nominee, actor, date, score):
    """Record the law exam with the pass mark in force (setting, default 60); below it the nominee fails."""
    _require_staff(actor)
    nominee = _lock(nominee)
    _check_move("exam", nominee)
    if not nominee.exam_required:
        raise AppointmentError(_("This post does not require the law exam."))
    if errors := exam_errors(date, score):
        raise ValidationError(errors)
    score = Decimal(str(score))
    exam = LawExam.objects.create(nominee=nominee, date=date, score=score, pass_mark=exam_pass_mark(),
                                  recorded_by=actor)
    _set_state(nominee, "exam", State.EXAMINED if exam.passed else State.EXAM_FAILED, actor,
               score=str(score), pass_mark=str(exam.pass_mark))
    return nominee


@transaction.atomic
def nominee_send_to_vote(*, nominee, actor):
    """Put the nominee to the vote: refused when the review failed or the exam is missing or below the mark."""
    _require_staff(actor)
    nominee = _lock(nominee)
    review = QualificationReview.objects.filter(nominee=nominee).first()
    if review is None:
        raise AppointmentError(_("%(nominee)s has no qualification review yet and cannot go to the vote.") % {
            "nominee": nominee})
    if not review.passed:
        raise AppointmentError(_("%(nominee)s failed the qualification review and cannot go to the vote.") % {
            "nominee": nominee})
    if nominee.exam_required:
        exam = LawExam.objects.filter(nominee=nominee).first()
        if exam is None:
            raise AppointmentError(_("%(nominee)s has not taken the law exam and cannot go to the vote.") % {
                "nominee": nominee})
        if not exam.passed:
            raise AppointmentError(_(
                "%(nominee)s scored %(score)s in the law exam, below the pass mark of %(mark)s, and cannot go "
                "to the vote.") % {"nominee": nominee, "score": exam.score, "mark": exam.pass_mark})
    _check_move("send_to_vote", nominee)
    _set_state(nominee, "send_to_vote", State.TO_VOTE, actor)
    return nominee


def _subjects(nominees):
    """The ballot's subject of each nominee: "name（post）", made unique within one poll."""
    subjects, seen = [], set()
    for n, nominee in enumerate(nominees, start=1):
        subject = str(nominee)[:SUBJECT_MAX]
        if subject in seen:
            subject = f"{subject[:SUBJECT_MAX - 4]} ({n})"
        seen.add(subject)
        subjects.append(subject)
    return subjects


@transaction.atomic
def nominee_open_vote(*, nominee, actor):
    """Open the vote through the meetings engine, as the motion says: one 赞成/反对/弃权 poll for this
    nominee, or (motion voted together) one poll for every nominee of the motion waiting for the vote, each
    nominee a subject of its own on the ballot. The engine refuses without quorum; then no poll is left
    behind and no nominee moves."""
    _require_staff(actor)
    motion = Motion.objects.select_for_update().get(pk=nominee.motion_id)  # one opening per motion at a time
    nominee = _lock(nominee)
    _check_move("open_vote", nominee)
    if motion.vote_mode == VoteMode.TOGETHER:
        group = list(Nominee.objects.select_for_update().filter(motion=motion, state__in=workflow.MOVES[
            "open_vote"].sources).order_by("pk"))
        title = _("%(motion)s: the nominees together") % {"motion": motion.title}
    else:
        group = [nominee]
        title = _("%(kind)s: %(nominee)s") % {"kind": nominee.get_kind_display(), "nominee": nominee}
    subjects = _subjects(group)
    try:
        poll = votes.poll_create(forum=motion.meeting, title=title[:200], kind=Poll.Kind.YES_NO, actor=actor,
                                 agenda_item=motion.agenda_item, subjects=subjects)
        poll = votes.poll_open(poll=poll, actor=actor)
    except votes.VoteError as exc:
        raise AppointmentError(str(exc)) from None
    for member, subject in zip(group, subjects):
        member.poll, member.poll_subject = poll, subject
        _set_state(member, "open_vote", State.VOTING, actor, poll=poll.pk, fields=["poll", "poll_subject"])
    return next(m for m in group if m.pk == nominee.pk)


@transaction.atomic
def nominee_record_outcome(*, nominee, actor):
    """Passed or not, as the closed poll's result says (more than half of all members of the term)."""
    _require_staff(actor)
    nominee = _lock(nominee)
    _check_move("record_outcome", nominee)
    poll = Poll.objects.select_related("result").get(pk=nominee.poll_id)
    if poll.state == Poll.State.ANNULLED:
        raise AppointmentError(_("The vote on %(nominee)s was annulled (%(reason)s): put the nominee to the vote "
                                 "again.") % {"nominee": nominee, "reason": poll.annul_reason})
    if poll.state not in (Poll.State.CLOSED, Poll.State.PUBLISHED):
        raise AppointmentError(_("The vote on %(nominee)s is %(state)s: close it before recording the outcome.") % {
            "nominee": nominee, "state": poll.get_state_display()})
    rows = poll.result.outcome["subjects"]
    row = next((r for r in rows if r["subject"] == nominee.poll_subject), rows[0] if len(rows) == 1 else None)
    if row is None:
        raise AppointmentError(_("The vote's result has no line for %(nominee)s.") % {"nominee": nominee})
    nominee.votes_for = row["for"]
    nominee.decided_on = poll.meeting.date
    _set_state(nominee, "record_outcome", State.PASSED if row["passed"] else State.FAILED, actor,
               votes_for=row["for"], base=poll.result.base, needed=poll.result.outcome["needed"],
               fields=["votes_for", "decided_on"])
    return nominee


@transaction.atomic
def nominee_vote_again(*, nominee, actor):
    """After the meetings engine annulled the nominee's vote, the nominee waits for a new one (the annulled
    poll stays in the meeting's record)."""
    _require_staff(actor)
    nominee = _lock(nominee)
    _check_move("vote_again", nominee)
    poll = Poll.objects.get(pk=nominee.poll_id)
    if poll.state != Poll.State.ANNULLED:
        raise AppointmentError(_("The vote on %(nominee)s was not annulled; record its outcome once it is "
                                 "closed.") % {"nominee": nominee})
    nominee.poll, nominee.poll_subject = None, ""
    _set_state(nominee, "vote_again", State.TO_VOTE, actor, annulled_poll=poll.pk, fields=["poll", "poll_subject"])
    return nominee

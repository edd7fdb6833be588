"""Every write of deliberation opinions, rectifications, satisfaction votes and special inquiries: one
function per move, each checked, audited and all-or-nothing (CONVENTIONS habit 1).

The satisfaction vote itself (open, phone ballots, paper totals, close) is the meetings engine's: this
module creates the poll there and takes its verdict back.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.accounts.models import Role, User
from congress_portal.accounts.permissions import is_staff_member, is_unit_officer
from congress_portal.audit.services import audit_record
from congress_portal.core import deadlines
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll
from congress_portal.notifications.services import notify
from congress_portal.organization.models import CommitteeMember
from supervision.models import Stage

from . import workflow
from .models import (Evidence, Inquiry, InquiryCommitment, Issue, Opinion, ProgressReport, Question,
                     Rectification, RectState, SatisfactionVote, Verdict)

EVIDENCE_MAX_COUNT = 20


class DeliberationError(Exception):
    """A move refused, with the reason in the user's language; nothing was recorded."""


def _today():
    return timezone.localdate()


def _require_staff(actor):
    if not is_staff_member(actor):
        raise DeliberationError(_("Only committee staff can do this."))


def _text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# ---- who hears -----------------------------------------------------------------------------------------


def unit_officer_ids(unit_ids):
    return list(User.objects.filter(role=Role.UNIT_OFFICER, is_active=True, unit_id__in=set(unit_ids))
                .values_list("pk", flat=True))


def committee_ids(item):
    """The owning committee's staff and the leader in charge of the item."""
    ids = list(User.objects.filter(role=Role.STAFF, is_active=True, office_id=item.committee_id)
               .values_list("pk", flat=True))
    if item.leader_id:
        ids += list(User.objects.filter(committee_member_id=item.leader_id, is_active=True)
                    .values_list("pk", flat=True))
    return ids


def chairs_ids():
    return list(User.objects.filter(is_active=True, committee_member__post__in=CommitteeMember.CHAIRS_MEETING_POSTS,
                                    committee_member__left_on__isnull=True).values_list("pk", flat=True))


# ---- the item's stage --------------------------------------------------------------------------------


def item_stage_set(*, item, stage, actor, reason=""):
    """Move a supervision item on when its opinions are handed over (-> 整改) or its last rectification is
    closed (-> 反馈), through the item's own transition table (supervision/workflow.py) and its services.

    A move that table does not allow now (the item is not at the stage before, or the actor may not move
    items) leaves the item where it is: staff move it on its own page."""
    from supervision import services as item_services
    from supervision import workflow as item_workflow
    from supervision.models import SupervisionItem

    move = {Stage.RECTIFICATION: "rectify", Stage.FEEDBACK: "feedback"}.get(stage)
    locked = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if move is None or locked.stage == stage:
        return locked
    if item_workflow.check(move, locked, item_workflow.relations(locked, actor)) is not None:
        return locked
    if move == "feedback":
        return item_services.item_feedback(item=locked, actor=actor, comment=reason)
    return item_services.item_rectify(item=locked, actor=actor)


# ---- opinions ----------------------------------------------------------------------------------------


@transaction.atomic
def opinion_create(*, item, actor, title, text, number=""):
    """A draft deliberation opinion for `item`; its issues are added before it is issued."""
    _require_staff(actor)
    opinion = Opinion.objects.create(
        item=item, title=_text(title, "title", _("Give the opinion a title.")),
        text=_text(text, "text", _("Write the deliberation opinions.")), number=(number or "").strip())
    audit_record(opinion, "create", actor=actor, to_state=opinion.state)
    return opinion


def _lock_opinion(opinion):
    return Opinion.objects.select_for_update().select_related("item").get(pk=opinion.pk)


@transaction.atomic
def issue_add(*, opinion, actor, text, unit):
    """One issue of the list, to one of the item's target bodies, while the opinion is a draft."""
    _require_staff(actor)
    opinion = _lock_opinion(opinion)
    if opinion.state != Opinion.State.DRAFT:
        raise DeliberationError(_("The opinion has been issued; its issue list can no longer change."))
    text = _text(text, "text", _("Describe the issue."))
    if unit is None:
        raise ValidationError({"unit": _("Choose the target body.")})
    targets = set(opinion.item.target_units.values_list("pk", flat=True))
    if targets and unit.pk not in targets:
        raise ValidationError({"unit": _("“%(unit)s” is not a target body of this supervision item.") % {
            "unit": unit.name}})
    issue = Issue.objects.create(opinion=opinion, text=text, unit=unit, order=opinion.issues.count() + 1)
    audit_record(opinion, "issue_added", actor=actor, issue_id=issue.pk, unit_id=unit.pk)
    return issue


def rectification_setting(item):
    """The deadline setting of a rectification: 2 months for budget reports, 6 for audit, 3 otherwise (DOMAIN §9)."""
    from supervision.models import Kind

    if item.kind == Kind.BUDGET_RECTIFICATION:
        return "rectification_report_budget"
    if item.kind == Kind.AUDIT_RECTIFICATION:
        return "audit_rectification_report"  # 6 months (监督法)
    return "rectification_report"


@transaction.atomic
def opinion_issue(*, opinion, actor, issued_on=None):
    """draft -> issued: handed over face to face (当面交办). Each issue gets its rectification with the
    deadline of the setting; the item moves into 整改; the target bodies are told."""
    _require_staff(actor)
    opinion = _lock_opinion(opinion)
    if opinion.state != Opinion.State.DRAFT:
        raise DeliberationError(_("This opinion was already issued."))
    issues = list(opinion.issues.all())
    if not issues:
        raise DeliberationError(_("Add at least one issue to the issue list before issuing the opinion."))
    return _hand_over(opinion, issues, actor=actor, issued_on=issued_on or _today(), rect_round=1)


def _hand_over(opinion, issues, *, actor, issued_on, rect_round):
    due = deadlines.due_date(rectification_setting(opinion.item), issued_on)
    Rectification.objects.bulk_create([Rectification(issue=i, unit_id=i.unit_id, due_date=due, round=rect_round)
                                       for i in issues])
    opinion.state, opinion.issued_on, opinion.issued_by = Opinion.State.ISSUED, issued_on, actor
    opinion.save(update_fields=["state", "issued_on", "issued_by"])
    audit_record(opinion, "issue", actor=actor, from_state=Opinion.State.DRAFT, to_state=Opinion.State.ISSUED,
                 due=due.isoformat(), round=rect_round)
    item_stage_set(item=opinion.item, stage=Stage.RECTIFICATION, actor=actor,
                   reason=_("Deliberation opinions handed over"))
    notify("opinion_handed_over", subject=opinion, recipients=unit_officer_ids({i.unit_id for i in issues}))
    return opinion


def _report_second_round(vote, actor):
    """After a 不满意 vote on an item's report the reporting bodies must rectify and report again (DOMAIN §4):
    an issued opinion asks each target body for it, with the rectification deadline of the setting counted
    from the vote; its rectifications start in round 2, so a second 不满意 escalates to the chairs' meeting.
    -> the opinion, or None when the item names no target body (staff then issue an opinion by hand)."""
    item = vote.item
    units = list(item.target_units.order_by("id"))
    if not units:
        return None
    today = _today()
    opinion = Opinion.objects.create(
        item=item, after_vote=vote,
        title=(_("Second round of rectification after the unsatisfactory vote on the report: %(item)s") % {
            "item": item.title})[:200],
        text=_("The members voted on the report of “%(item)s” and found it unsatisfactory (%(date)s). The "
               "reporting body rectifies the work the report covers and reports again to the standing "
               "committee by the deadline; if the members are again not satisfied, the matter goes to the "
               "chairs' meeting.") % {"item": item.title, "date": today.isoformat()})
    audit_record(opinion, "create", actor=actor, to_state=opinion.state, vote_id=vote.pk)
    issues = Issue.objects.bulk_create([Issue(
        opinion=opinion, order=n, unit=unit,
        text=_("Rectify the work of the report found unsatisfactory and report again.")) for n, unit in
        enumerate(units, start=1)])
    return _hand_over(opinion, issues, actor=actor, issued_on=today, rect_round=2)


@transaction.atomic
def opinion_publish(*, opinion, actor):
    """An issued opinion is published on the public pages."""
    _require_staff(actor)
    opinion = _lock_opinion(opinion)
    if opinion.state != Opinion.State.ISSUED:
        raise DeliberationError(_("Only an issued opinion can be published."))
    if opinion.published_at:
        raise DeliberationError(_("This opinion is already published."))
    opinion.published_at = timezone.now()
    opinion.save(update_fields=["published_at"])
    audit_record(opinion, "publish", actor=actor)
    return opinion


# ---- rectification moves -----------------------------------------------------------------------------


def _lock_rect(rectification, version=None):
    rect = (Rectification.objects.select_for_update(of=("self",))
            .select_related("issue__opinion__item").get(pk=rectification.pk))
    if version is not None and str(version) != str(rect.version):
        raise DeliberationError(_("This rectification has changed since you opened it; reload the page."))
    return rect


def _check(move, rect, actor):
    reason = workflow.check(move, rect, workflow.relations(rect, actor))
    if reason is not None:
        raise DeliberationError(reason)


def _save(rect, fields, *, actor, action, from_state, **data):
    rect.version += 1
    rect.save(update_fields=[*fields, "version"])
    audit_record(rect, action, actor=actor, from_state=from_state, to_state=rect.state, **data)


@transaction.atomic
def progress_report(*, rectification, actor, text, measures=None):
    """The unit reports progress (and may restate its measures); the state does not change."""
    rect = _lock_rect(rectification)
    _check("report_progress", rect, actor)
    text = _text(text, "text", _("Say what has been done."))
    fields = []
    if measures is not None and measures.strip() and measures.strip() != rect.measures:
        rect.measures = measures.strip()
        fields.append("measures")
    report = ProgressReport.objects.create(rectification=rect, round=rect.round, text=text, reported_by=actor)
    _save(rect, fields, actor=actor, action="report_progress", from_state=rect.state)
    return report


@transaction.atomic
def evidence_add(*, rectification, actor, upload):
    """An evidence file whose content (not name) is PDF, JPG, PNG, DOCX or XLSX, within the size cap."""
    from proposals.services.drafting import EXTENSIONS, WorkflowError, validate_attachment

    rect = _lock_rect(rectification)
    _check("add_evidence", rect, actor)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        content_type, data = validate_attachment(upload)
    except WorkflowError as exc:
        raise ValidationError({"file": str(exc)}) from None
    if rect.evidence.count() >= EVIDENCE_MAX_COUNT:
        raise ValidationError({"file": _("At most %(n)s evidence files per rectification.") % {
            "n": EVIDENCE_MAX_COUNT}})
    original = (upload.name or "file")[-200:]
    evidence = Evidence(rectification=rect, original_name=original, size=len(data), content_type=content_type,
                        uploaded_by=actor)
    # Stored under a random name with the extension of the sniffed type, never the uploaded one.
    evidence.file.save("evidence" + EXTENSIONS[content_type], ContentFile(data), save=False)
    evidence.save()
    _save(rect, [], actor=actor, action="add_evidence", from_state=rect.state, comment=original)
    return evidence


@transaction.atomic
def rectification_submit(*, rectification, actor, text, measures, version=None):
    """rectifying -> reported: the unit's rectification report, asking the committee for acceptance."""
    rect = _lock_rect(rectification, version)
    _check("submit", rect, actor)
    measures = _text(measures if measures is not None else rect.measures, "measures",
                     _("State the rectification measures."))
    text = _text(text, "text", _("Say what has been done."))
    ProgressReport.objects.create(rectification=rect, round=rect.round, text=text, final=True, reported_by=actor)
    previous = rect.state
    rect.state, rect.measures, rect.reported_at = RectState.REPORTED, measures, timezone.now()
    _save(rect, ["state", "measures", "reported_at"], actor=actor, action="submit", from_state=previous)
    notify("rectification_reported", subject=rect, recipients=committee_ids(rect.issue.opinion.item))
    return rect


@transaction.atomic
def rectification_accept(*, rectification, actor, comment="", version=None):
    """reported -> accepted, by the owning committee."""
    rect = _lock_rect(rectification, version)
    _check("accept", rect, actor)
    previous = rect.state
    rect.state, rect.accepted_at, rect.sent_back_reason = RectState.ACCEPTED, timezone.now(), ""
    _save(rect, ["state", "accepted_at", "sent_back_reason"], actor=actor, action="accept", from_state=previous,
          comment=(comment or "").strip())
    notify("rectification_accepted", subject=rect, recipients=unit_officer_ids([rect.unit_id]))
    return rect


@transaction.atomic
def rectification_send_back(*, rectification, actor, reason, version=None):
    """reported -> rectifying, with the reason the unit reads; the deadline stays."""
    rect = _lock_rect(rectification, version)
    _check("send_back", rect, actor)
    reason = _text(reason, "reason", _("Give the reason for sending the rectification back."))
    previous = rect.state
    rect.state, rect.sent_back_reason, rect.reported_at = RectState.RECTIFYING, reason, None
    _save(rect, ["state", "sent_back_reason", "reported_at"], actor=actor, action="send_back",
          from_state=previous, comment=reason)
    notify("rectification_sent_back", subject=rect, recipients=unit_officer_ids([rect.unit_id]),
           context={"detail": reason})
    return rect


@transaction.atomic
def rectification_close(*, rectification, actor, version=None):
    """accepted (no vote held) or escalated (the chairs' meeting has decided) -> closed."""
    rect = _lock_rect(rectification, version)
    _check("close", rect, actor)
    previous = rect.state
    rect.state, rect.closed_at = RectState.CLOSED, timezone.now()
    _save(rect, ["state", "closed_at"], actor=actor, action="close", from_state=previous)
    _maybe_item_feedback(rect.issue.opinion.item, actor)
    return rect


def _maybe_item_feedback(item, actor):
    """When every rectification of the item's issued opinions is closed, the item moves on to 反馈."""
    open_left = Rectification.objects.filter(issue__opinion__item=item).exclude(state=RectState.CLOSED).exists()
    if not open_left and item.stage == Stage.RECTIFICATION:
        item_stage_set(item=item, stage=Stage.FEEDBACK, actor=actor, reason=_("Every rectification is closed"))


# ---- satisfaction votes ------------------------------------------------------------------------------


def _poll_for(*, subject, item, meeting, title, actor):
    if meeting is None:
        raise ValidationError({"meeting": _("Choose the standing committee meeting that holds the vote.")})
    agenda = AgendaItem.objects.create(
        meeting=meeting, order=meeting.agenda_items.count() + 1, title=title[:200],
        content_type=ContentType.objects.get_for_model(type(subject)), object_id=str(subject.pk))
    return votes.poll_create(forum=meeting, title=title[:200], kind=Poll.Kind.SATISFACTION, actor=actor,
                             agenda_item=agenda)


@transaction.atomic
def vote_open_on_rectification(*, rectification, actor, meeting, version=None):
    """accepted -> voting: a draft satisfaction poll at `meeting`, run on the meetings engine's pages."""
    rect = _lock_rect(rectification, version)
    _check("open_vote", rect, actor)
    item = rect.issue.opinion.item
    title = _("Satisfaction vote on the rectification of “%(issue)s” (%(item)s)") % {
        "issue": str(rect).rstrip("。；;.!！ "), "item": item.title}  # no full stop inside the quotes
    poll = _poll_for(subject=rect, item=item, meeting=meeting, title=title, actor=actor)
    vote = SatisfactionVote.objects.create(item=item, rectification=rect, round=rect.round, poll=poll)
    previous = rect.state
    rect.state = RectState.VOTING
    _save(rect, ["state"], actor=actor, action="open_vote", from_state=previous, poll_id=poll.pk)
    return vote


@transaction.atomic
def vote_open_on_report(*, item, actor, meeting):
    """A satisfaction vote on the item's report itself (no rectification): its verdict is recorded."""
    _require_staff(actor)
    if SatisfactionVote.objects.filter(item=item, rectification=None, taken_at__isnull=True).exists():
        raise DeliberationError(_("A satisfaction vote on this report is already under way."))
    if Opinion.objects.filter(after_vote__item=item).exists():
        raise DeliberationError(_("The report was found unsatisfactory: the members now vote on the second "
                                  "round's rectifications, not on the report again."))
    title = _("Satisfaction vote on the report: %(item)s") % {"item": item.title}
    poll = _poll_for(subject=item, item=item, meeting=meeting, title=title, actor=actor)
    vote = SatisfactionVote.objects.create(item=item, poll=poll)
    audit_record(item, "report_vote_opened", actor=actor, poll_id=poll.pk)
    return vote


@transaction.atomic
def vote_take(*, vote, actor):
    """The closed poll's verdict (Zhenhai rule by default, the engine's) comes back here.

    On a report: 不满意 asks the reporting bodies for a second round of rectification (_report_second_round).
    On a rectification: 满意 / 基本满意 close it; a first 不满意 opens a second round of rectification with
    its own deadline; a second 不满意 escalates it to the chairs' meeting (recorded, notified)."""
    _require_staff(actor)
    vote = SatisfactionVote.objects.select_for_update().select_related("poll", "item").get(pk=vote.pk)
    if vote.taken_at:
        raise DeliberationError(_("The result of this vote was already taken."))
    poll = vote.poll
    if poll.state not in (Poll.State.CLOSED, Poll.State.PUBLISHED):
        raise DeliberationError(_("The vote %(title)s is not closed yet.") % {"title": poll.title})
    verdict = poll.result.outcome["verdict"]
    vote.verdict, vote.taken_at = verdict, timezone.now()
    vote.save(update_fields=["verdict", "taken_at"])
    if vote.rectification_id is None:
        audit_record(vote.item, "report_vote_taken", actor=actor, verdict=verdict)
        if verdict == Verdict.UNSATISFIED:
            opinion = _report_second_round(vote, actor)
            notify("report_unsatisfied", subject=vote.item, recipients=committee_ids(vote.item),
                   context={"url": opinion.get_absolute_url() if opinion else ""})
        return vote
    rect = _lock_rect(vote.rectification)
    _check("take_vote", rect, actor)
    item = rect.issue.opinion.item
    previous = rect.state
    if verdict != Verdict.UNSATISFIED:
        rect.state, rect.closed_at = RectState.CLOSED, timezone.now()
        _save(rect, ["state", "closed_at"], actor=actor, action="take_vote", from_state=previous, verdict=verdict)
        _maybe_item_feedback(item, actor)
    elif rect.round == 1:
        rect.round, rect.state = 2, RectState.RECTIFYING
        rect.due_date = deadlines.due_date(rectification_setting(item), _today())
        rect.accepted_at = rect.reported_at = None
        _save(rect, ["round", "state", "due_date", "accepted_at", "reported_at"], actor=actor, action="take_vote",
              from_state=previous, verdict=verdict, due=rect.due_date.isoformat())
        notify("rectification_second_round", subject=rect,
               recipients=unit_officer_ids([rect.unit_id]) + committee_ids(item))
    else:
        rect.state, rect.escalated_at = RectState.ESCALATED, timezone.now()
        _save(rect, ["state", "escalated_at"], actor=actor, action="take_vote", from_state=previous,
              verdict=verdict)
        notify("rectification_escalated", subject=rect, recipients=chairs_ids() + committee_ids(item))
    return vote


# ---- special inquiries -------------------------------------------------------------------------------


@transaction.atomic
def inquiry_create(*, item, actor, title, held_on, meeting=None):
    _require_staff(actor)
    if held_on is None:
        raise ValidationError({"held_on": _("Enter the day of the inquiry.")})
    inquiry = Inquiry.objects.create(item=item, title=_text(title, "title", _("Give the inquiry a title.")),
                                     held_on=held_on, meeting=meeting)
    audit_record(inquiry, "create", actor=actor)
    return inquiry


@transaction.atomic
def question_add(*, inquiry, actor, asker, unit, official, text, answer="", parent=None):
    """A question (or, with `parent`, a follow-up 追问) asked by a member to a unit's official."""
    _require_staff(actor)
    errors = {}
    if asker is None:
        errors["asker"] = _("Choose the member who asks.")
    if unit is None:
        errors["unit"] = _("Choose the unit asked.")
    if not (official or "").strip():
        errors["official"] = _("Name the official who answers.")
    if not (text or "").strip():
        errors["text"] = _("Write the question.")
    if parent is not None and parent.inquiry_id != inquiry.pk:
        errors["parent"] = _("A follow-up belongs to a question of the same inquiry.")
    if errors:
        raise ValidationError(errors)
    question = Question.objects.create(inquiry=inquiry, parent=parent, asker=asker, unit=unit,
                                       official=official.strip(), text=text.strip(), answer=(answer or "").strip())
    audit_record(inquiry, "follow_up" if parent else "question", actor=actor, question_id=question.pk)
    return question


@transaction.atomic
def answer_set(*, question, actor, answer):
    _require_staff(actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    question.answer = _text(answer, "answer", _("Write the answer."))
    question.save(update_fields=["answer"])
    audit_record(question.inquiry, "answer", actor=actor, question_id=question.pk)
    return question


@transaction.atomic
def commitment_add(*, inquiry, actor, unit, content, due_date, responsible, question=None):
    """A commitment made in the inquiry goes into the commitments ledger, with its own due date."""
    _require_staff(actor)
    errors = {}
    if unit is None:
        errors["unit"] = _("Choose the unit that commits.")
    if not (content or "").strip():
        errors["content"] = _("Write what was committed.")
    if due_date is None:
        errors["due_date"] = _("Enter the date by which it is done.")
    elif due_date < inquiry.held_on:
        errors["due_date"] = _("The date cannot be before the inquiry.")
    if not (responsible or "").strip():
        errors["responsible"] = _("Name who is responsible.")
    if question is not None and question.inquiry_id != inquiry.pk:
        errors["question"] = _("Choose a question of this inquiry.")
    if errors:
        raise ValidationError(errors)
    commitment = InquiryCommitment.objects.create(
        inquiry=inquiry, question=question, unit=unit, content=content.strip(), due_date=due_date,
        responsible=responsible.strip())
    audit_record(inquiry, "commitment", actor=actor, commitment_id=commitment.pk)
    return commitment


def can_report_commitment(user, commitment):
    return is_staff_member(user) or (is_unit_officer(user) and user.unit_id == commitment.unit_id)


@transaction.atomic
def commitment_fulfil(*, commitment, actor, evidence):
    """The unit (or staff) records a commitment as fulfilled, with its evidence."""
    commitment = InquiryCommitment.objects.select_for_update().get(pk=commitment.pk)
    if not can_report_commitment(actor, commitment):
        raise DeliberationError(_("Only the committed unit or committee staff can report this commitment."))
    if commitment.fulfilled_at:
        raise DeliberationError(_("This commitment is already fulfilled."))
    commitment.evidence = _text(evidence, "evidence", _("Describe how the commitment was fulfilled."))
    commitment.fulfilled_at, commitment.confirmed_by = timezone.now(), actor
    commitment.save(update_fields=["evidence", "fulfilled_at", "confirmed_by"])
    audit_record(commitment, "fulfil", actor=actor)
    return commitment


def days_left(due, today=None):
    return (due - (today or _today())).days if isinstance(due, datetime.date) else None

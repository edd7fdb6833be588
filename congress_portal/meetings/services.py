"""Every write of the meetings engine: one function per move (CONVENTIONS habit 1).

Opening, closing, annulling, publishing and paper totals each leave an audit row; a ballot never does
(secret ballot). Casting locks the poll row in SHARE mode and closing locks it FOR UPDATE, so a close
waits for the ballots already being written and every ballot after it sees the poll closed: the count
is exactly the ballots accepted before the close.
"""

import random

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.accounts.permissions import is_staff_member
from congress_portal.audit.services import audit_record

from . import rules
from .models import Attendance, Ballot, Participation, PaperTally, Poll, PollOption, PollResult, RollEntry
from .registry import session_voter_ids
from .settings import TIE_STAFF_ORDER, share, vote_setting

State = Poll.State


class VoteError(Exception):
    """A move refused, with the reason in the user's language; nothing was recorded."""


def _require_staff(actor):
    if not is_staff_member(actor):
        raise VoteError(_("Only committee staff can do this."))


def _lock(poll, *, shared=False):
    """The poll's row, locked. SHARE for ballots (they do not block each other), UPDATE for the moves."""
    if shared and connection.vendor == "postgresql":
        return list(Poll.objects.raw("SELECT * FROM meetings_poll WHERE id = %s FOR SHARE", [poll.pk]))[0]
    return Poll.objects.select_for_update().get(pk=poll.pk)


# ---- attendance --------------------------------------------------------------------------------------


def forum_voters(forum):
    """User ids of who sits in the meeting: members in office of its term, or the session's deputies."""
    from congress_portal.accounts.models import User
    from congress_portal.organization.models import Session

    if isinstance(forum, Session):
        return session_voter_ids(forum)
    members = forum.term.members_in_office()
    return set(User.objects.filter(committee_member__in=members, is_active=True).values_list("id", flat=True))


def members_without_account(meeting):
    """Members in office with no active account: counted in the base, but they cannot sign in or be on the
    roll until staff give them one."""
    return list(meeting.term.members_in_office().exclude(user__is_active=True).order_by("sort_order", "id"))


def quorum_of(forum):
    """Who is present against the whole membership, under the forum's quorum rule."""
    from congress_portal.organization.models import Session

    present_filter = {"session": forum} if isinstance(forum, Session) else {"meeting": forum}
    voters = forum_voters(forum)
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT, user_id__in=voters,
                                        **present_filter).count()
    if isinstance(forum, Session):
        return rules.plenary_quorum(present, len(voters), share("plenary_quorum"))
    base = forum.term.members_in_office().count()
    return rules.committee_quorum(present, base, share("committee_quorum"))


@transaction.atomic
def attendance_record(*, forum, user, status, actor, reason="", method=Attendance.Method.STAFF):
    """Record a person's presence, absence or leave (请假, with its reason). Staff record anyone of the
    meeting; a member signs themself in on a phone (present only)."""
    from congress_portal.organization.models import Session

    reason = (reason or "").strip()
    if method == Attendance.Method.PHONE:
        if actor.pk != user.pk or status != Attendance.Status.PRESENT:
            raise VoteError(_("On a phone you can only sign yourself in."))
    else:
        _require_staff(actor)
    if user.pk not in forum_voters(forum):
        raise VoteError(_("%(name)s is not a member of this meeting.") % {"name": user})
    if status == Attendance.Status.LEAVE and not reason:
        raise ValidationError({"reason": _("Give the reason for the leave.")})
    key = {"session": forum} if isinstance(forum, Session) else {"meeting": forum}
    attendance, _created = Attendance.objects.select_for_update().update_or_create(
        user=user, **key,
        defaults={"status": status, "reason": reason if status == Attendance.Status.LEAVE else "",
                  "method": method, "recorded_by": actor})
    return attendance


# ---- polls -------------------------------------------------------------------------------------------

DEFAULT_OPTIONS = {
    Poll.Kind.SATISFACTION: [PollOption.Code.SATISFIED, PollOption.Code.BASIC, PollOption.Code.UNSATISFIED,
                             PollOption.Code.ABSTAIN],
    Poll.Kind.YES_NO: [PollOption.Code.FOR, PollOption.Code.AGAINST, PollOption.Code.ABSTAIN],
}


@transaction.atomic
def poll_create(*, forum, title, kind, actor, agenda_item=None, subjects=(), places=None, runoff_of=None):
    """A draft poll with its ballot options: the four satisfaction choices; 赞成/反对/弃权 for each nominee
    in `subjects` (or once, with no subject); one option per candidate in `subjects` for approval."""
    from congress_portal.organization.models import Session

    _require_staff(actor)
    subjects = [s.strip() for s in subjects if s and s.strip()]
    if kind == Poll.Kind.APPROVAL:
        if not places or places < 1:
            raise ValidationError({"places": _("Say how many candidates are to be chosen.")})
        if len(subjects) <= places:
            raise ValidationError({"subjects": _("An approval vote needs more candidates than places.")})
    poll = Poll.objects.create(
        meeting=None if isinstance(forum, Session) else forum, session=forum if isinstance(forum, Session) else None,
        agenda_item=agenda_item, title=title, kind=kind, rule=Poll.RULE_OF_KIND[kind],
        places=places if kind == Poll.Kind.APPROVAL else None, runoff_of=runoff_of)
    labels = dict(PollOption.Code.choices)
    options = []
    if kind == Poll.Kind.APPROVAL:
        options = [PollOption(poll=poll, subject=s, code=PollOption.Code.CANDIDATE, label=s, order=i)
                   for i, s in enumerate(subjects)]
    else:
        for s in (subjects if kind == Poll.Kind.YES_NO and subjects else [""]):
            options += [PollOption(poll=poll, subject=s, code=code, label=str(labels[code]), order=len(options))
                        for code in DEFAULT_OPTIONS[kind]]
    PollOption.objects.bulk_create(options)
    audit_record(poll, "poll_created", actor=actor, to_state=State.DRAFT)
    return poll


@transaction.atomic
def poll_open(*, poll, actor):
    """draft -> open, when the quorum is there; the voter roll is the members present at this moment."""
    from congress_portal.organization.models import Session

    _require_staff(actor)
    poll = _lock(poll)
    if poll.state != State.DRAFT:
        raise VoteError(_("Only a draft poll can be opened; this one is %(state)s.") % {
            "state": poll.get_state_display()})
    if not poll.options.exists():
        raise VoteError(_("The poll has no options."))
    forum = poll.forum
    quorum = quorum_of(forum)
    if not quorum.reached:
        raise VoteError(_(
            "No quorum: %(present)s of %(base)s present, %(needed)s needed; %(missing)s more must sign in "
            "before the vote can open.") % {"present": quorum.present, "base": quorum.base,
                                            "needed": quorum.needed, "missing": quorum.missing})
    key = {"session": forum} if isinstance(forum, Session) else {"meeting": forum}
    voters = forum_voters(forum)
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT, user_id__in=voters, **key)
    RollEntry.objects.bulk_create([RollEntry(poll=poll, user_id=uid)
                                   for uid in present.values_list("user_id", flat=True)])
    poll.state = State.OPEN
    poll.base, poll.present, poll.opened_at = quorum.base, quorum.present, timezone.now()
    poll.save(update_fields=["state", "base", "present", "opened_at"])
    audit_record(poll, "poll_opened", actor=actor, from_state=State.DRAFT, to_state=State.OPEN,
                 base=quorum.base, present=quorum.present)
    return poll


def not_on_roll_message():  # noqa: N802 - a message, translated when read
    return _("You are not on the roll of this vote (only members signed in when it opened may vote).")


def refuse_unless_open(poll):
    if poll.state == State.ANNULLED:
        raise VoteError(_("This vote was annulled: %(reason)s") % {"reason": poll.annul_reason})
    if poll.state in (State.CLOSED, State.PUBLISHED):
        raise VoteError(_("Voting has closed; your ballot was not recorded."))
    if poll.state != State.OPEN:
        raise VoteError(_("This vote has not opened yet."))


def validate_choices(poll, option_ids):
    """The chosen option ids, checked against the ballot's form; raises VoteError in the voter's words."""
    options = {o.pk: o for o in poll.options.all()}
    try:
        chosen = sorted({int(x) for x in option_ids})
    except (TypeError, ValueError):
        raise VoteError(_("The ballot is not valid: choose again.")) from None
    if any(pk not in options for pk in chosen):
        raise VoteError(_("The ballot is not valid: choose again."))
    if poll.kind == Poll.Kind.APPROVAL:
        try:
            rules.check_approval_ballot(chosen, poll.places)
        except rules.TooManyApprovals as exc:
            raise VoteError(_("You approved %(n)s candidates; at most %(places)s may be approved.") % {
                "n": exc.args[0], "places": poll.places}) from None
        return chosen
    per_subject = {}
    for pk in chosen:
        per_subject.setdefault(options[pk].subject, []).append(pk)
    subjects = {o.subject for o in options.values()}
    missing = [s for s in subjects if len(per_subject.get(s, [])) != 1]
    if missing:
        if any(len(per_subject.get(s, [])) > 1 for s in subjects):
            raise VoteError(_("Choose only one option for each question."))
        raise VoteError(_("Choose one option for each question before submitting."))
    return chosen


def poll_cast(*, poll, voter, option_ids):
    """One phone ballot. Who voted and what was chosen are written apart; the database's unique
    constraint keeps one participation per voter (two tabs at once: the second is refused)."""
    with transaction.atomic():
        poll = _lock(poll, shared=True)
        refuse_unless_open(poll)
        if not RollEntry.objects.filter(poll=poll, user=voter).exists():
            raise VoteError(not_on_roll_message())
        chosen = validate_choices(poll, option_ids)
        try:
            with transaction.atomic():
                Participation.objects.create(poll=poll, user=voter, channel=Participation.Channel.PHONE)
        except IntegrityError:
            raise VoteError(_("You have already voted in this poll; a ballot cannot be changed.")) from None
        Ballot.objects.create(poll=poll, choices=chosen)
    return True


@transaction.atomic
def poll_mark_paper_voters(*, poll, voters, actor):
    """Members on the roll who vote on paper: their participation (channel paper) is recorded, so that
    they cannot also vote on a phone, and the paper totals must reconcile with their number."""
    _require_staff(actor)
    poll = _lock(poll)
    refuse_unless_open(poll)
    on_roll = set(RollEntry.objects.filter(poll=poll).values_list("user_id", flat=True))
    names = []
    for voter in voters:
        if voter.pk not in on_roll:
            raise ValidationError({"voters": _("%(name)s is not on the roll of this vote.") % {"name": voter}})
        try:
            with transaction.atomic():
                Participation.objects.create(poll=poll, user=voter, channel=Participation.Channel.PAPER)
        except IntegrityError:
            raise ValidationError({"voters": _("%(name)s has already voted.") % {"name": voter}}) from None
        names.append(str(voter))
    audit_record(poll, "paper_voters", actor=actor, voters=names)
    return len(names)


def _check_paper_counts(poll, valid, counts):
    options = list(poll.options.all())
    errors = []
    for o in options:
        if counts.get(o.pk, 0) < 0:
            errors.append(_("A count cannot be negative."))
    if poll.kind == Poll.Kind.APPROVAL:
        over = [o.label for o in options if counts.get(o.pk, 0) > valid]
        if over:
            errors.append(_("%(names)s: more approvals than valid ballots.") % {"names": "、".join(over)})
        if sum(counts.get(o.pk, 0) for o in options) > valid * poll.places:
            errors.append(_("More approvals than the valid ballots allow (%(places)s each).") % {
                "places": poll.places})
    else:
        for subject, group in poll.subjects():
            total = sum(counts.get(o.pk, 0) for o in group)
            if total != valid:
                errors.append(_("%(subject)s: the votes add up to %(total)s, the valid ballots are %(valid)s.") % {
                    "subject": subject or poll.title, "total": total, "valid": valid})
    if errors:
        raise ValidationError({"counts": errors})


@transaction.atomic
def poll_enter_paper_tally(*, poll, actor, issued, valid, invalid, not_returned, counts):
    """The paper part's counted totals (`counts`: {option id: votes}). Refused unless they reconcile: issued
    = valid + invalid + not returned, and issued = the paper voters signed in."""
    _require_staff(actor)
    poll = _lock(poll)
    refuse_unless_open(poll)
    paper_voters = Participation.objects.filter(poll=poll, channel=Participation.Channel.PAPER).count()
    if issued != paper_voters:
        raise ValidationError({"issued": _("%(issued)s ballots issued, but %(n)s members were recorded as "
                                           "voting on paper.") % {"issued": issued, "n": paper_voters}})
    if issued != valid + invalid + not_returned:
        raise ValidationError({"issued": _("Issued (%(issued)s) must equal valid + invalid + not returned "
                                           "(%(sum)s).") % {"issued": issued, "sum": valid + invalid + not_returned}})
    counts = {int(k): int(v) for k, v in counts.items()}
    _check_paper_counts(poll, valid, counts)
    tally, _created = PaperTally.objects.update_or_create(poll=poll, defaults={
        "issued": issued, "valid": valid, "invalid": invalid, "not_returned": not_returned,
        "counts": {str(k): v for k, v in counts.items()}, "entered_by": actor})
    audit_record(poll, "paper_tally", actor=actor, issued=issued, valid=valid, invalid=invalid,
                 not_returned=not_returned, counts=tally.counts)
    return tally


def outcome_of(poll, counts, base):
    """The outcome under the poll's rule, from {option id: votes} and the base (all members)."""
    options = list(poll.options.all())
    if poll.rule == Poll.Rule.ZHENHAI:
        by_code = {o.code: counts.get(o.pk, 0) for o in options}
        verdict = rules.zhenhai(by_code.get("satisfied", 0), by_code.get("basic", 0), base,
                                share("satisfaction_share"))
        return {"verdict": verdict}
    if poll.rule == Poll.Rule.MAJORITY_ALL:
        needed = rules.needed_more_than(base, share("pass_share"))
        return {"needed": needed, "subjects": [
            {"subject": subject, "for": sum(counts.get(o.pk, 0) for o in group if o.code == "for"),
             "passed": rules.majority_of_all(sum(counts.get(o.pk, 0) for o in group if o.code == "for"), base,
                                             share("pass_share"))}
            for subject, group in poll.subjects()]}
    order = None
    tie_rule = vote_setting("approval_tie")
    ranking = rules.approval_top_n({o.pk: counts.get(o.pk, 0) for o in options}, poll.places, order)
    return {"chosen": ranking.chosen, "tied": ranking.tied, "open_places": ranking.open_places,
            "tie_rule": tie_rule}


@transaction.atomic
def poll_close(*, poll, actor):
    """open -> closed: count the ballots accepted so far and the paper totals, under the poll's rule.

    The ballots are rewritten in random order under new random keys, so that neither their storage order
    nor the transaction that wrote each of them (PostgreSQL's xmin) can be matched with a participation."""
    _require_staff(actor)
    poll = _lock(poll)
    if poll.state != State.OPEN:
        raise VoteError(_("Only an open poll can be closed; this one is %(state)s.") % {
            "state": poll.get_state_display()})
    paper_voters = Participation.objects.filter(poll=poll, channel=Participation.Channel.PAPER).count()
    tally = PaperTally.objects.filter(poll=poll).first()
    if paper_voters and tally is None:
        raise VoteError(_("%(n)s members voted on paper: enter the paper totals before closing.") % {
            "n": paper_voters})
    ballots = list(Ballot.objects.filter(poll=poll).values_list("choices", flat=True))
    random.SystemRandom().shuffle(ballots)
    Ballot.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create([Ballot(poll=poll, choices=choices) for choices in ballots])
    counts = {o.pk: 0 for o in poll.options.all()}
    for choices in ballots:
        for pk in choices:
            counts[pk] += 1
    if tally is not None:
        for k, v in tally.counts.items():
            counts[int(k)] = counts.get(int(k), 0) + v
    outcome = outcome_of(poll, counts, poll.base)
    PollResult.objects.create(poll=poll, counts={str(k): v for k, v in counts.items()}, phone_ballots=len(ballots),
                              paper_valid=tally.valid if tally else 0, base=poll.base, outcome=outcome)
    poll.state, poll.closed_at = State.CLOSED, timezone.now()
    poll.save(update_fields=["state", "closed_at"])
    audit_record(poll, "poll_closed", actor=actor, from_state=State.OPEN, to_state=State.CLOSED,
                 phone_ballots=len(ballots), paper_valid=tally.valid if tally else 0)
    return poll


@transaction.atomic
def poll_decide_tie(*, poll, actor, order):
    """Where the setting says ties at the cut are decided by the order staff set: that order, recorded."""
    _require_staff(actor)
    poll = _lock(poll)
    result = PollResult.objects.select_for_update().get(poll=poll)
    tied = result.outcome.get("tied") or []
    if result.outcome.get("tie_rule") != TIE_STAFF_ORDER or not tied:
        raise VoteError(_("This result has no tie to be decided by staff."))
    order = [int(x) for x in order]
    if sorted(order) != sorted(tied):
        raise ValidationError({"order": _("Put every tied candidate in order, each once.")})
    counts = {int(k): v for k, v in result.counts.items()}
    ranking = rules.approval_top_n(counts, poll.places, order)
    result.outcome = {**result.outcome, "chosen": ranking.chosen, "tied": [], "staff_order": order}
    result.save(update_fields=["outcome"])
    audit_record(poll, "tie_decided", actor=actor, order=order)
    return result


@transaction.atomic
def poll_create_runoff(*, poll, actor):
    """A draft run-off among the candidates tied at the cut, for the places still open."""
    _require_staff(actor)
    poll = _lock(poll)
    result = getattr(poll, "result", None)
    if result is None or not result.outcome.get("tied") or result.outcome.get("tie_rule") == TIE_STAFF_ORDER:
        raise VoteError(_("This result has no tie that needs a run-off."))
    if poll.runoffs.exclude(state=State.ANNULLED).exists():
        raise VoteError(_("A run-off of this vote already exists."))
    names = dict(poll.options.values_list("pk", "subject"))
    runoff = poll_create(forum=poll.forum, title=_("Run-off: %(title)s") % {"title": poll.title},
                         kind=Poll.Kind.APPROVAL, actor=actor, agenda_item=poll.agenda_item,
                         subjects=[names[pk] for pk in result.outcome["tied"]],
                         places=result.outcome["open_places"], runoff_of=poll)
    # The run-off ballot reads as the first one did (a candidate's label may carry its unit and budget).
    labels = dict(poll.options.values_list("subject", "label"))
    relabelled = list(runoff.options.all())
    for option in relabelled:
        option.label = labels.get(option.subject, option.label)
    PollOption.objects.bulk_update(relabelled, ["label"])
    audit_record(poll, "runoff_created", actor=actor, runoff=runoff.pk)
    return runoff


@transaction.atomic
def poll_publish(*, poll, actor):
    """closed -> published: members and the big screen see the result."""
    _require_staff(actor)
    poll = _lock(poll)
    if poll.state != State.CLOSED:
        raise VoteError(_("Only a closed poll can be published; this one is %(state)s.") % {
            "state": poll.get_state_display()})
    poll.state, poll.published_at = State.PUBLISHED, timezone.now()
    poll.save(update_fields=["state", "published_at"])
    audit_record(poll, "poll_published", actor=actor, from_state=State.CLOSED, to_state=State.PUBLISHED)
    return poll


@transaction.atomic
def poll_annul(*, poll, actor, reason):
    """Annul a poll (with its reason) before its result is published; its ballots no longer count."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for annulling the vote.")})
    poll = _lock(poll)
    if poll.state in (State.ANNULLED, State.PUBLISHED):
        raise VoteError(_("A %(state)s poll cannot be annulled.") % {"state": poll.get_state_display()})
    previous = poll.state
    poll.state, poll.annul_reason = State.ANNULLED, reason
    poll.save(update_fields=["state", "annul_reason"])
    audit_record(poll, "poll_annulled", actor=actor, from_state=previous, to_state=State.ANNULLED, comment=reason)
    return poll

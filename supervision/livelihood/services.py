"""Every write of the livelihood projects: one function per move, each checked, audited, all-or-nothing.

The plenary vote itself (open, cast, paper totals, close, run-off) is the meetings engine's: this module
creates the ballot there and takes its result back."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congress_portal.accounts.permissions import is_staff_member, is_unit_officer
from congress_portal.audit.services import audit_record
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll, PollOption
from congress_portal.organization.models import HandlingUnit

from .models import CandidateProject, ChosenProject, ProgressReport, ProjectProposal, Solicitation


class LivelihoodError(Exception):
    """A move refused, with the reason in the user's language; nothing was recorded."""


def _require_staff(actor):
    if not is_staff_member(actor):
        raise LivelihoodError(_("Only committee staff can do this."))


def _lock(solicitation):
    return Solicitation.objects.select_for_update().get(pk=solicitation.pk)


@transaction.atomic
def proposal_submit(*, solicitation, text, proposer_name="", proposer_phone="", user=None, today=None):
    """A member of the public (or a signed-in deputy) proposes a project while the solicitation is open;
    -> the proposal with its tracking code."""
    if not solicitation.is_open(today):
        raise LivelihoodError(_("The solicitation of %(year)s is not open: it runs from %(opens)s to %(closes)s.") % {
            "year": solicitation.year, "opens": solicitation.opens_on.isoformat(),
            "closes": solicitation.closes_on.isoformat()})
    text = (text or "").strip()
    if len(text) < 5:
        raise ValidationError({"text": _("Describe the project in at least 5 characters.")})
    proposal = ProjectProposal.objects.create(
        solicitation=solicitation, text=text, proposer_name=(proposer_name or "").strip(),
        proposer_phone=(proposer_phone or "").strip(),
        proposer=user if user is not None and user.is_authenticated else None)
    audit_record(proposal, "submit", actor=proposal.proposer, to_state=proposal.status)
    return proposal


@transaction.atomic
def candidate_create(*, solicitation, actor, title, description, budget, unit, expected_completion,
                     proposals=()):
    """Staff screen proposals into a candidate project, before the list is approved; the proposals it
    came from are marked adopted (their proposers see it with their tracking code)."""
    _require_staff(actor)
    solicitation = _lock(solicitation)
    if solicitation.approved_at:
        raise LivelihoodError(_("The candidate list of %(year)s is already approved; it can no longer change.") % {
            "year": solicitation.year})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the project a title.")})
    if solicitation.candidates.filter(title=title).exists():
        raise ValidationError({"title": _("Another candidate project of this year has this title.")})
    if budget is None or budget < 0:
        raise ValidationError({"budget": _("Enter the budget, in 10,000 yuan.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit is no longer active.")})
    proposals = list(proposals)
    if any(p.solicitation_id != solicitation.pk for p in proposals):
        raise ValidationError({"proposals": _("Only proposals made to this year's solicitation can be used.")})
    candidate = CandidateProject.objects.create(
        solicitation=solicitation, title=title, description=(description or "").strip(), budget=budget, unit=unit,
        expected_completion=expected_completion, order=solicitation.candidates.count() + 1)
    candidate.proposals.set(proposals)
    ProjectProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(status=ProjectProposal.Status.ADOPTED)
    audit_record(candidate, "candidate_created", actor=actor, proposals=[p.pk for p in proposals])
    return candidate


@transaction.atomic
def candidate_list_approve(*, solicitation, actor, meeting=None):
    """The standing committee approves the candidate list before the session: more candidates than places
    (差额票决), and the solicitation closed."""
    _require_staff(actor)
    solicitation = _lock(solicitation)
    if solicitation.approved_at:
        raise LivelihoodError(_("The candidate list of %(year)s is already approved.") % {"year": solicitation.year})
    if timezone.localdate() <= solicitation.closes_on:
        raise LivelihoodError(_("The solicitation is still open until %(closes)s; approve the list after it closes.")
                              % {"closes": solicitation.closes_on.isoformat()})
    count = solicitation.candidates.count()
    if count <= solicitation.places:
        raise LivelihoodError(_(
            "The list has %(count)s candidates for %(places)s places: a vote needs more candidates than places.")
            % {"count": count, "places": solicitation.places})
    solicitation.approved_at, solicitation.approved_by, solicitation.approval_meeting = timezone.now(), actor, meeting
    solicitation.save(update_fields=["approved_at", "approved_by", "approval_meeting"])
    audit_record(solicitation, "list_approved", actor=actor, candidates=count,
                 meeting=meeting.pk if meeting else None)
    return solicitation


@transaction.atomic
def ballot_create(*, solicitation, session, actor):
    """The plenary ballot: an agenda item of the session and a draft poll "approve up to N of M" (N = the
    places) in the meetings engine, one option per candidate in the list's order."""
    _require_staff(actor)
    solicitation = _lock(solicitation)
    if not solicitation.approved_at:
        raise LivelihoodError(_("The standing committee has not approved the candidate list yet."))
    if solicitation.poll_id and solicitation.poll.state != Poll.State.ANNULLED:
        raise LivelihoodError(_("The ballot of %(year)s already exists.") % {"year": solicitation.year})
    candidates = list(solicitation.candidates.order_by("order", "id"))
    from django.contrib.contenttypes.models import ContentType

    title = _("Vote on the livelihood projects of %(year)s") % {"year": solicitation.year}
    item = AgendaItem.objects.create(
        session=session, order=session.agenda_items.count() + 1, title=title,
        content_type=ContentType.objects.get_for_model(Solicitation), object_id=str(solicitation.pk))
    poll = votes.poll_create(forum=session, title=title, kind=Poll.Kind.APPROVAL, actor=actor, agenda_item=item,
                             subjects=[c.title for c in candidates], places=solicitation.places)
    options = {o.subject: o for o in poll.options.all()}
    units = dict(HandlingUnit.objects.filter(pk__in={c.unit_id for c in candidates}).values_list("pk", "name"))
    for candidate in candidates:
        option = candidate.option = options[candidate.title]
        # The deputy reads each candidate's unit and budget on the ballot (the engine shows the label).
        option.label = (_("%(title)s (%(unit)s, budget %(budget)s ten-thousand yuan)") % {
            "title": candidate.title, "unit": units[candidate.unit_id], "budget": candidate.budget})[:120]
    PollOption.objects.bulk_update(options.values(), ["label"])
    CandidateProject.objects.bulk_update(candidates, ["option"])
    solicitation.poll, solicitation.session = poll, session
    solicitation.save(update_fields=["poll", "session"])
    audit_record(solicitation, "ballot_created", actor=actor, poll=poll.pk)
    return poll


def _chosen_subjects(poll):
    """The subjects chosen by a closed poll, in order, following its run-offs for a tie at the cut.
    Raises LivelihoodError while a tie is still undecided."""
    if poll.state not in (Poll.State.CLOSED, Poll.State.PUBLISHED):
        raise LivelihoodError(_("The vote %(title)s is not closed yet.") % {"title": poll.title})
    outcome = poll.result.outcome
    names = dict(poll.options.values_list("pk", "subject"))
    chosen = [names[pk] for pk in outcome["chosen"]]
    if outcome.get("tied"):
        runoff = poll.runoffs.exclude(state=Poll.State.ANNULLED).first()
        if runoff is None:
            raise LivelihoodError(_(
                "Candidates are tied at the cut: hold the run-off among them (or decide by the order staff "
                "set, if the setting says so) before taking the result."))
        chosen += _chosen_subjects(runoff)
    return chosen


@transaction.atomic
def result_take(*, solicitation, actor):
    """The closed vote's result becomes the year's chosen projects, ranked by approvals (those chosen in a
    run-off after the ones chosen outright)."""
    _require_staff(actor)
    solicitation = _lock(solicitation)
    if solicitation.result_taken_at:
        raise LivelihoodError(_("The result of %(year)s was already taken.") % {"year": solicitation.year})
    if not solicitation.poll_id:
        raise LivelihoodError(_("There is no ballot for %(year)s yet.") % {"year": solicitation.year})
    poll = solicitation.poll
    subjects = _chosen_subjects(poll)
    counts = {int(k): v for k, v in poll.result.counts.items()}
    by_title = {c.title: c for c in solicitation.candidates.all()}
    ChosenProject.objects.bulk_create([
        ChosenProject(candidate=by_title[s], rank=rank, approvals=counts.get(by_title[s].option_id, 0))
        for rank, s in enumerate(subjects, start=1)])
    solicitation.result_taken_at = timezone.now()
    solicitation.save(update_fields=["result_taken_at"])
    audit_record(solicitation, "result_taken", actor=actor, chosen=subjects)
    return list(ChosenProject.objects.filter(candidate__solicitation=solicitation))


def can_report(user, project):
    """The responsible unit's officers report a project's progress."""
    return is_unit_officer(user) and user.unit_id == project.candidate.unit_id


@transaction.atomic
def progress_report(*, project, actor, progress, text):
    """The responsible unit reports progress; the project's progress bar moves to it (never back)."""
    project = ChosenProject.objects.select_for_update().select_related("candidate").get(pk=project.pk)
    if not can_report(actor, project):
        raise LivelihoodError(_("Only the responsible unit can report this project's progress."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": pgettext("progress report", "Say what was done.")})
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage between 0 and 100.")})
    if progress < project.progress:
        raise ValidationError({"progress": _("Progress was already %(now)s%%; it cannot go back.") % {
            "now": project.progress}})
    report = ProgressReport.objects.create(project=project, progress=progress, text=text, reported_by=actor)
    from_progress, project.progress = project.progress, progress
    project.save(update_fields=["progress"])
    audit_record(project, "progress_reported", actor=actor, from_state=str(from_progress), to_state=str(progress))
    return report

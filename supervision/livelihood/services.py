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
from congress_portal.core import deadlines
from congress_portal.meetings import services as votes
from congress_portal.meetings.models import AgendaItem, Poll, PollOption
from congress_portal.organization.models import HandlingUnit

from . import selectors
from .models import (CandidateProject, ChosenProject, Inspection, Milestone, ProgressReport, ProjectPhoto,
                     ProjectProposal, Solicitation, Verdict)


PROGRESS_SETTING = "livelihood_progress"


def _public_changed(drop=selectors.data_changed):
    """The public pages keep rendered parts until the data changes: drop them now (this request's own next
    read) and again at commit (a read between the two cannot keep the old data)."""
    drop()
    transaction.on_commit(drop)


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
def proposal_decline(*, proposal, actor, reason):
    """Staff decline a proposal with the reason its proposer reads with the tracking code; only a proposal
    still being screened, and only before the candidate list is approved."""
    _require_staff(actor)
    proposal = ProjectProposal.objects.select_for_update().select_related("solicitation").get(pk=proposal.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the proposal is not taken up: the proposer reads it.")})
    if proposal.status != ProjectProposal.Status.RECEIVED:
        raise LivelihoodError(_("Only a proposal still being screened can be declined; this one is: %(state)s.") % {
            "state": proposal.get_status_display()})
    if proposal.solicitation.approved_at:
        raise LivelihoodError(_("The candidate list of %(year)s is already approved; it can no longer change.") % {
            "year": proposal.solicitation.year})
    proposal.status, proposal.decline_reason, proposal.declined_at = (
        ProjectProposal.Status.DECLINED, reason, timezone.now())
    proposal.save(update_fields=["status", "decline_reason", "declined_at"])
    audit_record(proposal, "declined", actor=actor, from_state=ProjectProposal.Status.RECEIVED,
                 to_state=proposal.status, comment=reason)
    return proposal


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
    _public_changed(selectors.result_changed)
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
    # The first quarterly report falls due one period (DeadlineSetting livelihood_progress) after the vote.
    first_due = deadlines.due_date(PROGRESS_SETTING, timezone.localdate())
    ChosenProject.objects.bulk_create([
        ChosenProject(candidate=by_title[s], rank=rank, approvals=counts.get(by_title[s].option_id, 0),
                      next_report_due=first_due)
        for rank, s in enumerate(subjects, start=1)])
    solicitation.result_taken_at = timezone.now()
    solicitation.save(update_fields=["result_taken_at"])
    audit_record(solicitation, "result_taken", actor=actor, chosen=subjects)
    return list(ChosenProject.objects.filter(candidate__solicitation=solicitation))


def can_report(user, project):
    """The responsible unit's officers report a project's progress."""
    return is_unit_officer(user) and user.unit_id == project.candidate.unit_id


def _lock_project(project):
    return ChosenProject.objects.select_for_update().select_related("candidate__solicitation").get(pk=project.pk)


@transaction.atomic
def progress_report(*, project, actor, progress, text, period=ProgressReport.Period.QUARTER, budget_spent=None):
    """The responsible unit reports progress (年初问计划、年中问进度、年末问结果, and each quarter between):
    the progress bar moves to it (never back), the budget spent with it (never down), and the next
    quarterly report falls due one period (DeadlineSetting livelihood_progress) from today."""
    _public_changed()
    project = _lock_project(project)
    if not can_report(actor, project):
        raise LivelihoodError(_("Only the responsible unit can report this project's progress."))
    if project.evaluated_at:
        raise LivelihoodError(_("The deputies have evaluated this project; its reports are closed."))
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = pgettext("progress report", "Say what was done.")
    if period not in ProgressReport.Period.values:
        errors["period"] = _("Choose which report this is.")
    if progress is None or not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    elif progress < project.progress:
        errors["progress"] = _("Progress was already %(now)s%%; it cannot go back.") % {"now": project.progress}
    if budget_spent is not None:
        if budget_spent < 0:
            errors["budget_spent"] = _("The budget spent cannot be negative.")
        elif budget_spent < project.budget_spent:
            errors["budget_spent"] = _("%(now)s (10,000 yuan) were already reported spent; the figure cannot go "
                                       "down.") % {"now": project.budget_spent}
    if errors:
        raise ValidationError(errors)
    report = ProgressReport.objects.create(project=project, progress=progress, text=text, reported_by=actor,
                                           period=period, budget_spent=budget_spent)
    from_progress, project.progress = project.progress, progress
    fields = ["progress", "next_report_due"]
    if budget_spent is not None:
        project.budget_spent = budget_spent
        fields.append("budget_spent")
    # A finished project owes no more quarterly reports.
    project.next_report_due = None if progress == 100 else deadlines.due_date(PROGRESS_SETTING,
                                                                              timezone.localdate())
    project.save(update_fields=fields)
    audit_record(project, "progress_reported", actor=actor, from_state=str(from_progress), to_state=str(progress),
                 period=period)
    return report


def can_edit_plan(user, project):
    """Milestones and photos: the responsible unit's officers, or committee staff."""
    return is_staff_member(user) or can_report(user, project)


@transaction.atomic
def milestone_add(*, project, actor, title, planned_on):
    """A step of the project's plan (年初问计划), by the unit or staff."""
    _public_changed()
    project = _lock_project(project)
    if not can_edit_plan(actor, project):
        raise LivelihoodError(_("Only the responsible unit or committee staff can change the project's plan."))
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Name the milestone.")
    if planned_on is None:
        errors["planned_on"] = _("Give the planned date.")
    if errors:
        raise ValidationError(errors)
    milestone = Milestone.objects.create(project=project, title=title, planned_on=planned_on)
    audit_record(project, "milestone_added", actor=actor, milestone=title, planned_on=planned_on.isoformat())
    return milestone


def _store_photo(jpeg):
    """Stores checked, re-encoded JPEG bytes under a random private name; -> the name."""
    import secrets

    from django.core.files.base import ContentFile

    from deputies.uploads import private_storage

    return private_storage().save(f"livelihood/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.jpg",
                                  ContentFile(jpeg))


def milestone_progress(reached, total):
    """The progress a project's reached milestones stand for: the share reached, rounded down (so 100% only
    when every milestone is reached)."""
    return 100 * reached // total if total else 0


def milestone_reach(*, milestone, actor, done_on, note="", jpeg=None, caption=""):
    """The responsible unit (or staff) marks a milestone reached: once, on a day not in the future, with
    what was done and optionally a photo as evidence (`jpeg`: the upload already checked and re-encoded).
    The progress bar moves up to the share of milestones reached (never back); a project at 100% owes no
    more quarterly reports. The photo is stored before the rows; a refused move leaves no row."""
    note = (note or "").strip()
    caption = (caption or "").strip()
    errors = {}
    if done_on is None or done_on > timezone.localdate():
        errors["done_on"] = _("Give the day it was reached (not a future day).")
    if jpeg is not None and not caption:
        errors["caption"] = _("Say what the photo shows.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().select_related("project__candidate").get(pk=milestone.pk)
        if not can_edit_plan(actor, milestone.project):
            raise LivelihoodError(_("Only the responsible unit or committee staff can change the project's plan."))
        if milestone.done_on:
            raise LivelihoodError(_("This milestone was already reached on %(day)s.") % {
                "day": milestone.done_on.isoformat()})
        # Lock the project too: two milestones marked at once must both count in its progress.
        project = _lock_project(milestone.project)
        if project.evaluated_at:
            raise LivelihoodError(_("The deputies have evaluated this project; its reports are closed."))
        name = _store_photo(jpeg) if jpeg is not None else None
        _public_changed()
        milestone.done_on, milestone.done_note, milestone.done_by = done_on, note, actor
        milestone.save(update_fields=["done_on", "done_note", "done_by"])
        if name:
            ProjectPhoto.objects.create(project=project, milestone=milestone, image=name, caption=caption,
                                        uploaded_by=actor)
        reached = list(project.milestones.values_list("done_on", flat=True))
        share = milestone_progress(sum(1 for d in reached if d), len(reached))
        from_progress = project.progress
        if share > project.progress:
            project.progress = share
            if share == 100:
                project.next_report_due = None
            project.save(update_fields=["progress", "next_report_due"])
        audit_record(project, "milestone_reached", actor=actor, milestone=milestone.title,
                     done_on=done_on.isoformat(), from_state=str(from_progress), to_state=str(project.progress),
                     evidence=bool(name))
    return milestone


def photo_add(*, project, actor, jpeg, caption):
    """A photo of the works: `jpeg` is the upload already checked and re-encoded (deputies.uploads.clean_photo).
    The file is stored before the row; a refused move leaves no row (and the stray file no link)."""
    caption = (caption or "").strip()
    if not caption:
        raise ValidationError({"caption": _("Say what the photo shows.")})
    if not can_edit_plan(actor, project):
        raise LivelihoodError(_("Only the responsible unit or committee staff can add photos."))
    name = _store_photo(jpeg)
    with transaction.atomic():
        project = _lock_project(project)
        photo = ProjectPhoto.objects.create(project=project, image=name, caption=caption, uploaded_by=actor)
        _public_changed()
        audit_record(project, "photo_added", actor=actor, caption=caption)
    return photo


@transaction.atomic
def inspection_record(*, project, actor, date, deputies, findings):
    """Staff record the deputies' inspection (视察) of a project, with what they found."""
    _public_changed()
    _require_staff(actor)
    project = _lock_project(project)
    deputies = list(deputies)
    errors = {}
    if date is None or date > timezone.localdate():
        errors["date"] = _("Give the day of the inspection (not a future day).")
    if not deputies:
        errors["deputies"] = _("Choose the deputies who inspected the project.")
    findings = (findings or "").strip()
    if not findings:
        errors["findings"] = _("Write what the deputies found.")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(project=project, date=date, findings=findings, recorded_by=actor)
    inspection.deputies.set(deputies)
    audit_record(project, "inspected", actor=actor, date=date.isoformat(), deputies=[d.pk for d in deputies])
    return inspection


# ---- 人大评: the year-end satisfaction vote ------------------------------------------------------------


@transaction.atomic
def evaluation_create(*, solicitation, forum, actor):
    """At year end, one satisfaction poll per chosen project (满意/基本满意/不满意/弃权, the Zhenhai rule by
    default), drafts in the meetings engine on `forum` (the session or meeting where deputies evaluate)."""
    _require_staff(actor)
    solicitation = _lock(solicitation)
    if not solicitation.result_taken_at:
        raise LivelihoodError(_("The projects of %(year)s have not been chosen yet.") % {"year": solicitation.year})
    projects = list(ChosenProject.objects.select_for_update(of=("self",)).filter(candidate__solicitation=solicitation)
                    .select_related("candidate", "evaluation_poll").order_by("rank"))
    todo = [p for p in projects if p.evaluation_poll_id is None or p.evaluation_poll.state == Poll.State.ANNULLED]
    if not todo:
        raise LivelihoodError(_("The satisfaction votes of %(year)s already exist.") % {"year": solicitation.year})
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(ChosenProject)
    key = {"session": forum} if forum.__class__.__name__ == "Session" else {"meeting": forum}
    order = AgendaItem.objects.filter(**key).count()
    for project in todo:
        title = (_("Satisfaction with the livelihood project %(title)s (%(year)s)") % {
            "title": project.candidate.title, "year": solicitation.year})[:200]
        order += 1
        item = AgendaItem.objects.create(order=order, title=title, content_type=kind, object_id=str(project.pk),
                                         **key)
        project.evaluation_poll = votes.poll_create(forum=forum, title=title, kind=Poll.Kind.SATISFACTION,
                                                    actor=actor, agenda_item=item)
    ChosenProject.objects.bulk_update(todo, ["evaluation_poll"])
    audit_record(solicitation, "evaluation_created", actor=actor, polls=[p.evaluation_poll_id for p in todo])
    return [p.evaluation_poll for p in todo]


@transaction.atomic
def evaluation_publish(*, solicitation, actor):
    """The closed satisfaction votes become each project's published evaluation; a 不满意 project is carried
    into next year's supervision. Refused while any vote is still open (nothing is published in part)."""
    _public_changed()
    _require_staff(actor)
    solicitation = _lock(solicitation)
    projects = list(ChosenProject.objects.select_for_update(of=("self",)).filter(candidate__solicitation=solicitation)
                    .select_related("candidate", "evaluation_poll__result").order_by("rank"))
    if not projects or any(p.evaluation_poll_id is None for p in projects):
        raise LivelihoodError(_("Create the satisfaction votes of %(year)s first.") % {"year": solicitation.year})
    if all(p.evaluated_at for p in projects):
        raise LivelihoodError(_("The evaluation of %(year)s is already published.") % {"year": solicitation.year})
    waiting = [p.candidate.title for p in projects
               if p.evaluation_poll.state not in (Poll.State.CLOSED, Poll.State.PUBLISHED)]
    if waiting:
        raise LivelihoodError(_("These satisfaction votes are not closed yet: %(names)s.") % {
            "names": "、".join(waiting)})
    now = timezone.now()
    for project in projects:
        poll = project.evaluation_poll
        if poll.state == Poll.State.CLOSED:
            votes.poll_publish(poll=poll, actor=actor)
        project.evaluation = poll.result.outcome["verdict"]
        project.carry_over = project.evaluation == Verdict.UNSATISFIED
        project.evaluated_at = now
    ChosenProject.objects.bulk_update(projects, ["evaluation", "carry_over", "evaluated_at"])
    audit_record(solicitation, "evaluation_published", actor=actor,
                 verdicts={p.candidate.title: p.evaluation for p in projects})
    return projects


def _rated_unsatisfied(project):
    return project.evaluation == Verdict.UNSATISFIED and bool(project.evaluated_at)


def can_carry_over(user, project):
    """Staff put a project the deputies rated 不满意 into next year's supervision (once)."""
    return is_staff_member(user) and _rated_unsatisfied(project)


@transaction.atomic
def carry_over_to_supervision(*, project, actor, committee):
    """A project rated 不满意 at the year-end evaluation goes into the next year's supervision: a special work
    report item of that year (in its plan while the plan is still being drawn up, else an item of the year
    outside it), owned by `committee`, its target body the project's responsible unit, linked both ways.
    Idempotent: a project already carried over keeps its item. -> (item, created)."""
    from supervision import services as supervision_services
    from supervision.models import Kind, SupervisionPlan

    _require_staff(actor)
    project = (ChosenProject.objects.select_for_update(of=("self",))
               .select_related("candidate__solicitation", "candidate__unit").get(pk=project.pk))
    if project.supervision_item_id:
        return project.supervision_item, False
    if not _rated_unsatisfied(project):
        raise LivelihoodError(_("Only a project the deputies rated “Not satisfied” at the year-end evaluation is "
                                "carried into next year's supervision."))
    candidate = project.candidate
    year = candidate.solicitation.year + 1
    plan = SupervisionPlan.objects.filter(year=year, published_at__isnull=True).first()
    try:
        item = supervision_services.item_create(
            actor=actor, plan=plan, year=year, kind=Kind.WORK_REPORT, committee=committee,
            target_units=[candidate.unit],
            title=_("Follow-up supervision of the %(year)s livelihood project “%(title)s”, rated not satisfied") % {
                "year": candidate.solicitation.year, "title": candidate.title},
            description=_("The deputies rated the livelihood project “%(title)s” of %(year)s “Not satisfied” at "
                          "the year-end evaluation. %(unit)s reports on its rectification.") % {
                "title": candidate.title, "year": candidate.solicitation.year, "unit": candidate.unit.name})
    except supervision_services.SupervisionError as exc:
        raise LivelihoodError(str(exc)) from exc
    project.supervision_item, project.carry_over = item, True
    project.save(update_fields=["supervision_item", "carry_over"])
    audit_record(project, "carry_over", actor=actor, item=item.pk, year=year, plan=plan.pk if plan else None)
    return item, True

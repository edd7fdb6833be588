"""The livelihood projects' two documents, for the pages and `manage.py export_pdf`:

- `ballot_paper POLL_ID`: the paper ballot of the plenary vote (or its run-off): the candidates with their
  unit and budget, a box for each, the instructions (at most N approvals, or the ballot is invalid);
- `livelihood_result YEAR`: the result announcement (票决结果公告) with each candidate's approvals, the
  chosen projects, the roll, and the run-off when there was one.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.meetings.models import Poll
from congress_portal.organization.names import congress_name, district_name
from congress_portal.reports import documents
from congress_portal.reports.pdf import render_pdf

from .models import CandidateProject, ChosenProject, Solicitation


def _solicitation_of(poll):
    root = poll
    while root.runoff_of_id:
        root = root.runoff_of
    return Solicitation.objects.filter(poll=root).first()


def ballot_paper_context(poll):
    """The ballot's heading, its candidates (unit and budget) in ballot order and its instructions."""
    solicitation = _solicitation_of(poll)
    if solicitation is None or poll.kind != Poll.Kind.APPROVAL:
        raise documents.DocumentUnavailable(_("Vote %(id)s is not a livelihood projects' ballot.") % {"id": poll.pk})
    candidates = {c.option_id: c for c in CandidateProject.objects.filter(solicitation=solicitation)
                  .select_related("unit")}
    by_title = {c.title: c for c in candidates.values()}
    rows = []
    for option in poll.options.all():
        candidate = candidates.get(option.pk) or by_title.get(option.subject)
        rows.append({"number": len(rows) + 1, "title": option.subject, "unit": candidate.unit.name if candidate else "",
                     "budget": candidate.budget if candidate else None})
    forum = poll.forum
    return {"poll": poll, "solicitation": solicitation, "rows": rows, "places": poll.places,
            "heading": f"{district_name()}{forum}", "runoff": poll.runoff_of_id is not None}


def render_ballot_paper(poll):
    return render_pdf("livelihood/pdf/ballot_paper.html", ballot_paper_context(poll))


def result_context(solicitation):
    """Every candidate's approvals (with the paper part), the chosen projects in rank order, the run-off's
    counts when a tie at the cut was decided by one."""
    if not solicitation.result_taken_at or not solicitation.poll_id:
        raise documents.DocumentUnavailable(_("The vote on the livelihood projects of %(year)s has no result yet.")
                                            % {"year": solicitation.year})
    poll = Poll.objects.select_related("result", "session__term").get(pk=solicitation.poll_id)
    counts = {int(k): v for k, v in poll.result.counts.items()}
    chosen = {c.candidate_id: c for c in ChosenProject.objects.filter(candidate__solicitation=solicitation)}
    candidates = list(CandidateProject.objects.filter(solicitation=solicitation).select_related("unit"))
    candidates.sort(key=lambda c: (-counts.get(c.option_id, 0), c.order, c.pk))
    rows = [{"title": c.title, "unit": c.unit.name, "budget": c.budget, "approvals": counts.get(c.option_id, 0),
             "chosen": c.pk in chosen, "rank": chosen[c.pk].rank if c.pk in chosen else None} for c in candidates]
    runoffs = []
    for runoff in Poll.objects.filter(runoff_of=poll).exclude(state=Poll.State.ANNULLED).select_related("result"):
        if not hasattr(runoff, "result"):
            continue
        r_counts = {int(k): v for k, v in runoff.result.counts.items()}
        runoffs.append({"poll": runoff, "rows": [(o.subject, r_counts.get(o.pk, 0)) for o in runoff.options.all()]})
    return {"solicitation": solicitation, "poll": poll, "result": poll.result, "rows": rows, "runoffs": runoffs,
            "chosen_count": len(chosen), "issuer": congress_name(), "forum": f"{district_name()}{poll.forum}",
            "day": timezone.localdate(solicitation.result_taken_at)}


def render_result(solicitation):
    return render_pdf("livelihood/pdf/result.html", result_context(solicitation))


def _render_ballot_paper(subject, options):
    poll = Poll.objects.filter(pk=int_or_none(str(subject)) or 0).first()
    if poll is None:
        raise documents.DocumentUnavailable(_("No vote has the id “%(id)s”.") % {"id": subject})
    return render_ballot_paper(poll)


def _render_result(subject, options):
    solicitation = Solicitation.objects.filter(year=int_or_none(str(subject)) or 0).first()
    if solicitation is None:
        raise documents.DocumentUnavailable(_("No livelihood projects' solicitation for the year “%(year)s”.") % {
            "year": subject})
    return render_result(solicitation)


def register_all():
    documents.register(documents.Document(
        name="ballot_paper", help="The paper ballot of a livelihood projects' vote (民生实事项目票决票).",
        subject_help="the vote's (poll's) id", render=_render_ballot_paper))
    documents.register(documents.Document(
        name="livelihood_result", help="The result announcement of a year's livelihood projects' vote (票决结果公告).",
        subject_help="the year of the projects", render=_render_result))

"""Public pages of the livelihood projects (no account): the solicitation form, tracking a proposal, and
the year's progress page; and the responsible unit's progress report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from deputies import ratelimit
from deputies.models import grouped_tracking_code

from . import selectors, services
from .forms import CHALLENGE_KEY, ProgressReportForm, ProposalForm, TrackForm, new_challenge
from .models import ChosenProject, Solicitation


def index(request):
    return render(request, "livelihood/index.html", {
        "open": selectors.open_solicitation(), "years": selectors.public_years()})


def propose(request):
    """The solicitation form: no account; the opinion form's flood limit (one budget per address for all
    the anonymous forms), its arithmetic question and honeypot; a signed-in deputy proposes as themself."""
    if request.method == "POST" and not ratelimit.allow_opinion(request):
        return render(request, "livelihood/rate_limited.html", status=429)
    solicitation = selectors.open_solicitation()
    if solicitation is None:
        return render(request, "livelihood/propose.html", {"solicitation": None}, status=404)
    form, status = ProposalForm(), 200
    if request.method == "POST":
        form = ProposalForm(request.POST, expected=request.session.pop(CHALLENGE_KEY, None))
        if form.is_valid():
            try:
                proposal = services.proposal_submit(
                    solicitation=solicitation, text=form.cleaned_data["text"], user=request.user,
                    proposer_name=form.cleaned_data["proposer_name"],
                    proposer_phone=form.cleaned_data["proposer_phone"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                request.session["livelihood_code"] = proposal.tracking_code
                return redirect("livelihood:thanks")
        status = 400
    return render(request, "livelihood/propose.html", {
        "solicitation": solicitation, "form": form, "question": new_challenge(request.session)}, status=status)


def thanks(request):
    code = request.session.pop("livelihood_code", None)
    if not code:
        return redirect("livelihood:track")
    response = render(request, "livelihood/thanks.html", {"code": grouped_tracking_code(code)})
    response["Cache-Control"] = "private, no-store"
    return response


def track(request):
    form = TrackForm(request.GET or None)
    proposal, status = None, 200
    if form.is_valid():
        proposal = selectors.proposal_by_code(form.cleaned_data["code"])
        if proposal is None:
            from django.utils.translation import gettext as _

            form.add_error("code", _("No proposal has this tracking code. Check it and type it again."))
            status = 404
    return render(request, "livelihood/track.html", {"form": form, "proposal": proposal}, status=status)


def progress(request, year):
    solicitation = get_object_or_404(Solicitation.objects.filter(result_taken_at__isnull=False), year=year)
    return render(request, "livelihood/progress.html", {
        "solicitation": solicitation, "projects": selectors.progress_of_year(year)})


@login_required
def report(request, pk):
    """The responsible unit reports a project's progress; anyone else gets 404."""
    project = get_object_or_404(ChosenProject.objects.select_related("candidate__unit", "candidate__solicitation"),
                                pk=pk)
    if not services.can_report(request.user, project):
        raise Http404
    form, status = ProgressReportForm(request.POST or None, initial={"progress": project.progress}), 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.progress_report(project=project, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("livelihood:progress", project.candidate.solicitation.year)
        status = 400
    return render(request, "livelihood/report.html", {"project": project, "form": form}, status=status)

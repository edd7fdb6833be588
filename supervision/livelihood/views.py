"""Public pages of the livelihood projects (no account): the solicitation form, tracking a proposal, and
the year's progress page; and the responsible unit's progress report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress_portal.accounts.permissions import is_staff_member
from congress_portal.core.forms import add_service_errors, served
from congress_portal.reports.documents import DocumentUnavailable
from congress_portal.reports.pdf import pdf_response

from deputies.models import grouped_tracking_code
from deputies.public_proposals import PublicProposalView

from . import selectors, services
from . import documents
from .forms import (CHALLENGE_KEY, CarryOverForm, MilestoneReachForm, PhotoForm, ProgressReportForm, ProposalForm,
                    TrackForm)
from .models import ChosenProject, ProjectPhoto


def index(request):
    return render(request, "livelihood/index.html", {
        "open": selectors.open_solicitation(), "years": selectors.public_years()})


class ProposeView(PublicProposalView):
    """The solicitation form while the year's solicitation is open; the tracking code on the thanks page."""

    form_class = ProposalForm
    challenge_key = CHALLENGE_KEY
    template_name = "livelihood/propose.html"
    rate_limited_template = "livelihood/rate_limited.html"
    period_name = "solicitation"
    code_session_key = "livelihood_code"
    success_url = "livelihood:thanks"
    refusals = (services.LivelihoodError,)

    def open_period(self):
        return selectors.open_solicitation()

    def submit(self, period, **data):
        return services.proposal_submit(solicitation=period, **data)


propose = ProposeView.as_view()


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
    """The year's public progress page: every project, its unit, its progress bar, its latest report and,
    once published, the deputies' evaluation. Its body is kept in the shared cache until the data changes
    (no query when kept)."""
    def body():
        solicitation = selectors.public_solicitation(year)
        if solicitation is None:
            return None
        return render_to_string("livelihood/_progress_body.html", {
            "solicitation": solicitation, "projects": selectors.progress_of_year(year)})

    return render(request, "livelihood/progress.html", {"year": year, "body": _public_part(f"progress:{year}", body)})


def _kept_part(name, render_part, stamp=selectors.VERSION_KEY):
    """A rendered part of a public page (text, or bytes for a PDF), kept in the shared cache until the data
    changes (see selectors.data_version); rendered afresh when the cache is away. None (a page that does not
    exist) is not kept."""
    from django.utils.translation import get_language

    from congress_portal.core.caching import kept

    version = selectors.data_version(stamp)
    if version is None:
        return render_part()
    return kept(f"livelihood:{name}:{get_language()}:{version}", 3600, render_part, what="a livelihood page")


def _public_part(name, render_part, stamp=selectors.VERSION_KEY):
    """The kept body of a public page, marked safe; 404 when the page does not exist."""
    from django.utils.safestring import mark_safe

    part = _kept_part(name, render_part, stamp)
    if part is None:
        raise Http404
    return mark_safe(part)


def project(request, pk):
    return _project_page(request, pk)


def _project_page(request, pk, carry_form=None, status=200):
    """One chosen project in public: plan (milestones), reports, deputies' inspections, photos. Its title and
    body are kept like the progress page (no query when kept); the responsible unit's officers get the way
    to their report page above it, staff what became of a project rated 不满意 below it."""
    from django.utils.safestring import mark_safe

    from congress_portal.accounts.permissions import is_unit_officer

    def part():
        chosen = selectors.public_project(pk)
        if chosen is None:
            return None
        return {"title": chosen.candidate.title,
                "body": render_to_string("livelihood/_project_body.html", {"project": chosen})}

    kept = _kept_part(f"project:{pk}", part)
    if kept is None:
        raise Http404
    can_report = (request.user.is_authenticated and is_unit_officer(request.user) and ChosenProject.objects.filter(
        pk=pk, candidate__unit_id=request.user.unit_id).exists())
    return render(request, "livelihood/project.html", {
        "pk": pk, "title": kept["title"], "body": mark_safe(kept["body"]), "can_report": can_report,
        **_staff_part(request, pk, carry_form)}, status=status)


def _staff_part(request, pk, form=None):
    """For staff, outside the kept public body: a project rated 不满意 and what became of it in next year's
    supervision (its item, or the form that puts it there). One query, none for anyone else."""
    if not is_staff_member(request.user):
        return {}
    project = ChosenProject.objects.select_related("supervision_item").filter(pk=pk).first()
    if project is None or not (project.supervision_item_id or services.can_carry_over(request.user, project)):
        return {}
    return {"staff_project": project,
            "carry_form": None if project.supervision_item_id else form or CarryOverForm()}


@login_required
@require_POST
def carry_over(request, pk):
    """Staff put a project rated 不满意 into next year's supervision (a second post keeps the first item)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    project = get_object_or_404(ChosenProject, pk=pk)
    form = CarryOverForm(request.POST)
    if form.is_valid():
        try:
            item, created = services.carry_over_to_supervision(project=project, actor=request.user,
                                                               committee=form.cleaned_data["committee"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.LivelihoodError as exc:
            messages.error(request, str(exc))
            return redirect("livelihood:project", pk)
        else:
            messages.success(request, _("The project is in the supervision of %(year)s as the item %(item)s.") % {
                "year": item.year, "item": item.title} if created else
                _("The project was already carried into next year's supervision."))
            return redirect("livelihood:project", pk)
    return _project_page(request, pk, form, status=400)


def photo(request, pk):
    """A project photo (re-encoded on upload), for anyone once the project is public."""
    from congress_portal.core.files import private_file_response
    from deputies.uploads import private_storage

    item = get_object_or_404(ProjectPhoto.objects.filter(
        project__candidate__solicitation__result_taken_at__isnull=False), pk=pk)
    response = private_file_response(private_storage(), item.image, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def result(request, year):
    """The result announcement (票决结果公告) as a page, with the link to its PDF; kept like the progress page."""
    def body():
        solicitation = selectors.public_solicitation(year)
        if solicitation is None:
            return None
        try:
            context = documents.result_context(solicitation)
        except DocumentUnavailable:  # a year recorded without its ballot (taken over from paper records)
            return None
        return render_to_string("livelihood/_result_body.html", context)

    return render(request, "livelihood/result.html", {
        "body": _public_part(f"result:{year}", body, selectors.RESULT_VERSION_KEY)})


def result_pdf(request, year):
    """The announcement's PDF, kept (its bytes) like the page: rendering it is the slow part."""
    def pdf():
        solicitation = selectors.public_solicitation(year)
        if solicitation is None:
            return None
        try:
            return documents.render_result(solicitation)
        except DocumentUnavailable:
            return None

    data = _kept_part(f"result.pdf:{year}", pdf, selectors.RESULT_VERSION_KEY)
    if data is None:
        raise Http404
    return pdf_response(data, _("Livelihood projects vote result %(year)s.pdf") % {"year": year})


@login_required
def ballot_paper(request, poll_id):
    """Staff print the paper ballot of the vote (or of its run-off)."""
    from congress_portal.meetings.models import Poll

    if not is_staff_member(request.user):
        raise PermissionDenied
    poll = get_object_or_404(Poll, pk=poll_id)
    try:
        data = documents.render_ballot_paper(poll)
    except DocumentUnavailable:
        raise Http404 from None
    return pdf_response(data, _("Ballot paper %(id)s.pdf") % {"id": poll.pk})


@login_required
def ledger(request):
    """Staff: the progress ledger (Excel) of every chosen project, or of one year (?year=)."""
    from congress_portal.core.numbers import int_or_none

    from .ledgers import ledger_response

    if not is_staff_member(request.user):
        raise PermissionDenied
    projects = ChosenProject.objects.all()
    year = int_or_none(request.GET.get("year", ""))
    if year:
        projects = projects.filter(candidate__solicitation__year=year)
    return ledger_response(projects)


def _reportable(request, pk):
    project = get_object_or_404(ChosenProject.objects.select_related("candidate__unit", "candidate__solicitation"),
                                pk=pk)
    if not services.can_report(request.user, project):
        raise Http404
    return project


def _served(form, call):
    """Run the unit's service `call` for a valid form; its refusal goes on the form. True when it was done."""
    return served(form, call, refusals=(services.LivelihoodError,))


@login_required
def report(request, pk):
    """The responsible unit reports a project's progress (and adds photos); anyone else gets 404."""
    project = _reportable(request, pk)
    form = ProgressReportForm(request.POST or None, initial={
        "progress": project.progress, "budget_spent": project.budget_spent})
    status = 200
    if request.method == "POST":
        if _served(form, lambda: services.progress_report(project=project, actor=request.user,
                                                          **form.cleaned_data)):
            messages.success(request, _("The report is published on the progress page."))
            return redirect("livelihood:project", project.pk)
        status = 400
    return _report_page(request, project, form=form, status=status)


@login_required
@require_POST
def photo_add(request, pk):
    """The responsible unit adds a photo of the works: checked by content and re-encoded (no EXIF)."""
    project = _reportable(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if _served(form, lambda: services.photo_add(project=project, actor=request.user, jpeg=form.photo_jpeg,
                                                caption=form.cleaned_data["caption"])):
        messages.success(request, _("The photo is added."))
        return redirect("livelihood:project", project.pk)
    return _report_page(request, project, photo_form=form, status=400)


def _report_page(request, project, *, form=None, photo_form=None, milestone_form=None, status=200):
    """The unit's page for a project: the progress report, marking a milestone reached, adding a photo."""
    if form is None:
        form = ProgressReportForm(initial={"progress": project.progress, "budget_spent": project.budget_spent})
    if milestone_form is None:
        milestone_form = MilestoneReachForm(project=project)
    milestones = list(project.milestones.all())
    return render(request, "livelihood/report.html", {
        "project": project, "form": form, "photo_form": photo_form or PhotoForm(),
        "milestone_form": milestone_form, "milestones": milestones,
        "open_milestones": [m for m in milestones if not m.done_on]}, status=status)


@login_required
@require_POST
def milestone_reach(request, pk):
    """The responsible unit marks a milestone reached (date, what was done, optional photo as evidence): the
    progress bar moves with it; staff see it on the project's record and in its audit trail."""
    project = _reportable(request, pk)
    form = MilestoneReachForm(request.POST, request.FILES, project=project)
    if _served(form, lambda: services.milestone_reach(
            milestone=form.cleaned_data["milestone"], actor=request.user, done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"], jpeg=form.photo_jpeg, caption=form.cleaned_data["caption"])):
        messages.success(request, _("The milestone is marked reached."))
        return redirect("livelihood:project", project.pk)
    return _report_page(request, project, milestone_form=form, status=400)

"""The annual work report's page: the chapters' texts, the render with its progress, the downloads."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congress_portal.accounts.models import Role
from congress_portal.accounts.permissions import is_staff_member, role_required
from congress_portal.reports import pdf

from . import chapters, services
from .models import Narrative, RenderState, ReportRender, WordState

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(year):
    if not 2000 <= year <= 2999:
        raise Http404
    return year


def _latest(year):
    return (ReportRender.objects.filter(year=year).defer("pdf", "docx", "content")
            .order_by("-created_at", "-pk").first())


def _status(render, current):
    if render is None:
        return {"state": "none", "progress": 0, "step": "", "error": "", "current": False}
    out = {"state": render.state, "state_label": render.get_state_display(), "progress": render.progress,
           "step": render.step, "error": render.error, "current": render.fingerprint == current,
           "pages": render.pages, "seconds": render.seconds}
    if render.state == RenderState.DONE:
        out["pdf_url"] = reverse("annual_report:download", args=[render.pk, "pdf"])
        # The Word copy follows in a task of its own: its link once made, its step while under way (the page
        # keeps polling), its failure where a failure shows.
        if render.word_state == WordState.DONE:
            out["docx_url"] = reverse("annual_report:download", args=[render.pk, "docx"])
        elif render.word_state in (WordState.QUEUED, WordState.RUNNING):
            out["pending"] = True
            out["step"] = f"{render.step} · {render.get_word_state_display()}" if render.step else render.get_word_state_display()
        elif render.word_state == WordState.FAILED:
            out["error"] = render.word_error
    return out


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def index(request):
    return redirect("annual_report:report", year=timezone.localdate().year)


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def report(request, year):
    """The year's report: each chapter's text, the kept render or the one under way, start and download."""
    _year(year)
    texts = {n.chapter: n for n in Narrative.objects.filter(year=year)}
    current = services.current_fingerprint(year)
    latest = _latest(year)
    this_year = timezone.localdate().year
    rows = [{"code": c.code, "title": c.title, "narrative": texts.get(c.code)} for c in chapters.CHAPTERS]
    return render(request, "annual_report/report.html", {
        "year": year, "years": range(this_year, this_year - 6, -1), "rows": rows, "latest": latest,
        "status": _status(latest, current), "can_start": is_staff_member(request.user),
        "can_edit": request.user.has_perm("annual_report.change_narrative"),
    })


@require_POST
@role_required(Role.STAFF)
def start(request, year):
    _year(year)
    services.render_start(year=year, actor=request.user)
    return redirect("annual_report:report", year=year)


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def status(request, year):
    """The latest render's progress as JSON, polled every second by static/reports/job_progress.js.

    While a render is under way the answer is read from its row alone (a fixed three queries); whether a
    finished render is still current (its fingerprint) is worked out once, when it is done.
    """
    _year(year)
    latest = _latest(year)
    under_way = latest is not None and (latest.state in (RenderState.QUEUED, RenderState.RUNNING)
                                        or latest.word_state in (WordState.QUEUED, WordState.RUNNING))
    current = latest.fingerprint if under_way else services.current_fingerprint(year)
    response = JsonResponse(_status(latest, current))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def download(request, pk, fmt):
    render_row = get_object_or_404(ReportRender.objects.defer("content"), pk=pk, state=RenderState.DONE)
    name = _("work-report-%(year)s") % {"year": render_row.year}
    if fmt == "pdf":
        return pdf.pdf_response(bytes(render_row.pdf), f"{name}.pdf", inline=False)
    if fmt == "docx":
        from urllib.parse import quote

        if render_row.word_state != WordState.DONE:
            raise Http404
        response = HttpResponse(bytes(render_row.docx), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.docx"
        return response
    raise Http404


@require_GET
@role_required(Role.STAFF, Role.LEADER)
def preview(request, year):
    """The draft as it stands now, rendered at once (marked as a draft on its cover)."""
    from .build import render_pdf

    data, _pages = render_pdf(_year(year), draft=True)
    return pdf.pdf_response(data, _("work-report-%(year)s-draft.pdf") % {"year": year})

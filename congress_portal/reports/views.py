"""Helpers of the apps' document and ledger views (the views themselves live in the apps)."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .ledgers import workbook_bytes
from .models import ExportJob

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(workbook, stem):
    """An Excel workbook as a download named `stem-YYYYMMDD.xlsx`."""
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_TYPE)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


_xlsx_response = xlsx_response  # the name appointments/views.py imports


# --- large exports made by the documents worker (exports.py) -----------------------------------------

def _job_status(job):
    from django.urls import reverse

    out = {"state": job.state, "state_label": job.get_state_display(), "progress": job.progress,
           "step": job.step, "error": job.error}
    if job.state == "done":
        out["download_url"] = reverse("reports:export_download", args=[job.pk])
    return out


def _job_or_404(request, pk):
    from django.shortcuts import get_object_or_404

    from .exports import jobs_for

    return get_object_or_404(jobs_for(request.user), pk=pk)


def _job_or_gone(request, pk):
    """(job, None), or (None, a 404 page saying the export is no longer kept and how to make it again): the
    nightly purge deletes finished exports after EXPORT_KEEP_DAYS days, and a bookmarked or e-mailed job
    page must say so, not show a bare "page not found". Another user's job gets the same page."""
    from django.conf import settings

    from .exports import jobs_for

    job = jobs_for(request.user).filter(pk=pk).first()
    if job is not None:
        return job, None
    return None, render(request, "reports/export_gone.html", {"days": settings.EXPORT_KEEP_DAYS}, status=404)


@require_GET
@login_required
def export_job(request, pk):
    """An export's page: its progress while the worker makes it, then the download."""
    from .exports import get

    job, gone = _job_or_gone(request, pk)
    if gone is not None:
        return gone
    export = get(job.export)
    return render(request, "reports/export_job.html", {
        "job": job, "title": export.title if export else job.export, "status": _job_status(job)})


@require_GET
@login_required
def export_status(request, pk):
    """The export's progress as JSON, polled every second by static/reports/job_progress.js (one query)."""
    response = JsonResponse(_job_status(_job_or_404(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def export_download(request, pk):
    from django.http import Http404

    job, gone = _job_or_gone(request, pk)
    if gone is not None:
        return gone
    if job.state != "done":
        raise Http404
    content = ExportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content), content_type=job.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.filename)}"
    return response


def export_or_queue(request, *, name, rows, make, stem):
    """An app's ledger view's answer: the workbook `make()` at once when it is small, otherwise a job for
    the documents worker and a redirect to its page (EXPORT_ASYNC_ROWS)."""
    from . import exports

    if not exports.should_queue(rows):
        return xlsx_response(make(), stem)
    job = exports.start(name=name, params=exports.params_of(request.GET), rows=rows, actor=request.user)
    return redirect("reports:export_job", pk=job.pk)


def xlsx_file(workbook, stem):
    """(bytes, file name, content type) of a workbook, named as xlsx_response names it: for an export's build."""
    return (workbook_bytes(workbook), f"{stem}-{timezone.localdate():%Y%m%d}.xlsx", XLSX_TYPE)

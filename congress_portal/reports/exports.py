"""Large exports made by the documents worker, with progress and a download when ready.

An app registers each export that can grow large from its AppConfig.ready():

    from congress_portal.reports import exports

    exports.register(exports.Export(
        name="suggestions_ledger", title=_("Suggestions ledger"),
        build=_build_suggestions_ledger))   # build(params, user, progress) -> (bytes, filename, content_type)

and its view asks `exports.should_queue(rows)`: at or under EXPORT_ASYNC_ROWS rows it answers in the
request as before; above, `exports.start(...)` writes an ExportJob and queues `reports.run_export` on the
`documents` queue after commit, and the view sends the user to the job's page (reports:export_job), which
shows the progress and offers the file when it is ready. `params` is the request's filter (GET), read
again by the worker, so the worker builds what the user asked for; `progress(fraction, step)` may be
called along the way.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ExportJob, ExportState

log = logging.getLogger(__name__)

_EXPORTS = {}


@dataclass(frozen=True)
class Export:
    name: str
    title: object  # a lazy translation
    build: Callable  # build(params, user, progress) -> (bytes, filename, content_type)


def register(export):
    if not export.name or " " in export.name:
        raise ValueError("an export needs a name without spaces")
    _EXPORTS[export.name] = export
    return export


def get(name):
    return _EXPORTS.get(name)


def should_queue(rows):
    """Whether an export of `rows` rows goes to the documents worker (EXPORT_ASYNC_ROWS; 0: never)."""
    limit = settings.EXPORT_ASYNC_ROWS
    return bool(limit) and rows > limit


def params_of(query_dict):
    """A request's GET as JSON-able params ({name: [values]}), for the worker to read as the view did."""
    return {key: query_dict.getlist(key) for key in sorted(query_dict)}


def start(*, name, params, rows, actor):
    """Queue export `name` for `actor` with `params` (the same one still queued or under way is reused:
    a reload or a second click does not start it twice). Returns the job."""
    from . import tasks

    if get(name) is None:
        raise ValueError(f"unknown export {name!r}")
    with transaction.atomic():
        existing = (ExportJob.objects.select_for_update()
                    .filter(export=name, requested_by=actor, params=params,
                            state__in=[ExportState.QUEUED, ExportState.RUNNING])
                    .defer("content").order_by("-created_at").first())
        if existing is not None:
            return existing
        job = ExportJob.objects.create(export=name, params=params, rows=rows, requested_by=actor,
                                       step=_("Waiting for the document worker"))
        transaction.on_commit(lambda: tasks.run_export.delay(job.pk))
    return job


def _update(job_id, **fields):
    ExportJob.objects.filter(pk=job_id).update(**fields)


def run(job_id):
    """The task's work: claim the queued job, build the file, keep it (or say why not, in Chinese)."""
    with translation.override(settings.LANGUAGE_CODE):
        _run(job_id)


def _run(job_id):
    claimed = ExportJob.objects.filter(pk=job_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, progress=1, step=_("Started"))
    if not claimed:
        return  # done by another run of the same task (acks_late redelivery)
    job = ExportJob.objects.select_related("requested_by").defer("content").get(pk=job_id)
    export = get(job.export)
    started = time.perf_counter()
    last = [0]

    def progress(fraction, step=""):
        percent = max(1, min(99, int(fraction * 100)))
        if percent - last[0] >= 3 or step:
            last[0] = percent
            _update(job_id, progress=percent, **({"step": step} if step else {}))

    try:
        if export is None:
            raise LookupError(job.export)
        progress(0.02, _("Reading the rows"))
        data, filename, content_type = export.build(job.params, job.requested_by, progress)
    except Exception as exc:  # noqa: BLE001 - any failure is told to the user, in Chinese
        log.exception("export %s failed", job_id)
        reason = _("The file could not be made: %(error)s") % {"error": exc.__class__.__name__ + ": " + str(exc)[:300]}
        _update(job_id, state=ExportState.FAILED, error=reason, step=_("Could not be made"), finished_at=timezone.now())
        return
    seconds = time.perf_counter() - started
    _update(job_id, state=ExportState.DONE, progress=100, content=data, filename=filename,
            content_type=content_type, seconds=round(seconds, 3), finished_at=timezone.now(),
            step=_("%(rows)s rows in %(seconds).1f s") % {"rows": job.rows, "seconds": seconds})


def jobs_for(user):
    """The export jobs `user` may open: their own; every one for a superuser."""
    queryset = ExportJob.objects.defer("content")
    return queryset if user.is_superuser else queryset.filter(requested_by=user)


def purge_expired(*, now=None):
    """Delete the finished and failed export jobs, with their files, that finished more than EXPORT_KEEP_DAYS
    days before `now`; queued and running ones stay whatever their age. Returns how many were deleted.
    Safe to run twice (one DELETE)."""
    days = settings.EXPORT_KEEP_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    finished_before = Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    deleted, _by_model = ExportJob.objects.filter(finished_before,
                                                  state__in=[ExportState.DONE, ExportState.FAILED]).delete()
    if deleted:
        log.info("purged %s export jobs finished before %s", deleted, cutoff.isoformat())
    return deleted

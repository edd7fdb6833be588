from celery import shared_task

from congress_portal.core.schedule import PeriodicJob

# Run by Celery beat (django-celery-beat's rows, put back after a flush and watched by /healthz: core/schedule.py).
PERIODIC_JOBS = [
    PeriodicJob("reports: purge old exports", "reports.purge_exports",
                "Deletes finished and failed large exports (their files) older than EXPORT_KEEP_DAYS days.",
                minute="20", hour="3"),
]


@shared_task(name="reports.run_export", acks_late=True)
def run_export(job_id):
    """Make one queued export (documents queue). Safe to run twice: it claims the row first."""
    from . import exports

    exports.run(job_id)


@shared_task(name="reports.purge_exports")
def purge_exports():
    """The nightly purge of old export files (exports.purge_expired); returns how many jobs were deleted."""
    from . import exports

    return exports.purge_expired()

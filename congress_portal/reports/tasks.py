from celery import shared_task


@shared_task(name="reports.run_export", acks_late=True)
def run_export(job_id):
    """Make one queued export (documents queue). Safe to run twice: it claims the row first."""
    from . import exports

    exports.run(job_id)

from celery import shared_task

from congress_portal.core.schedule import PeriodicJob

# Run by Celery beat (django-celery-beat's rows, put back after a flush and watched by /healthz: core/schedule.py).
PERIODIC_JOBS = [
    PeriodicJob("annual report: purge old renders", "reports.purge_annual_renders",
                "Keeps each year's newest rendered report; deletes older ones and failed ones older than "
                "EXPORT_KEEP_DAYS days.", minute="25", hour="3"),
]


@shared_task(name="reports.render_annual_report", acks_late=True)
def render_annual_report(render_id):
    """Render one queued report (documents queue). Safe to run twice: it claims the row first."""
    from . import build

    build.run_render(render_id)


@shared_task(name="reports.render_annual_report_word", acks_late=True)
def render_annual_report_word(render_id):
    """The Word copy of a done render (documents queue), queued by the render when its PDF is kept. Safe to
    run twice: it claims the row first."""
    from . import build

    build.run_word(render_id)


@shared_task(name="reports.purge_annual_renders")
def purge_annual_renders():
    """The nightly purge of old renders (services.renders_purge); returns how many were deleted."""
    from . import services

    return services.renders_purge()

from celery import shared_task


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

"""Issue 17's annual work report on the large demo: the render task's time with a warm worker.

    DATABASE_URL=... python manage.py seed_demo --scale large --flush
    DATABASE_URL=... python bench/run.py annual_report

Target (issue 17): a 40-page report renders in under 3 s of task time (PDF and .docx, warm worker: fonts,
matplotlib and the templates loaded by a first render). The large demo's sections print the year's
figures, charts and tables; the chapters carry texts of a real report's length (the seed reports run
to 15-20 pages of text), so the report reaches about 40 pages.
"""

from django.utils import timezone

TASK_MS = 3000


def _texts(year):
    """Each chapter's text at a real report's length: the demo's paragraphs, numbered as the seeds number
    their points (1. 2. ...), about 4 pages of text a chapter."""
    from congress_portal.accounts.models import Role, User
    from congress_portal.annual_report import demo, services

    author = User.objects.filter(role=Role.STAFF).order_by("pk").first()
    number = 0
    for chapter, paragraphs in demo.TEXTS.items():
        body = []
        for _round in range(10):
            for paragraph in paragraphs:
                number += 1
                body.append(paragraph.replace("<p>", f"<p><strong>{number}.</strong>", 1))
        services.narrative_save(year=year, chapter=chapter, html="".join(body), actor=author)


def run(report):
    from congress_portal.annual_report import build, charts
    from congress_portal.annual_report.models import ReportRender

    year = timezone.localdate().year
    _texts(year)
    _data, pages = build.render_pdf(year)  # the worker's first render: fonts, matplotlib, templates

    def render_task():
        row = ReportRender.objects.create(year=year, fingerprint="bench")
        build.run_render(row.pk)
        row.refresh_from_db()
        assert row.state == "done", row.error
        ReportRender.objects.filter(pk=row.pk).delete()

    # After a change of text: the worker's charts are kept (their data has not changed).
    report.time_call(f"annual report task: {pages} pages, charts kept", render_task, runs=5, warmup=1,
                     limit_ms=TASK_MS)

    # After a change of data: every chart drawn again.
    def render_task_new_charts():
        charts.forget_drawings()
        render_task()

    report.time_call(f"annual report task: {pages} pages, charts drawn", render_task_new_charts, runs=5, warmup=0,
                     limit_ms=TASK_MS)

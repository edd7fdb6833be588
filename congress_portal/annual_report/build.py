"""Building the annual work report: the year's sections and texts in, PDF and .docx out.

The report reads only `dashboard.sections.year_sections(year)` (the figures the leaders' dashboard shows)
and its own narratives, so the platform never reaches into a domain app and the report's figures equal
the dashboard's.
"""

import base64
import logging
import math
import time

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import chapters, charts
from .services import plain_data
from .models import Narrative, RenderState, ReportRender, WordState

log = logging.getLogger(__name__)
FIGURES_A_ROW = 3  # the figure cards of a section, three across the page


def _value(figure):
    value = figure.value
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}" if figure.unit == "%" else f"{value:g}"
    return f"{value:,}" if abs(value) >= 10000 else str(value)


def _figure_row(figure):
    from congress_portal.dashboard.sections import change

    delta = change(figure)
    previous = None
    if figure.previous is not None and delta is None:
        # Counted last year, nothing to count this year (a rate with no replies yet): no change to show.
        previous = _("Last year %(value)s%(unit)s") % {"value": f"{figure.previous:g}", "unit": figure.unit}
    elif figure.previous is not None:
        sign = "+" if delta > 0 else ""
        previous = _("Last year %(value)s%(unit)s, %(sign)s%(change)s") % {
            "value": f"{figure.previous:g}", "unit": figure.unit, "sign": sign, "change": f"{delta:g}"}
    return {"label": figure.label, "value": _value(figure), "unit": figure.unit, "previous": previous,
            "note": figure.note}


def _card_rows(figures):
    """The figure cards in rows of FIGURES_A_ROW, the last one filled up with gaps (None): every row has as many
    cells as the fixed-layout table has columns, so each card is a third of the text's width whatever the count."""
    rows = [figures[i:i + FIGURES_A_ROW] for i in range(0, len(figures), FIGURES_A_ROW)]
    if rows:
        rows[-1] = rows[-1] + [None] * (FIGURES_A_ROW - len(rows[-1]))
    return rows


def _table(table):
    # The first column (a unit's or a person's name) takes two shares of the width, the others one.
    # Rounded down, so the row's widths never add up to more than the line (the last cell would wrap).
    width = math.floor(10000 / (len(table.columns) + 1)) / 100 if table.columns else 100
    return {"title": table.title, "columns": table.columns, "width": f"{width:.2f}", "first": f"{2 * width:.2f}",
            "rows": [["—" if v is None else v for v in row] for row in table.rows]}


def report_data(year, *, sections=None, texts=None, with_charts=True, progress=None):
    """The report's content: [{chapter, text, sections: [{title, figures, charts, tables}]}]. `sections` and
    `texts` ({chapter: html}) when the caller has read them (the Word copy takes the PDF's, kept on the
    render); `with_charts` draws each chart as SVG for the PDF."""
    from congress_portal.dashboard import sections as registry

    sections = registry.year_sections(year) if sections is None else sections
    if texts is None:
        texts = dict(Narrative.objects.filter(year=year).values_list("chapter", "html"))
    arranged = chapters.arrange(sections)
    total_charts = sum(len(s.charts) for _c, ss in arranged for s in ss) or 1
    done = 0
    out = []
    for index, (chapter, chapter_sections) in enumerate(arranged, start=1):
        blocks = []
        for section in chapter_sections:
            drawn = []
            for chart in section.charts:
                svg = charts.chart_svg(chart) if with_charts else ""
                drawn.append({"title": chart.title, "chart": chart, "kind": chart.kind,
                              "uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()})
                done += 1
                if progress:
                    progress(done / total_charts)
            figures = [_figure_row(f) for f in section.figures]
            blocks.append({"code": section.code, "title": section.title, "figures": figures,
                           "figure_rows": _card_rows(figures),
                           "charts": drawn, "tables": [_table(t) for t in section.tables]})
        out.append({"code": chapter.code, "number": index, "title": chapter.title,
                    "text": texts.get(chapter.code, ""), "sections": blocks})
    return out


def _numeral(n):
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")


def render_pdf(year, *, draft=False, progress=None, data=None):
    """(PDF bytes, page count) of the year's report. `progress(fraction, step)` is told along the way;
    `data` (report_data) when the caller has read it already."""
    from congress_portal.organization.names import congress_name
    from congress_portal.reports import pdf

    def tell(fraction, step):
        if progress:
            progress(fraction, step)

    if data is None:
        tell(0.05, _("Reading the year's figures"))
        data = report_data(year, progress=lambda f: tell(0.1 + 0.4 * f, _("Drawing the charts")))
    for chapter in data:
        chapter["numeral"] = _numeral(chapter["number"])
    tell(0.55, _("Laying out the pages"))
    document = pdf.render_document("annual_report/pdf/report.html", {
        "year": year, "chapters": data, "draft": draft, "congress": congress_name(),
        "made_on": timezone.localdate(),
    })
    tell(0.9, _("Writing the PDF"))
    return document.write_pdf(), len(document.pages)


def _update(render_id, **fields):
    ReportRender.objects.filter(pk=render_id).update(**fields)


def run_render(render_id, *, then_word=True):
    """The task's work: claim the queued render, render the PDF, keep it (or say why not), then queue the
    Word copy (`run_word`, a task of its own: the PDF is ready to download without waiting for it).

    Its steps and failure are stored as the user reads them, in the portal's language (Chinese).
    """
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        done = _run_render(render_id)
    if done and then_word:
        _queue_word(render_id)


def _queue_word(render_id):
    from .tasks import render_annual_report_word

    try:
        render_annual_report_word.delay(render_id)
    except Exception:  # noqa: BLE001 - the broker is away: make it here rather than leave it waiting
        log.warning("annual report %s: the Word copy could not be queued; made in this task", render_id, exc_info=True)
        run_word(render_id)


def _run_render(render_id):
    claimed = ReportRender.objects.filter(pk=render_id, state=RenderState.QUEUED).update(
        state=RenderState.RUNNING, progress=1, step=_("Started"))
    if not claimed:
        return False  # done by another run of the same task (acks_late redelivery)
    render = ReportRender.objects.only("year").get(pk=render_id)
    started = time.perf_counter()
    last = [0]

    def progress(fraction, step):
        percent = max(1, min(99, int(fraction * 100)))
        if percent - last[0] >= 3 or step:
            last[0] = percent
            _update(render_id, progress=percent, step=step)

    try:
        from congress_portal.dashboard import sections as registry

        progress(0.05, _("Reading the year's figures"))
        sections = registry.year_sections(render.year)
        texts = dict(Narrative.objects.filter(year=render.year).values_list("chapter", "html"))
        content = report_data(render.year, sections=sections, texts=texts,
                              progress=lambda f: progress(0.1 + 0.4 * f, _("Drawing the charts")))
        data, pages = render_pdf(render.year, progress=progress, data=content)
    except Exception as exc:  # noqa: BLE001 - any failure is told to the user, in Chinese
        log.exception("annual report %s failed", render_id)
        reason = _("The report could not be rendered: %(error)s") % {"error": exc.__class__.__name__ + ": " + str(exc)[:300]}
        _update(render_id, state=RenderState.FAILED, error=reason, step=_("Render failed"), finished_at=timezone.now())
        return False
    seconds = time.perf_counter() - started
    with transaction.atomic():
        ReportRender.objects.filter(pk=render_id).update(
            state=RenderState.DONE, progress=100,
            step=_("%(pages)s pages in %(seconds).1f s") % {"pages": pages, "seconds": seconds}, pdf=data, pages=pages,
            seconds=round(seconds, 3), finished_at=timezone.now(), word_state=WordState.QUEUED,
            content={"sections": plain_data(sections), "texts": texts})
    return True


def _sections_of(content):
    """The sections a render was made from, as year_sections() gave them (kept on the render as JSON)."""
    from congress_portal.dashboard.sections import Chart, Figure, Section, Table

    return [Section(code=s["code"], title=s["title"], figures=[Figure(**f) for f in s["figures"]],
                    charts=[Chart(**c) for c in s["charts"]], tables=[Table(**t) for t in s["tables"]])
            for s in content["sections"]]


def run_word(render_id):
    """The Word copy of a done render, from the very figures and texts its PDF printed (kept on the render),
    so the two never differ even when the data changed in between. Safe to run twice: it claims the row."""
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        _run_word(render_id)


def _run_word(render_id):
    from . import docx_export

    claimed = ReportRender.objects.filter(pk=render_id, state=RenderState.DONE, word_state=WordState.QUEUED).update(
        word_state=WordState.RUNNING)
    if not claimed:
        return
    render = ReportRender.objects.only("year", "content").get(pk=render_id)
    started = time.perf_counter()
    try:
        content = report_data(render.year, sections=_sections_of(render.content), texts=render.content["texts"],
                              with_charts=False)
        word = docx_export.render_docx(render.year, data=content)
    except Exception as exc:  # noqa: BLE001 - told to the user, in Chinese; the PDF stays downloadable
        log.exception("annual report %s: the Word copy failed", render_id)
        reason = _("The Word copy could not be made: %(error)s") % {"error": exc.__class__.__name__ + ": " + str(exc)[:300]}
        _update(render_id, word_state=WordState.FAILED, word_error=reason)
        return
    _update(render_id, word_state=WordState.DONE, docx=word, word_seconds=round(time.perf_counter() - started, 3))

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
from .models import Narrative, RenderState, ReportRender

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


def _table(table):
    # The first column (a unit's or a person's name) takes two shares of the width, the others one.
    # Rounded down, so the row's widths never add up to more than the line (the last cell would wrap).
    width = math.floor(10000 / (len(table.columns) + 1)) / 100 if table.columns else 100
    return {"title": table.title, "columns": table.columns, "width": f"{width:.2f}", "first": f"{2 * width:.2f}",
            "rows": [["—" if v is None else v for v in row] for row in table.rows]}


def report_data(year, *, sections=None, narratives=None, with_charts=True, progress=None):
    """The report's content: [{chapter, text, sections: [{title, figures, charts, tables}]}]."""
    from congress_portal.dashboard import sections as registry

    sections = registry.year_sections(year) if sections is None else sections
    narratives = list(Narrative.objects.filter(year=year)) if narratives is None else narratives
    texts = {n.chapter: n.html for n in narratives}
    arranged = chapters.arrange(sections)
    total_charts = sum(len(s.charts) for _c, ss in arranged for s in ss) or 1
    done = 0
    out = []
    for index, (chapter, chapter_sections) in enumerate(arranged, start=1):
        blocks = []
        for section in chapter_sections:
            drawn = []
            for chart in section.charts:
                svg, png = charts.drawings(chart) if with_charts else ("", b"")
                drawn.append({"title": chart.title, "chart": chart, "kind": chart.kind, "png": png,
                              "uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()})
                done += 1
                if progress:
                    progress(done / total_charts)
            figures = [_figure_row(f) for f in section.figures]
            blocks.append({"code": section.code, "title": section.title, "figures": figures,
                           "figure_rows": [figures[i:i + FIGURES_A_ROW] for i in range(0, len(figures), FIGURES_A_ROW)],
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


def run_render(render_id):
    """The task's work: claim the queued render, render PDF and .docx, keep them (or say why not).

    Its steps and failure are stored as the user reads them, in the portal's language (Chinese).
    """
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        _run_render(render_id)


def _run_render(render_id):
    from . import docx_export

    claimed = ReportRender.objects.filter(pk=render_id, state=RenderState.QUEUED).update(
        state=RenderState.RUNNING, progress=1, step=_("Started"))
    if not claimed:
        return  # done by another run of the same task (acks_late redelivery)
    render = ReportRender.objects.defer("pdf", "docx").get(pk=render_id)
    started = time.perf_counter()
    last = [0]

    def progress(fraction, step):
        percent = max(1, min(99, int(fraction * 100)))
        if percent - last[0] >= 3 or step:
            last[0] = percent
            _update(render_id, progress=percent, step=step)

    try:
        progress(0.05, _("Reading the year's figures"))
        content = report_data(render.year, progress=lambda f: progress(0.1 + 0.4 * f, _("Drawing the charts")))
        data, pages = render_pdf(render.year, progress=progress, data=content)
        progress(0.95, _("Writing the Word document"))
        word = docx_export.render_docx(render.year, data=content)
    except Exception as exc:  # noqa: BLE001 - any failure is told to the user, in Chinese
        log.exception("annual report %s failed", render_id)
        reason = _("The report could not be rendered: %(error)s") % {"error": exc.__class__.__name__ + ": " + str(exc)[:300]}
        _update(render_id, state=RenderState.FAILED, error=reason, step=_("Render failed"), finished_at=timezone.now())
        return
    seconds = time.perf_counter() - started
    with transaction.atomic():
        ReportRender.objects.filter(pk=render_id).update(
            state=RenderState.DONE, progress=100,
            step=_("%(pages)s pages in %(seconds).1f s") % {"pages": pages, "seconds": seconds}, pdf=data, docx=word, pages=pages,
            seconds=round(seconds, 3), finished_at=timezone.now())

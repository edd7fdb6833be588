"""The annual work report: its figures are the sections' (the dashboard's), its texts are sanitised and
versioned, its render runs as a task with progress, kept by fingerprint, and a failure says why in Chinese."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from congress_portal.annual_report import build, charts, docx_export, services
from congress_portal.annual_report.models import Narrative, NarrativeVersion, RenderState, ReportRender
from congress_portal.dashboard import sections
from tests.conftest import client_for

YEAR = 2026


def _pdf_text(data):
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_every_figure_of_every_section_is_printed_as_the_dashboard_has_it(sample):
    data, pages = build.render_pdf(YEAR)
    text = _pdf_text(data)
    report = build.report_data(YEAR, with_charts=False)
    printed = {block["code"]: block for chapter in report for block in chapter["sections"]}
    assert set(printed) == {section.code for section in sections.year_sections(YEAR)}
    for section in sections.year_sections(YEAR):
        block = printed[section.code]
        assert [f["label"] for f in block["figures"]] == [f.label for f in section.figures]
        for figure, row in zip(section.figures, block["figures"]):
            if figure.value is None:
                expected = "—"
            else:
                expected = f"{figure.value:.1f}" if figure.unit == "%" else f"{figure.value:g}"
            assert row["value"] == expected
            assert re.sub(r"\s+", "", f"{figure.label}{expected}{figure.unit}") in text
        for table in section.tables:
            for row in table.rows:
                assert re.sub(r"\s+", "", str(row[0])) in text
    assert "代表建议办理" in text and "解决采纳率88.7%" in text
    assert f"第1页共{pages}页" not in text  # the cover carries no page number
    assert f"第2页共{pages}页" in text


def test_the_contents_give_each_chapter_its_page(sample):
    data, pages = build.render_pdf(YEAR)
    reader = PdfReader(io.BytesIO(data))
    contents = re.sub(r"\s+", "", reader.pages[1].extract_text())
    for page_number, page in enumerate(reader.pages, start=1):
        head = re.sub(r"\s+", "", page.extract_text())
        if page_number > 2 and "七、代表建议办理" in head and "七、代表建议办理" not in contents[:0]:
            match = re.search(r"七、代表建议办理\.*(\d+)", contents)
            assert match and int(match.group(1)) <= page_number
            break
    else:
        pytest.fail("the chapter of the sample suggestions was not printed")


def test_charts_are_svg_with_chinese_text_in_noto_cjk(sample):
    chart = sample.suggestions(YEAR).charts[1]
    svg = charts.chart_svg(chart)
    assert svg.lstrip().startswith("<svg")
    assert "区发展和改革局" in svg  # text stays text (svg.fonttype none), drawn by WeasyPrint in Noto CJK
    assert "Noto Serif CJK SC" in svg  # the report's text face: no third CJK face to embed
    # Flattened for WeasyPrint: every tick and marker its own path, no clip paths, no stylesheet.
    assert "<use" not in svg and "clip-path" not in svg and "<style" not in svg and "<path" in svg
    # Styles as presentation attributes, which WeasyPrint reads without parsing a declaration list per node.
    assert " style=" not in svg and 'fill="#c00000"' in svg and "font-family=\"'Noto Serif CJK SC'" in svg
    assert charts.chart_png(chart)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_report_embeds_two_cjk_faces_only(sample, staff_user):
    """Every face is one more CJK font to subset and embed (about 0.1 s each): text, tables and charts in the
    serif's regular; headings, emphasis and figures in the sans's bold."""
    services.narrative_save(year=YEAR, chapter="deputies", html="<p><strong>1.</strong>代表工作稳步推进。</p>",
                            actor=staff_user)
    data, _pages = build.render_pdf(YEAR)
    faces = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            faces.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert faces == {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold"}, faces


def test_a_figure_counted_last_year_but_not_this_year_prints_last_years_value():
    from django.utils import translation

    with translation.override("zh-hans"):
        row = build._figure_row(sections.Figure("rate", "满意率", None, previous=97.5, unit="%"))
    assert row["value"] == "—" and row["previous"] == "上年 97.5%"


def test_a_narrative_is_sanitised_and_every_change_is_a_version(staff_user):
    narrative = services.narrative_save(
        year=YEAR, chapter="deputies", actor=staff_user,
        html='<p onclick="x()">全年共<strong>收到</strong>建议<script>alert(1)</script></p><img src=x onerror=y>'
             '<p style="color:red"><a href="javascript:x">链接</a></p>')
    assert narrative.html == "<p>全年共<strong>收到</strong>建议</p><p>链接</p>"
    services.narrative_save(year=YEAR, chapter="deputies", html=narrative.html, actor=staff_user)
    assert narrative.versions.count() == 1  # the same text again is no new version
    services.narrative_save(year=YEAR, chapter="deputies", html="<p>第二稿</p>", actor=staff_user)
    first = narrative.versions.get(number=1)
    restored = services.narrative_restore(version=first, actor=staff_user)
    assert restored.html == first.html
    assert list(narrative.versions.order_by("number").values_list("number", "html")) == [
        (1, first.html), (2, "<p>第二稿</p>"), (3, first.html)]
    assert narrative.versions.get(number=3).note == "从第1版恢复"
    with pytest.raises(ValueError):
        services.narrative_save(year=YEAR, chapter="nonsense", html="", actor=staff_user)


def test_render_runs_as_a_task_keeps_its_result_until_the_data_or_text_changes(sample, staff_user,
                                                                           django_capture_on_commit_callbacks):
    services.narrative_save(year=YEAR, chapter="deputies", html="<p>代表工作稳步推进。</p>", actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_start(year=YEAR, actor=staff_user)
    render.refresh_from_db()
    assert render.state == RenderState.DONE and render.progress == 100 and re.fullmatch(r"共 \d+ 页，用时 [\d.]+ 秒", render.step)
    assert bytes(render.pdf).startswith(b"%PDF") and render.pages >= 5 and render.seconds > 0
    assert "代表工作稳步推进。" in _pdf_text(bytes(render.pdf))
    from docx import Document

    document = Document(io.BytesIO(bytes(render.docx)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "代表工作稳步推进。" in paragraphs and "四、代表工作" in paragraphs
    assert any("解决采纳率：88.7%" in p for p in paragraphs)
    assert document.inline_shapes  # the charts, as pictures

    with django_capture_on_commit_callbacks(execute=True):
        assert services.render_start(year=YEAR, actor=staff_user).pk == render.pk  # kept: same data, same text
    services.narrative_save(year=YEAR, chapter="deputies", html="<p>改过的文字。</p>", actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.render_start(year=YEAR, actor=staff_user)
    assert again.pk != render.pk


def test_a_failed_render_says_why_in_chinese(sample, staff_user, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(build, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_start(year=YEAR, actor=staff_user)
    render.refresh_from_db()
    assert render.state == RenderState.FAILED
    assert render.error.startswith("报告未能生成：") and "磁盘已满" in render.error
    assert ReportRender.objects.filter(pk=render.pk, pdf__isnull=True).exists()


def test_the_task_run_twice_renders_once(sample, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        render = services.render_start(year=YEAR, actor=staff_user)
    build.run_render(render.pk)
    render.refresh_from_db()
    finished = render.finished_at
    build.run_render(render.pk)  # a redelivery: the row is no longer queued
    render.refresh_from_db()
    assert render.state == RenderState.DONE and render.finished_at == finished


@pytest.mark.parametrize("role, status", [("staff", 302), ("leader", 403), ("deputy", 403),
                                          ("unit_officer", 403), ("anonymous", 302)])
def test_only_staff_start_a_render(cast, client, role, status, sample):
    response = client_for(client, cast[role]).post(reverse("annual_report:start", args=[YEAR]))
    assert response.status_code == status
    assert ReportRender.objects.exists() == (role == "staff")


@pytest.mark.parametrize("role, status", [("staff", 200), ("leader", 200), ("deputy", 403),
                                          ("other_unit_officer", 403)])
def test_who_reads_the_report_page_and_its_status(cast, client, role, status, sample):
    c = client_for(client, cast[role])
    assert c.get(reverse("annual_report:report", args=[YEAR])).status_code == status
    assert c.get(reverse("annual_report:status", args=[YEAR])).status_code == status


def test_status_and_downloads(staff_user, client, sample, django_capture_on_commit_callbacks):
    c = client_for(client, staff_user)
    assert c.get(reverse("annual_report:status", args=[YEAR])).json()["state"] == "none"
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("annual_report:start", args=[YEAR]))
    status = c.get(reverse("annual_report:status", args=[YEAR])).json()
    assert status["state"] == "done" and status["progress"] == 100 and status["current"] is True
    pdf = c.get(status["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = c.get(status["docx_url"])
    assert docx.content.startswith(b"PK")
    page = c.get(reverse("annual_report:report", args=[YEAR])).content.decode()
    assert status["pdf_url"] in page and "下载 PDF" in page
    services.narrative_save(year=YEAR, chapter="next_year", html="<p>明年</p>", actor=staff_user)
    assert c.get(reverse("annual_report:status", args=[YEAR])).json()["current"] is False
    preview = c.get(reverse("annual_report:preview", args=[YEAR]))
    assert "供审阅的草稿" in _pdf_text(preview.content)


def test_the_status_endpoint_polled_during_a_render_reads_three_queries(staff_user, client, sample,
                                                                        django_assert_num_queries):
    c = client_for(client, staff_user)
    c.get(reverse("annual_report:status", args=[YEAR]))
    for _ in range(3):
        ReportRender.objects.create(year=YEAR, fingerprint="x", state=RenderState.DONE)
    ReportRender.objects.create(year=YEAR, fingerprint="y", state=RenderState.RUNNING, progress=40)
    # session, user, the latest render: the sections are not read while the bar moves
    with django_assert_num_queries(3):
        status = c.get(reverse("annual_report:status", args=[YEAR])).json()
    assert status["state"] == "running" and status["progress"] == 40


def test_export_pdf_writes_the_annual_report(tmp_path, sample):
    out = tmp_path / "report.pdf"
    call_command("export_pdf", "annual_report", str(YEAR), "--out", str(out))
    assert "代表建议办理" in _pdf_text(out.read_bytes())
    with pytest.raises(CommandError, match="不是年份"):
        call_command("export_pdf", "annual_report", "abc", "--out", str(tmp_path / "x.pdf"))


def test_staff_write_a_chapter_in_the_admin_and_restore_a_version(client, django_user_model, db):
    admin = django_user_model.objects.create_superuser("root", "r@example.com", "x")
    c = client_for(client, admin)
    add = reverse("admin:annual_report_narrative_add")
    changelist = c.get(reverse("admin:annual_report_narrative_changelist")).content.decode()
    assert "生成和下载报告" in changelist and reverse("annual_report:index") in changelist
    assert 'class="rich-text' in c.get(add + "?year=2026&chapter=self_building").content.decode()
    response = c.post(add, {"year": 2026, "chapter": "self_building", "html": "<p>加强<em>自身建设</em></p>",
                            "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    narrative = Narrative.objects.get(year=2026, chapter="self_building")
    change = reverse("admin:annual_report_narrative_change", args=[narrative.pk])
    c.post(change, {"html": "<p>第二稿</p>", "versions-TOTAL_FORMS": 1, "versions-INITIAL_FORMS": 1,
                    "versions-0-id": narrative.versions.get().pk, "versions-0-narrative": narrative.pk})
    narrative.refresh_from_db()
    assert narrative.html == "<p>第二稿</p>" and narrative.versions.count() == 2
    first = narrative.versions.get(number=1)
    url = reverse("admin:annual_report_narrative_version", args=[narrative.pk, first.pk])
    assert "自身建设" in c.get(url).content.decode()
    assert c.post(url).status_code == 302
    narrative.refresh_from_db()
    assert narrative.html == "<p>加强<em>自身建设</em></p>" and narrative.versions.count() == 3
    # a second text for the same chapter and year is refused, in Chinese, on the form
    response = c.post(add, {"year": 2026, "chapter": "self_building", "html": "<p>x</p>",
                            "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0})
    assert response.status_code == 200 and "这一年的这一部分已有文字" in response.content.decode()
    assert NarrativeVersion.objects.filter(narrative__year=2026).count() == 3


def test_the_render_task_goes_to_the_documents_queue():
    from congress_portal.celery import app

    route = app.amqp.router.route({}, "reports.render_annual_report")
    assert route["queue"].name == "documents"


def _docx_text(data):
    from docx import Document

    return "".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_word_copy_follows_the_pdf_from_what_the_pdf_printed(sample, staff_user, client,
                                                                 django_capture_on_commit_callbacks):
    """The PDF is ready first; the Word copy, a task of its own, prints the figures and texts the PDF
    printed even when a text changed in between."""
    services.narrative_save(year=YEAR, chapter="deputies", html="<p>初稿的文字</p>", actor=staff_user)
    with django_capture_on_commit_callbacks(execute=False):
        render = services.render_start(year=YEAR, actor=staff_user)
    build.run_render(render.pk, then_word=False)
    c = client_for(client, staff_user)
    status = c.get(reverse("annual_report:status", args=[YEAR])).json()
    assert status["state"] == "done" and status["pending"] is True and "docx_url" not in status
    assert "正在生成 Word 文档" in status["step"] and status["pdf_url"]
    assert c.get(reverse("annual_report:download", args=[render.pk, "docx"])).status_code == 404
    page = c.get(reverse("annual_report:report", args=[YEAR])).content.decode()
    assert 'data-pending="true"' in page

    services.narrative_save(year=YEAR, chapter="deputies", html="<p>改过的文字</p>", actor=staff_user)
    build.run_word(render.pk)
    build.run_word(render.pk)  # a redelivery: already made
    render.refresh_from_db()
    assert render.word_state == "done" and render.word_seconds is not None
    text = _docx_text(bytes(render.docx))
    assert "初稿的文字" in text and "改过的文字" not in text
    assert "初稿的文字" in _pdf_text(bytes(render.pdf))
    suggestions = next(s for s in render.content["sections"] if s["code"] == "suggestions")
    total = next(f for f in suggestions["figures"] if f["key"] == "total")
    assert f"{total['label']}：{total['value']:g}" in text
    status = c.get(reverse("annual_report:status", args=[YEAR])).json()
    assert "pending" not in status and c.get(status["docx_url"]).content.startswith(b"PK")


def test_a_failed_word_copy_says_why_and_keeps_the_pdf(sample, staff_user, client, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise OSError("磁盘已满")

    monkeypatch.setattr(docx_export, "render_docx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        render = services.render_start(year=YEAR, actor=staff_user)
    render.refresh_from_db()
    assert render.state == RenderState.DONE and render.word_state == "failed"
    assert render.word_error.startswith("Word 文档未能生成：") and "磁盘已满" in render.word_error
    status = client_for(client, staff_user).get(reverse("annual_report:status", args=[YEAR])).json()
    assert status["pdf_url"] and "docx_url" not in status and "磁盘已满" in status["error"]


def test_the_word_copy_is_queued_when_the_pdf_is_kept_and_made_here_without_a_broker(sample, staff_user,
                                                                                    monkeypatch,
                                                                                    django_capture_on_commit_callbacks):
    from congress_portal.annual_report import tasks

    queued = []
    monkeypatch.setattr(tasks.render_annual_report_word, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=False):
        render = services.render_start(year=YEAR, actor=staff_user)
    build.run_render(render.pk)
    assert queued == [render.pk]
    assert ReportRender.objects.get(pk=render.pk).word_state == "queued"

    def away(render_id):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.render_annual_report_word, "delay", away)
    ReportRender.objects.filter(pk=render.pk).update(state=RenderState.QUEUED)
    build.run_render(render.pk)
    assert ReportRender.objects.get(pk=render.pk).word_state == "done"
    route = __import__("congress_portal.celery", fromlist=["app"]).app.amqp.router.route(
        {}, "reports.render_annual_report_word")
    assert route["queue"].name == "documents"


LONG = ["区人大常委会及其工作机构", "区住房和城市更新局", "区政务服务和大数据管理局", "区退役军人事务局", "区城市管理执法局",
        "区卫生健康局", "区文化和旅游局"]


@pytest.mark.parametrize("chart", [
    sections.Chart("a", "哪些单位答复最晚？", "bar", LONG, [("2026", [12345, 3, 40, 7, 0, 1, 9]), ("2025", [6, 7, 8, 9, 10, 11, 12])]),
    sections.Chart("b", "各单位办理状态", "stacked", LONG, [("按期", [500, 3, 4, 5, 6, 7, 8]), ("逾期", [90, 1, 2, 3, 4, 5, 6])]),
    sections.Chart("c", "各项目进度", "hbar", LONG, [("进度", [100, 80, 45.5, 3, 0, 12, 99])]),
    sections.Chart("d", "办结率", "line", ["2022", "2023", "2024", "2025", "2026"], [("办结率", [88.5, 90.1, 93.2, 97.55, 99.9]),
                                                                               ("满意率", [80.0, 81.5, 85, 86, 90])]),
    sections.Chart("e", "按任免类别", "bar", ["任命", "免职", "决定任命", "接受辞职", "撤职"], [("2026", [18, 7, 1, 4, 0])]),
], ids=lambda chart: chart.kind + "-" + chart.key)
def test_every_label_of_a_chart_lies_inside_it(chart):
    """The margins are worked out from the labels' lengths (not measured by drawing twice): every tick label, value
    label and legend entry still lies inside the figure, for long unit names, slanted labels and large values."""
    with charts._lock:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        figure = charts._figure(chart, "png", 150, 70)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        # What the drawing covers (every drawn tick label, value label, legend entry), in inches.
        drawn, page = figure.get_tightbbox(renderer), figure.bbox_inches
        assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, (drawn, page)
        assert drawn.x1 <= page.x1 + 0.01 and drawn.y1 <= page.y1 + 0.01, (drawn, page)
        # And the plot is not squeezed into a corner by margins too generous.
        plot = figure.axes[0].get_position()
        assert plot.width > 0.35 and plot.height > 0.3, plot


def test_the_figure_cards_stay_inside_the_text_width(sample):
    """Three cards a row, each a third of the line, none running into the right margin (a 33.3% width plus
    padding, borders and spacing once reached 20 mm into it); a last row of one or two keeps the thirds."""
    from weasyprint import HTML
    from django.conf import settings
    from django.template.loader import render_to_string

    from congress_portal.organization.names import congress_name
    from congress_portal.reports.letterhead import letterhead_values

    data = build.report_data(YEAR, with_charts=False)
    for chapter in data:
        chapter["numeral"] = build._numeral(chapter["number"])
    html = render_to_string("annual_report/pdf/report.html", {
        "year": YEAR, "chapters": data, "draft": False, "congress": congress_name(), "made_on": None,
        "letterhead": letterhead_values()})
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    widths, checked = set(), 0
    for page in document.pages:
        body = page._page_box.children[0]  # the html box: its content box is the page's text block
        right = body.content_box_x() + body.width
        for box in body.descendants():
            if getattr(box, "element_tag", "") == "td" and "figure" in (box.element.get("class") or "").split():
                assert box.position_x + box.margin_width() <= right + 0.5, "".join(box.element.itertext())
                widths.add(round(box.border_width()))
                checked += 1
    assert checked >= sum(len(s.figures) for s in sections.year_sections(YEAR))
    assert len(widths) == 1  # every card a third, in full rows and in a last row of one or two

"""Staff write a chapter of the annual report in the admin's editor, start the render from the workbench's
report page, watch its progress bar move without a reload, and download the PDF and the Word file; pages
1, 2 and a chart page of the PDF are saved as PNG artifacts, and every font in it is embedded Noto CJK."""

import subprocess
import threading
import time

import pytest
from django.contrib.auth.models import Permission
from django.db import connection

from congress_portal.annual_report import build, charts, tasks
from congress_portal.annual_report.models import Narrative, ReportRender
from tests.browser_fixtures import ARTIFACTS, login
from tests.factories import PASSWORD
from tests.reports.builders import make_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _render_in_a_worker(render_id):
    """What the documents worker does, in another thread (the live server's page polls meanwhile)."""
    try:
        time.sleep(1.0)
        build.run_render(render_id)
    finally:
        connection.close()


def _word_in_a_worker(render_id):
    """The Word copy's task, queued when the PDF is kept: also another thread, a moment later."""
    try:
        time.sleep(1.5)
        build.run_word(render_id)
    finally:
        connection.close()


def test_staff_write_a_chapter_render_the_report_watch_it_and_download_it(page_for, screenshot, cast, unit,
                                                                          other_unit, monkeypatch):
    staff = cast["staff"]
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="annual_report"))
    for i, result in enumerate("AABBCD"):
        make_suggestion(deputy=cast["deputy"].deputy, staff=staff, unit=[unit, other_unit][i % 2], result=result,
                        rating=["satisfied", "basically", "dissatisfied"][i % 3], status="evaluated")
    # The task goes to the documents worker: here a thread, with each chart a little slower, so the bar moves.
    monkeypatch.setattr(tasks.render_annual_report, "delay",
                        lambda render_id: threading.Thread(target=_render_in_a_worker, args=[render_id]).start())
    monkeypatch.setattr(tasks.render_annual_report_word, "delay",
                        lambda render_id: threading.Thread(target=_word_in_a_worker, args=[render_id]).start())
    draw = charts.chart_svg
    monkeypatch.setattr(charts, "chart_svg", lambda chart, **kw: (time.sleep(0.4), draw(chart, **kw))[1])

    page = page_for()
    login(page, "staff", PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="常委会工作报告", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "常委会工作报告" in page.locator("h1").inner_text()

    # Write the deputies' chapter in the admin's editor (Quill), with a bold phrase.
    page.locator("tr", has_text="代表工作").get_by_role("link", name="撰写").click()
    editor = page.locator(".ql-editor")
    editor.click()
    page.keyboard.type("本年度代表建议办理质效")
    page.keyboard.press("Control+b")
    page.keyboard.type("明显提升")
    page.keyboard.press("Control+b")
    page.keyboard.type("。")
    screenshot(page, "annual-report-editor")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("networkidle")
    narrative = Narrative.objects.get(chapter="deputies")
    assert narrative.html == "<p>本年度代表建议办理质效<strong>明显提升</strong>。</p>"
    assert narrative.versions.count() == 1

    page.goto(f"/annual-report/{narrative.year}/")
    page.evaluate("window.__samePage = true")
    page.locator("#start-render").click()
    page.wait_for_load_state("load")
    page.evaluate("window.__samePage = true")
    seen = set()
    deadline = time.monotonic() + 120  # a loaded machine: the render itself is timed by the bench
    while time.monotonic() < deadline:
        value = page.evaluate("document.getElementById('render-progress').value")
        seen.add(value)
        if value == 100 and page.locator("#download-pdf").is_visible():
            break
        time.sleep(0.1)
    assert page.evaluate("window.__samePage") is True  # the bar moved without a reload
    assert any(0 < v < 100 for v in seen) and 100 in seen, (seen, page.locator("#render-status").inner_text())
    assert "完成 · 共" in page.locator("#render-step").inner_text()
    # The PDF is ready first; the Word copy follows from its own task, and its link shows without a reload.
    steps = {page.locator("#render-step").inner_text()}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not page.locator("#download-docx").is_visible():
        steps.add(page.locator("#render-step").inner_text())
        time.sleep(0.1)
    assert page.locator("#download-docx").is_visible(), steps
    assert any("正在生成 Word 文档" in step for step in steps), steps
    assert page.evaluate("window.__samePage") is True
    screenshot(page, "annual-report-done")

    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf_path = ARTIFACTS / "annual-report.pdf"
    download.value.save_as(pdf_path)
    with page.expect_download() as word:
        page.locator("#download-docx").click()
    assert word.value.suggested_filename.endswith(".docx")
    render = ReportRender.objects.get()
    assert pdf_path.read_bytes() == bytes(render.pdf)

    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all("Noto" in line and " yes yes " in line for line in lines), fonts
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    assert "明显提升" in text and "目录" in text
    chart_page = next(n for n, page_text in enumerate(text.split("\f"), start=1) if "哪些单位答复不及时" in page_text)
    for number in (1, 2, chart_page):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(number), "-l", str(number), "-singlefile",
                        str(pdf_path), str(ARTIFACTS / f"annual-report-page-{number}")], check=True)
        assert (ARTIFACTS / f"annual-report-page-{number}.png").stat().st_size > 5000

"""Issue 19: staff click the suggestions ledger on the dashboard; the ledger is larger than EXPORT_ASYNC_ROWS,
so they land on the export's page, watch it made by the documents worker (here a thread) without a reload,
and download it from there."""

import io
import threading
import time

import pytest
from django.db import connection
from openpyxl import load_workbook

from congress_portal.reports import exports, tasks
from congress_portal.reports.models import ExportJob
from tests.browser_fixtures import ARTIFACTS, login
from tests.factories import PASSWORD
from tests.reports.builders import make_suggestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _make_in_a_worker(job_id):
    """What the documents worker does, in another thread (the live server's page polls meanwhile)."""
    try:
        time.sleep(1.5)
        exports.run(job_id)
    finally:
        connection.close()


def test_staff_reach_a_large_ledger_from_the_dashboard_and_download_it_when_ready(page_for, screenshot, cast, unit,
                                                                                 settings, monkeypatch):
    settings.EXPORT_ASYNC_ROWS = 2
    for result in "ABC":
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result=result,
                        rating="satisfied", status="evaluated")
    monkeypatch.setattr(tasks.run_export, "delay",
                        lambda job_id: threading.Thread(target=_make_in_a_worker, args=[job_id]).start())
    page = page_for()
    login(page, "staff", PASSWORD)
    page.goto("/dashboard/")
    with page.expect_navigation():
        page.get_by_role("link", name="建议办理台账").first.click()
    assert "/reports/exports/" in page.url
    assert "文件共 3 行" in page.locator("main").inner_text()
    screenshot(page, "export-waiting")
    page.wait_for_selector("#export-download:not(.d-none)", timeout=30000)
    assert "已生成" in page.locator("#export-step").inner_text()
    screenshot(page, "export-ready")
    with page.expect_download() as download:
        page.locator("#export-download").click()
    path = ARTIFACTS / "export-suggestions-ledger.xlsx"
    download.value.save_as(path)
    ws = load_workbook(io.BytesIO(path.read_bytes())).active
    assert [row[0] for row in ws.iter_rows(min_row=3, values_only=True) if row[0] is not None] == [1, 2, 3]
    assert ExportJob.objects.get().state == "done"

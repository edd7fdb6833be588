"""Issue 19: a ledger of more rows than EXPORT_ASYNC_ROWS is made by the documents worker (the real task
path: eager on SQLite, the broker's worker where CI has one), with its progress on a page and the file to
download when ready; smaller ledgers still answer in the request. Reached from the same export links."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congress_portal.reports import exports
from congress_portal.reports.models import ExportJob
from tests.conftest import client_for

from .builders import make_suggestion

pytestmark = pytest.mark.django_db

LEDGER = "/reports/suggestions/ledger.xlsx"


@pytest.fixture
def three(cast, unit):
    today = timezone.localdate()
    for i in range(3):
        make_suggestion(deputy=cast["deputy"].deputy, staff=cast["staff"], unit=unit, result="AB"[i % 2],
                        rating="satisfied",
                        commitments=[("增设停车泊位", today + datetime.timedelta(days=10), None)])


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the task itself runs, through Celery, in the process
    settings.EXPORT_ASYNC_ROWS = 2


def _rows(content):
    ws = load_workbook(io.BytesIO(content)).active
    return [row for row in ws.iter_rows(min_row=3, values_only=True) if row[0] is not None]


def test_a_small_ledger_still_answers_in_the_request(client, cast, three, settings):
    settings.EXPORT_ASYNC_ROWS = 3
    response = client_for(client, cast["staff"]).get(LEDGER)
    assert response.status_code == 200 and len(_rows(response.content)) == 3
    assert not ExportJob.objects.exists()


def test_a_large_ledger_goes_to_the_worker_with_progress_and_a_download(client, cast, three, eager,
                                                                         django_capture_on_commit_callbacks):
    staff = client_for(client, cast["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.get(LEDGER)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:export_job", args=[job.pk])
    assert job.export == "suggestions_ledger" and job.rows == 3 and job.requested_by == cast["staff"]
    job.refresh_from_db()
    assert job.state == "done" and job.progress == 100 and job.filename.endswith(".xlsx")
    page = staff.get(response.url).content.decode()
    assert "建议办理台账" in page and "下载文件" in page and "3 行" in page
    status = staff.get(reverse("reports:export_status", args=[job.pk])).json()
    assert status["state"] == "done" and status["download_url"] == reverse("reports:export_download", args=[job.pk])
    download = staff.get(status["download_url"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert len(_rows(download.content)) == 3


def test_the_worker_builds_what_the_filter_asked_for(client, cast, unit, three, eager, settings,
                                                     django_capture_on_commit_callbacks):
    from proposals.models import Suggestion

    settings.EXPORT_ASYNC_ROWS = 1
    first, second, third = Suggestion.objects.order_by("pk")
    Suggestion.objects.filter(pk=first.pk).update(title="唯一的标题：增设停车泊位")
    Suggestion.objects.filter(pk=second.pk).update(title="增设停车泊位")
    Suggestion.objects.filter(pk=third.pk).update(title="别的事")
    staff = client_for(client, cast["staff"])
    response = staff.get(LEDGER, {"q": "唯一的标题"})  # one row: under the limit, answered at once
    assert response.status_code == 200 and len(_rows(response.content)) == 1
    assert not ExportJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.get(LEDGER, {"q": "停车"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and job.params == {"q": ["停车"]} and job.rows == 2
    download = staff.get(reverse("reports:export_download", args=[job.pk]))
    assert sorted(row[2] for row in _rows(download.content)) == ["唯一的标题：增设停车泊位", "增设停车泊位"]


def test_a_reload_does_not_start_it_twice_and_others_cannot_open_it(client, cast, three, settings):
    settings.EXPORT_ASYNC_ROWS = 2
    settings.CELERY_TASK_ALWAYS_EAGER = True
    staff = client_for(client, cast["staff"])
    first = staff.get(LEDGER)  # no commit callbacks run: the job waits, queued
    second = staff.get(LEDGER)
    assert first.url == second.url and ExportJob.objects.count() == 1
    job = ExportJob.objects.get()
    assert job.state == "queued"
    assert "等待文书服务处理" in staff.get(first.url).content.decode()
    for name in ("leader", "deputy", "unit_officer"):
        client.logout()
        other = client_for(client, cast[name])
        for url in (reverse("reports:export_job", args=[job.pk]), reverse("reports:export_status", args=[job.pk]),
                    reverse("reports:export_download", args=[job.pk])):
            assert other.get(url).status_code == 404, (name, url)
    client.logout()
    assert client.get(reverse("reports:export_job", args=[job.pk])).status_code == 302  # to the sign-in


def test_the_commitments_ledger_too(client, cast, three, eager, django_capture_on_commit_callbacks):
    leader = client_for(client, cast["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.get("/reports/commitments/ledger.xlsx")
    job = ExportJob.objects.get(export="commitments_ledger")
    assert response.url == reverse("reports:export_job", args=[job.pk])
    download = leader.get(reverse("reports:export_download", args=[job.pk]))
    assert len(_rows(download.content)) == 3


def test_a_failure_is_told_in_chinese(cast, three, eager, monkeypatch):
    def broken(params, user, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(exports._EXPORTS, "suggestions_ledger",
                        exports.Export(name="suggestions_ledger", title="建议办理台账", build=broken))
    job = ExportJob.objects.create(export="suggestions_ledger", rows=3, requested_by=cast["staff"])
    exports.run(job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and "文件未能生成" in job.error and "disk full" in job.error
    exports.run(job.pk)  # a second run of the task (redelivered) finds it claimed and does nothing
    job.refresh_from_db()
    assert job.state == "failed"


def test_progress_is_told_as_the_rows_are_written(cast, three, monkeypatch):
    from congress_portal.reports import ledgers
    from proposals import ledgers as proposal_ledgers

    monkeypatch.setattr(proposal_ledgers, "CHUNK", 1)
    seen = []
    job = ExportJob.objects.create(export="suggestions_ledger", rows=3, requested_by=cast["staff"])
    real = exports._update

    def spy(job_id, **fields):
        if "progress" in fields:
            seen.append(fields["progress"])
        real(job_id, **fields)

    monkeypatch.setattr(exports, "_update", spy)
    assert ledgers.CHUNK  # the platform's chunk is untouched
    exports.run(job.pk)
    assert seen[0] == 1 or seen[0] == 2
    assert len(seen) >= 4 and seen == sorted(seen) and seen[-1] == 100


# --- retention: the nightly purge (exports.purge_expired, task reports.purge_exports) -------------------------

def _job(user, state, *, finished_days_ago=None, created_days_ago=0, now):
    job = ExportJob.objects.create(export="suggestions_ledger", requested_by=user, state=state, content=b"x" * 10,
                                   filename="ledger.xlsx")
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=now - datetime.timedelta(days=created_days_ago),
        finished_at=None if finished_days_ago is None else now - datetime.timedelta(days=finished_days_ago))
    return job.pk


def test_the_purge_deletes_finished_and_failed_exports_older_than_the_kept_days_only(
        cast, settings, django_assert_num_queries):
    settings.EXPORT_KEEP_DAYS = 7
    now = timezone.now()
    staff, week, second = cast["staff"], datetime.timedelta(days=7), datetime.timedelta(seconds=1)
    old_done = _job(staff, "done", finished_days_ago=8, created_days_ago=8, now=now)
    old_failed = _job(staff, "failed", finished_days_ago=30, created_days_ago=30, now=now)
    just_over = _job(staff, "done", finished_days_ago=0, created_days_ago=8, now=now)
    ExportJob.objects.filter(pk=just_over).update(finished_at=now - week - second)
    at_the_limit = _job(staff, "done", finished_days_ago=0, created_days_ago=8, now=now)
    ExportJob.objects.filter(pk=at_the_limit).update(finished_at=now - week)  # exactly 7 days: still kept
    recent_failed = _job(staff, "failed", finished_days_ago=6, created_days_ago=6, now=now)
    # Finished yesterday although asked for long ago: counted from when it finished.
    slow = _job(staff, "done", finished_days_ago=1, created_days_ago=40, now=now)
    old_queued = _job(staff, "queued", created_days_ago=40, now=now)
    old_running = _job(staff, "running", created_days_ago=40, now=now)
    with django_assert_num_queries(1):  # one DELETE, the files never read
        assert exports.purge_expired(now=now) == 3
    assert set(ExportJob.objects.values_list("pk", flat=True)) == {
        at_the_limit, recent_failed, slow, old_queued, old_running}
    assert not ExportJob.objects.filter(pk__in=[old_done, old_failed, just_over]).exists()
    assert exports.purge_expired(now=now) == 0  # run twice: nothing more


def test_keep_days_zero_keeps_every_export(cast, settings):
    settings.EXPORT_KEEP_DAYS = 0
    now = timezone.now()
    _job(cast["staff"], "done", finished_days_ago=400, created_days_ago=400, now=now)
    assert exports.purge_expired(now=now) == 0 and ExportJob.objects.count() == 1


def test_the_purge_is_a_periodic_task_of_the_beat_schedule(db):
    from django_celery_beat.models import PeriodicTask

    from congress_portal.core import schedule
    from congress_portal.reports import tasks

    jobs = {job.task: job for job in schedule.jobs()}
    assert "reports.purge_exports" in jobs and "reports.purge_annual_renders" in jobs
    schedule.ensure()
    row = PeriodicTask.objects.select_related("crontab").get(name=jobs["reports.purge_exports"].name)
    assert row.enabled and (row.crontab.minute, row.crontab.hour) == ("20", "3")
    assert tasks.purge_exports.name == "reports.purge_exports"


def test_a_purged_exports_page_says_it_expired_and_how_to_start_again(client, cast, settings):
    settings.EXPORT_KEEP_DAYS = 7
    now = timezone.now()
    pk = _job(cast["staff"], "done", finished_days_ago=9, created_days_ago=9, now=now)
    staff = client_for(client, cast["staff"])
    assert staff.get(reverse("reports:export_job", args=[pk])).status_code == 200
    from congress_portal.reports.tasks import purge_exports

    assert purge_exports() == 1
    for name in ("reports:export_job", "reports:export_download"):
        response = staff.get(reverse(name, args=[pk]))
        html = response.content.decode()
        assert response.status_code == 404, name
        assert "此导出文件已不再保存" in html and "保存 7 天" in html and reverse("accounts:home") in html

"""Issue 19.7: Celery's queues as documented (README "Scaling out", the queues table) and as deployed (a
worker per queue, deploy/Procfile), so that the reminder sweep and PDF rendering never delay an immediate
notification."""

import datetime
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

ROOT = Path(__file__).resolve().parents[2]


def _documented_queues():
    """{queue: [task names or patterns]} from the README's queues table, and the queue of "every other task"."""
    readme = (ROOT / "README.md").read_text()
    table = re.search(r"^\| queue \| tasks \| worker.*?\n((?:\|.*\n)+)", readme, re.MULTILINE)
    assert table, "README: the queues table (| queue | tasks | worker ...) is missing"
    documented, other = {}, None
    for row in table.group(1).splitlines()[1:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        queue = cells[0].strip("`")
        documented[queue] = re.findall(r"`([\w.*]+)`", cells[1])
        if "every other task" in cells[1]:
            other = queue
    return documented, other


def _route(name):
    from congress_portal.celery import app

    return app.amqp.router.route({}, name)["queue"].name


def test_every_task_goes_to_the_queue_the_readme_names():
    from congress_portal.celery import app

    documented, other = _documented_queues()
    assert set(documented) == {q.name for q in settings.CELERY_TASK_QUEUES} and other == "default"
    for queue, names in documented.items():
        assert names, f"no task documented for {queue}"
        for name in names:
            assert _route(name.replace("*", "any_task")) == queue, name
    patterns = [(n, q) for q, names in documented.items() for n in names]
    registered = sorted(name for name in app.tasks if not name.startswith("celery."))
    assert "notifications.sweep_reminders" in registered  # the apps' tasks are loaded
    for name in registered:
        matching = [q for pattern, q in patterns if fnmatch(name, pattern)]
        assert _route(name) == (matching[0] if matching else other), name
    # The deferred PDFs' names: the annual report and any document task, whichever app adds them.
    assert _route("reports.render_annual_report") == _route("documents.render") == "documents"


def _procfile_workers():
    lines = [line for line in (ROOT / "deploy" / "Procfile").read_text().splitlines()
             if line and not line.startswith("#") and " worker " in line]
    return {re.search(r" -Q (\S+)", line).group(1): line.split(":", 1)[1].strip() for line in lines}


@pytest.mark.django_db(transaction=True)
def test_a_sweep_that_takes_long_does_not_delay_an_immediate_notification(cast, unit, tmp_path):
    """The Procfile's workers for default and sweep, a private Redis, the test's PostgreSQL: while the
    sweep hangs on a text message, a suggestion's move still reaches its recipient at once."""
    import shutil

    from congress_portal.notifications import services
    from congress_portal.notifications.models import Notification, Preference
    from tests.notifications.conftest import make_suggestion, require_services
    from tests.notifications.test_real_services import _env_for_subprocess, broker
    from tests.private_services import private_redis_server

    require_services()
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    officer = cast["unit_officer"]
    officer.mobile = "13900001111"
    officer.save()
    Preference.objects.create(user=officer, email="off", sms="immediate")
    s = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], reply_due=datetime.date(2026, 11, 30),
                        units=[unit])
    sms_file = tmp_path / "sms.txt"
    workers = _procfile_workers()
    started = []
    with private_redis_server(tmp_path) as (_process, redis_url):
        env = _env_for_subprocess(REDIS_URL=redis_url, TEST_SMS_FILE=str(sms_file), TEST_SMS_HANG_AT="1",
                                  NOTIFICATIONS_SMS_BACKEND="tests.notifications.slow_sms.FileBackend",
                                  CELERY_CONCURRENCY="1", PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
        try:
            for queue in ("sweep", "default"):
                command = os.path.expandvars(workers[queue].replace("${CELERY_CONCURRENCY:-2}", "1"))
                started.append(subprocess.Popen([*shlex.split(command), "-l", "warning"], cwd=ROOT, env=env,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                                start_new_session=True))
            with broker(redis_url) as app:
                app.send_task("notifications.sweep_reminders", kwargs={"at": "2026-11-23"})
                for _ in range(600):
                    if sms_file.exists():
                        break
                    time.sleep(0.1)
                assert sms_file.exists(), "the sweep did not start"  # it now hangs on its first text
                sent_at = time.monotonic()
                services.notify("replied", subject=s, recipients=[cast["deputy"]])  # committed: relayed at once
                for _ in range(300):
                    if Notification.objects.filter(recipient=cast["deputy"], kind="replied").exists():
                        break
                    time.sleep(0.1)
                waited = time.monotonic() - sent_at
            assert Notification.objects.filter(recipient=cast["deputy"], kind="replied").count() == 1, \
                "the immediate notification waited behind the sweep"
            assert len(sms_file.read_text().splitlines()) == 1  # the sweep was still hanging meanwhile
            assert waited < 30
        finally:
            for process in started:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(30)

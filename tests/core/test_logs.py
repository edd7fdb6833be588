"""One line per request with its id; the id follows the request into the tasks it queued (issue 19.10)."""

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from congress_portal.core import logs

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

ROOT = Path(__file__).resolve().parents[2]


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "congress_portal.request"]


@pytest.mark.django_db
def test_one_line_per_request_with_id_user_status_time_and_queries(client, cast, caplog, settings):
    settings.LOG_SLOW_REQUEST_MS = 60_000
    client.force_login(cast["deputy"])
    caplog.set_level(logging.INFO, logger="congress_portal.request")
    response = client.get("/proposals/")
    lines = _request_lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line.levelno == logging.INFO and not line.slow
    assert response["X-Request-ID"] == line.request_id and len(line.request_id) == 32
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/proposals/", response.status_code,
                                                                  cast["deputy"].pk)
    assert line.queries > 0 and line.ms > 0
    assert f"user={cast['deputy'].pk} queries={line.queries}" in line.getMessage()


@pytest.mark.django_db
def test_anonymous_and_missing_pages_are_logged_too(client, caplog):
    caplog.set_level(logging.INFO, logger="congress_portal.request")
    client.get("/no-such-page/")
    (line,) = _request_lines(caplog)
    assert line.status == 404 and line.user_id is None


@pytest.mark.django_db
def test_the_request_line_counts_the_queries_the_page_made(client, cast, caplog, settings,
                                                          django_assert_num_queries):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    caplog.set_level(logging.INFO, logger="congress_portal.request")
    client.force_login(cast["staff"])
    with django_assert_num_queries(7) as ctx:  # session, user, SELECT 1, schedule, outbox x3
        client.get("/healthz")
    (line,) = _request_lines(caplog)
    assert line.queries == len(ctx.captured_queries)


@pytest.mark.django_db
def test_a_slow_request_is_a_warning_with_its_query_count(client, caplog, settings):
    settings.LOG_SLOW_REQUEST_MS = 0
    caplog.set_level(logging.INFO, logger="congress_portal.request")
    client.get("/healthz")
    (line,) = _request_lines(caplog)
    assert line.levelno == logging.WARNING and line.slow is True
    assert line.getMessage().endswith(f"queries={line.queries} SLOW") and line.queries >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("given,kept", [("nginx-0123456789abcdef", True), ("short", False),
                                        ("evil\nline-injected-0000", False), ("x" * 65, False)])
def test_the_proxy_request_id_is_kept_only_when_sane(client, given, kept):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert (response["X-Request-ID"] == given) is kept
    assert len(response["X-Request-ID"]) in {len(given), 32}


@pytest.mark.django_db
def test_djangos_own_line_about_a_failed_request_carries_its_id(client):
    """django.request logs a 4xx/5xx (a 500 with its traceback) after the middleware chain returns."""
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Keep()
    handler.addFilter(logs.RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/no-such-page/")
    finally:
        logger.removeHandler(handler)
    (record,) = [r for r in seen if "Not Found" in r.getMessage()]
    assert record.request_id == response["X-Request-ID"]
    assert logs.request_id_var.get() == ""  # cleared once the response is closed


def test_every_line_logged_during_a_request_carries_its_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    token = logs.request_id_var.set("abcdef0123456789")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id_var.reset(token)
    assert record.request_id == "abcdef0123456789"
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", (), None)
    logs.RequestIdFilter().filter(outside)
    assert outside.request_id == "-"


def test_json_lines_carry_the_fields():
    record = logging.LogRecord("congress_portal.request", logging.WARNING, __file__, 1, "GET %s", ("/x",), None)
    record.status, record.queries, record.request_id = 200, 12, "r-0123456789"
    data = json.loads(logs.JsonFormatter().format(record))
    assert data["message"] == "GET /x" and data["level"] == "WARNING" and data["logger"] == "congress_portal.request"
    assert (data["status"], data["queries"], data["request_id"]) == (200, 12, "r-0123456789")
    assert data["time"][:2] == "20"


def test_log_format_json_switches_the_handler(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "congress_portal.settings"})
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('congress_portal.task').warning('hi %s', 'there')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hi there" and line["request_id"] == "-"


def test_a_task_queued_in_a_request_carries_its_id_in_the_headers():
    headers = {}
    token = logs.request_id_var.set("req-0123456789")
    try:
        logs._before_publish(headers=headers)
    finally:
        logs.request_id_var.reset(token)
    assert headers == {logs.HEADER: "req-0123456789"}
    untouched = {}
    logs._before_publish(headers=untouched)  # outside a request (beat, the shell): nothing added
    assert untouched == {}


def test_the_worker_logs_a_queued_task_with_the_request_id():
    """A real worker on the real Redis: its line for the task names the id of the request that queued it."""
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (run by .ci/run against the real Redis)")
    from congress_portal.celery import app

    env = {**os.environ, "LOG_FORMAT": "json"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-n", "logs@%h",
         "-l", "info"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    request_id = logs.new_request_id()
    try:
        token = logs.request_id_var.set(request_id)
        try:
            # celery.accumulate: Celery's own task, harmless, touches no database.
            result = app.send_task("celery.accumulate", args=(1,))
        finally:
            logs.request_id_var.reset(token)
        deadline = time.monotonic() + 90
        found = None
        while time.monotonic() < deadline and found is None:
            line = worker.stdout.readline()
            if not line:
                break
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if data.get("logger") == "congress_portal.task" and data.get("task_id") == result.id:
                found = data
        assert found is not None, "the worker never logged the task"
        assert found["request_id"] == request_id and found["state"] == "SUCCESS"
    finally:
        worker.terminate()
        worker.wait(timeout=30)

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_in_process(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["workers"]["mode"] == "in-process"


def _require_redis():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (run by .ci/run against the real Redis)")


@pytest.mark.django_db
def test_healthz_reports_missing_worker(client, settings):
    _require_redis()
    from congress_portal.celery import app

    # An empty broker database: no worker listens there.
    app.conf.broker_url = settings.REDIS_URL.rsplit("/", 1)[0] + "/13"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["workers"]["ok"] is False
    assert body["checks"]["workers"]["error"] == "no worker answered"


@pytest.mark.django_db
def test_healthz_sees_a_real_worker(client, settings):
    _require_redis()
    from congress_portal.celery import app

    broker = settings.REDIS_URL.rsplit("/", 1)[0] + "/14"
    env = {**os.environ, "REDIS_URL": broker}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-n", "healthz@%h",
         "-l", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    app.conf.broker_url = broker
    try:
        body = None
        for _ in range(40):
            response = client.get("/healthz")
            body = response.json()
            if body["checks"]["workers"]["ok"]:
                break
            time.sleep(0.5)
        assert body["checks"]["workers"]["ok"], json.dumps(body)
        assert body["checks"]["workers"]["count"] >= 1
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL
        worker.terminate()
        worker.wait(timeout=30)

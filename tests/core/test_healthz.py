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
    # No worker runs against the test broker outside test_healthz_sees_a_real_worker.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["workers"]["ok"] is False
    assert body["checks"]["workers"]["error"] == "no worker answered"


@pytest.mark.django_db
def test_healthz_sees_a_real_worker(client, settings):
    _require_redis()
    # Control messages go through the app's own producer pool: the worker must use the same broker.
    env = dict(os.environ)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_portal", "worker", "--pool", "solo", "-n", "healthz@%h",
         "-l", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = None
        for _ in range(30):
            response = client.get("/healthz")
            body = response.json()
            if body["checks"]["workers"]["ok"]:
                break
            time.sleep(0.5)
        assert body["checks"]["workers"]["ok"], json.dumps(body)
        assert body["checks"]["workers"]["count"] >= 1
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.django_db
def test_healthz_reports_unreachable_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["workers"]["ok"] is False

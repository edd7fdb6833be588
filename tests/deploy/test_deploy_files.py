"""deploy/: the files an operations team installs say what the portal needs (issue 19.6).

The production mode itself is served and fetched by scripts/production-smoke.sh in CI; these tests
keep the files that are not run there (systemd, nginx) in step with the settings they rely on.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from proposals.services import _base as proposals_base

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _gunicorn_config(env):
    code = ("import runpy, json; c = runpy.run_path('deploy/gunicorn.conf.py'); "
            "print(json.dumps({k: c[k] for k in ('bind', 'workers', 'timeout', 'accesslog', 'preload_app', "
            "'worker_class', 'threads')}))")
    clean = {k: v for k, v in os.environ.items()
             if k not in {"WEB_CONCURRENCY", "PORT", "GUNICORN_BIND", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS"}}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True,
                            text=True, timeout=60, check=True)
    import json

    return json.loads(result.stdout)


def test_gunicorn_workers_follow_the_cores_unless_told():
    config = _gunicorn_config({})
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert config["bind"] == ["127.0.0.1:8000"] and config["accesslog"] == "-" and config["preload_app"] is True
    assert _gunicorn_config({"WEB_CONCURRENCY": "3", "PORT": "8201"})["workers"] == 3
    assert _gunicorn_config({"PORT": "8201"})["bind"] == ["127.0.0.1:8201"]
    # Threads, so that sign-ins (PBKDF2 releases the GIL) do not hold every worker (bench/load/logins.sh).
    assert (config["worker_class"], config["threads"]) == ("gthread", 4)


def test_gunicorn_accepts_the_config():
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                             "--check-config", "congress_portal.wsgi:application"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE": "", "DATABASE_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_procfile_runs_web_a_worker_per_queue_and_one_beat():
    lines = [line for line in (DEPLOY / "Procfile").read_text().splitlines() if line and not line.startswith("#")]
    kinds = [line.split(":", 1)[0] for line in lines]
    assert kinds == ["web", "worker", "sweep", "documents", "beat"]
    assert sum("celery" in line and " beat" in line for line in lines) == 1
    assert not any(" -B" in line for line in lines)  # no worker with an embedded second beat
    assert "deploy/gunicorn.conf.py congress_portal.wsgi:application" in lines[0]
    assert "DatabaseScheduler" in lines[-1]
    workers = [line for line in lines if " worker " in line]
    consumed = [re.search(r" -Q (\S+)", line).group(1) for line in workers]
    assert sorted(consumed) == sorted(q.name for q in settings.CELERY_TASK_QUEUES)  # each queue, once


def test_systemd_units_start_the_same_processes():
    units = {path.name: path.read_text() for path in (DEPLOY / "systemd").iterdir()}
    assert set(units) == {"congress-portal.target", "congress-portal-web.service", "congress-portal-worker@.service",
                          "congress-portal-beat.service"}
    for name, text in units.items():
        if name.endswith(".service"):
            assert "EnvironmentFile=/etc/congress-portal/env" in text and "PartOf=congress-portal.target" in text
            exec_start = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE).group(1)
            assert exec_start.startswith("/srv/congress-portal/.venv/bin/")
    assert "-c deploy/gunicorn.conf.py" in units["congress-portal-web.service"]
    worker = units["congress-portal-worker@.service"]
    assert "beat" in units["congress-portal-beat.service"] and " -B" not in worker and " -Q %i " in worker
    wanted = set(re.findall(r"congress-portal-worker@(\w+)\.service", units["congress-portal.target"]))
    assert wanted == {q.name for q in settings.CELERY_TASK_QUEUES}


def test_nginx_site_serves_static_checks_private_files_and_limits_uploads():
    site = (DEPLOY / "nginx" / "congress-portal.conf").read_text()
    assert "return 301 https://$host$request_uri;" in site and "ssl_certificate " in site
    limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1)) * 1024 * 1024
    assert limit > proposals_base.ATTACHMENT_MAX_BYTES and limit > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    protected = re.search(r"location /_protected/ \{(.*?)\}", site, re.DOTALL).group(1)
    assert "internal;" in protected
    env = (DEPLOY / "env.example").read_text()
    assert "PRIVATE_MEDIA_ACCEL_PREFIX=/_protected/" in env
    # Only deputies' public photos are served from /media/ directly; everything else there is refused.
    assert re.search(r"location /media/ \{\s*return 404;\s*\}", site)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "proxy_set_header X-Request-ID $request_id;" in site


def test_env_example_names_every_variable_production_refuses_to_start_without():
    env = (DEPLOY / "env.example").read_text()
    for name in ("DJANGO_ENV=production", "DJANGO_SECRET_KEY=", "DJANGO_ALLOWED_HOSTS=", "DATABASE_URL=",
                 "REDIS_URL=", "HEALTHZ_TOKEN=", "DJANGO_TRUSTED_PROXY_COUNT=1"):
        assert name in env

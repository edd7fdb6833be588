"""Settings from the environment, checked in fresh interpreters."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None, drop=()):
    # A production process never has the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE.
    drop = {*drop, "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_without_secret_key():
    result = run_manage("check", env_extra={"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "rd.example.gov.cn"},
                        drop=("DJANGO_SECRET_KEY",))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_without_allowed_hosts():
    result = run_manage("check", env_extra={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 60},
                        drop=("DJANGO_ALLOWED_HOSTS",))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_check_deploy_is_silent():
    secret = "k3#v9!qZ-" * 8
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG",
                        env_extra={"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": secret,
                                   "DJANGO_ALLOWED_HOSTS": "rd.example.gov.cn"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_defaults_are_sqlite_and_in_process(settings):
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    else:
        assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    if os.environ.get("REDIS_URL"):
        assert settings.CELERY_BROKER_URL.startswith("redis://") and not settings.CELERY_TASK_ALWAYS_EAGER
    else:
        assert settings.CELERY_TASK_ALWAYS_EAGER
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_without_a_replica_the_heavy_pages_read_from_the_primary():
    from congress_portal.core.replica import ReplicaRouter, replica_reads

    from django.conf import settings

    assert "replica" not in settings.DATABASES  # DATABASE_REPLICA_URL is not set in the tests
    assert replica_reads(lambda: ReplicaRouter().db_for_read(None))() is None  # Django's default

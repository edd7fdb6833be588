"""Issue 19: /livez, the load balancer's liveness probe beside /healthz: it answers while the process lives,
whatever the database and Redis do, and asks neither."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.real_clock  # starts processes of the portal, on the machine's clock

UNREACHABLE_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                 "LOCATION": "redis://127.0.0.1:1/0"}}


@pytest.mark.django_db
def test_livez_answers_ok_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200 and response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain") and response["Cache-Control"] == "no-store"
    assert client.head("/livez").status_code == 200


@pytest.mark.django_db
def test_livez_needs_neither_the_database_nor_redis(client, monkeypatch):
    """Any cursor raises; the cache and the sessions point at a Redis that is not there."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    def no_database(*args, **kwargs):
        raise AssertionError("/livez touched the database")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", no_database)
    with override_settings(CACHES=UNREACHABLE_REDIS, SESSION_ENGINE="django.contrib.sessions.backends.cache"):
        client.cookies["sessionid"] = "a-session-that-would-be-read-from-redis"
        response = client.get("/livez")
    assert response.status_code == 200 and response.content == b"ok"


def test_a_probe_on_plain_http_with_the_servers_address_gets_its_answer(client, settings):
    """The load balancer speaks plain HTTP to gunicorn with the server's address as Host: neither the
    HTTPS redirect nor the host check stands in its way (both still guard every other path)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["rd.example.gov.cn"]
    response = client.get("/livez", HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.12:8000").status_code == 400


@pytest.mark.django_db
def test_other_methods_and_paths_are_not_answered_by_it(client):
    assert client.post("/livez").status_code in (404, 405)
    assert client.get("/livez/").status_code == 404


def test_it_comes_before_every_middleware_that_needs_a_backend_and_nginx_passes_it_on():
    from pathlib import Path

    from django.conf import settings

    order = settings.MIDDLEWARE
    livez = order.index("congress_portal.core.health.LivezMiddleware")
    assert livez == 1  # after the request log only
    for name in ("django.middleware.security.SecurityMiddleware",
                 "django.contrib.sessions.middleware.SessionMiddleware",
                 "django.middleware.common.CommonMiddleware"):
        assert order.index(name) > livez
    site = (Path(settings.BASE_DIR) / "deploy" / "nginx" / "congress-portal.conf").read_text()
    block = site[site.index("location = /livez {"):]
    assert "proxy_pass http://congress_portal;" in block[:block.index("}")]

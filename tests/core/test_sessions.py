"""Sessions read from the shared cache, kept in the database, and still working when the cache is down."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_portal.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_session_is_read_from_the_cache_and_kept_in_the_database():
    key = _saved(user="42")
    assert Session.objects.filter(session_key=key).exists()  # the record survives an emptied cache
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key)["user"] == "42"
    assert len(queries) == 0
    caches["default"].clear()
    assert SessionStore(key)["user"] == "42"  # from the database, then cached again
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key)["user"] == "42"
    assert len(queries) == 0


def test_logging_out_forgets_the_session_in_the_cache_too():
    key = _saved(user="42")
    SessionStore(key).delete()
    assert not Session.objects.filter(session_key=key).exists()
    assert "user" not in SessionStore(key)


def test_sessions_work_from_the_database_when_the_cache_is_down(monkeypatch, caplog):
    cache = caches["default"]

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for name in ("get", "set", "delete", "has_key"):
        monkeypatch.setattr(cache, name, down)
    key = _saved(user="42")  # saved to the database, the cache's failure logged
    store = SessionStore(key)
    assert store["user"] == "42" and store.exists(key)
    store.delete()
    assert not Session.objects.filter(session_key=key).exists()
    assert "session cache unavailable" in caplog.text


def test_the_portal_uses_it_with_redis_and_the_database_alone_without():
    from congress_portal import settings as portal_settings

    expected = "congress_portal.core.sessions" if portal_settings.REDIS_URL else "django.contrib.sessions.backends.db"
    assert portal_settings.SESSION_ENGINE == expected


def test_pages_read_the_session_from_the_cache_and_logging_out_ends_it(client, cast, settings):
    settings.SESSION_ENGINE = "congress_portal.core.sessions"  # as with Redis (conftest switches it off)
    client.force_login(cast["staff"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/home/").status_code == 200
    assert not any("django_session" in q["sql"] for q in queries.captured_queries)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in SessionStore(key)
    assert client.get("/accounts/home/").status_code == 302  # to the login page

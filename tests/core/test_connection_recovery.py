"""A server process keeps serving after PostgreSQL drops its connection (issue 19.3).

Connections are kept between requests (CONN_MAX_AGE); with CONN_HEALTH_CHECKS Django tries a kept
connection before a request's first query and opens a new one when the server has gone away (a
restart, a failover, an idle timeout). The requests go through the WSGI handler, as a server calls it:
Django's test client switches off the between-requests connection handling.
"""

import os
import time
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but the database is not PostgreSQL")
        pytest.skip("needs PostgreSQL (run by .ci/run with DATABASE_URL)")


def _get(path):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "testserver"}
    setup_testing_defaults(environ)
    status = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(response)
    response.close()  # request_finished: Django's between-requests connection handling
    return int(status[0].split()[0])


def _terminate_portal_connection():
    """What a PostgreSQL restart does to the process's kept connection: the server ends it."""
    pid = connection.connection.get_backend_pid()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    admin = psycopg2.connect(**params)
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
            for _ in range(300):  # the backend leaves pg_stat_activity once it has exited
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return pid
                time.sleep(0.1)
    finally:
        admin.close()
    raise AssertionError("the connection was not terminated")


PAGE = "/public/replies/"  # a public page that reads the database


def test_settings_keep_connections_and_check_them():
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_dropped_connection_is_replaced_before_the_next_request():
    assert _get(PAGE) == 200
    old_pid = _terminate_portal_connection()
    assert _get(PAGE) == 200
    assert connection.connection.get_backend_pid() != old_pid


def test_without_health_checks_the_next_request_fails(monkeypatch):
    """Why the setting is on: without it the first request after a restart answers 500."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    connection.close()  # read when a connection opens
    assert _get(PAGE) == 200
    _terminate_portal_connection()
    assert _get(PAGE) == 500
    assert _get(PAGE) == 200  # the failed connection is closed after that request

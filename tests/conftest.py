"""The fixed cast of role users, and the guards that keep CI honest about its services."""

import os

import pytest

from tests import factories

pytest_plugins = ["tests.browser_fixtures"]


def pytest_sessionstart(session):
    """With REQUIRE_SERVICES=1 (CI's second run) a missing PostgreSQL or Redis fails the run."""
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    from django.conf import settings

    problems = []
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        problems.append("DATABASE_URL does not point at PostgreSQL")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL is not set")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis is unreachable: {exc}")
    if problems:
        raise pytest.UsageError("REQUIRE_SERVICES=1 but " + "; ".join(problems))


DB_FIXTURES = {"db", "transactional_db", "live_server", "client", "admin_client", "django_db_reset_sequences"}

# The suite's clock: a working Thursday morning of December 2026, when the fixtures' dates were written. Many
# fixtures date their records relative to today ("registered 100 days ago") and assert this year's figures,
# which the turn of a year would split (on 5 January, 100 days ago is last year); on the pinned clock every
# run sees the same year, month and weekday. The clock still ticks from there, so durations are real.
PINNED_NOW = "2026-12-03T10:00:00+08:00"


_collecting_clock = []


def pytest_collectstart(collector):
    """The test modules are imported on the pinned clock too: some compute their year when imported."""
    if not _collecting_clock:
        import time_machine

        traveller = time_machine.travel(PINNED_NOW, tick=True)
        traveller.start()
        _collecting_clock.append(traveller)


def pytest_collection_finish(session):
    while _collecting_clock:
        _collecting_clock.pop().stop()


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """Every test on the pinned clock, but for those that start processes of the portal (a Celery worker,
    gunicorn: their clock is the machine's): they carry the `real_clock` marker. The browser tests are pinned
    too (their live server runs in this process): Chromium keeps the machine's clock, which the portal's pages
    only use to print when a draft was saved, and it expires cookies by their Max-Age, not by the date the
    pinned server wrote."""
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    import time_machine

    with time_machine.travel(PINNED_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Migrations load the calendar and deadline settings; a transactional test's flush removes them."""
    if request.node.get_closest_marker("django_db") is None and not DB_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from congress_portal.core.setup import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test starts from an empty cache (the working-day calendar is cached).

    The header bell's cached count, the admin's kept navigation and sessions read from the cache (with
    Redis) are switched off, so that a page's query count does not depend on whether an earlier request
    of the test warmed them: pinned counts are the cold ones. Each has its own tests
    (tests/notifications/test_views.py, tests/core/test_admin_site.py, tests/core/test_sessions.py),
    which switch them back on."""
    from django.core.cache import cache

    settings.NOTIFICATIONS_BELL_CACHE_SECONDS = 0
    settings.ADMIN_NAVIGATION_CACHE_SECONDS = 0
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db):
    return factories.HandlingUnitFactory(name="区住房和城市更新局", short_name="区住更局")


@pytest.fixture
def other_unit(db):
    return factories.HandlingUnitFactory(name="区城市管理执法局", short_name="区城管执法局")


@pytest.fixture
def staff_user(db):
    return factories.StaffFactory(username="staff", real_name="王静")


@pytest.fixture
def leader_user(db):
    return factories.LeaderFactory(username="leader", real_name="李建国")


@pytest.fixture
def deputy_user(db):
    return factories.DeputyUserFactory(username="deputy", real_name="张伟", deputy__name="张伟")


@pytest.fixture
def other_deputy_user(db):
    return factories.DeputyUserFactory(username="deputy2", real_name="刘芳", deputy__name="刘芳")


@pytest.fixture
def unit_officer(db, unit):
    return factories.UnitOfficerFactory(username="unit", real_name="陈磊", unit=unit)


@pytest.fixture
def other_unit_officer(db, other_unit):
    return factories.UnitOfficerFactory(username="unit2", real_name="杨洋", unit=other_unit)


@pytest.fixture
def cast(staff_user, leader_user, deputy_user, other_deputy_user, unit_officer, other_unit_officer):
    """Every role at once, by name; `anonymous` is None."""
    return {
        "staff": staff_user, "leader": leader_user, "deputy": deputy_user, "other_deputy": other_deputy_user,
        "unit_officer": unit_officer, "other_unit_officer": other_unit_officer, "anonymous": None,
    }


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client

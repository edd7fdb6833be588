"""The server process's warm-up (congress_portal.core.warmup, run by congress_portal.wsgi), and the
bench helper that times pages by turns."""

import gc
import importlib
import sys

import pytest
from django.template import engines

from congress_portal.core import warmup


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # give the test process its usual collector back


def _cached_names():
    names = set()
    for loader in engines["django"].engine.template_loaders:
        for template in getattr(loader, "get_template_cache", {}).values():
            if hasattr(template, "origin"):
                names.add(template.origin.template_name)
    return names


def test_settle_compiles_the_templates_imports_the_lazy_libraries_and_freezes(unfrozen):
    for loader in engines["django"].engine.template_loaders:
        if hasattr(loader, "reset"):
            loader.reset()
    gc.unfreeze()
    assert "proposals/detail.html" not in _cached_names()

    warmup.settle()

    names = _cached_names()
    # The project's own templates and the admin's, each compiled once and kept by the cached loader.
    assert {"proposals/detail.html", "base.html", "admin/change_list.html"} <= names
    for module in warmup.LAZY_MODULES:
        assert module in sys.modules
    # What was loaded is out of the collector's way.
    assert gc.get_freeze_count() > 10_000


def test_the_wsgi_module_settles_the_process(unfrozen):
    sys.modules.pop("congress_portal.wsgi", None)
    gc.unfreeze()
    wsgi = importlib.import_module("congress_portal.wsgi")  # executed afresh

    assert callable(wsgi.application)
    assert gc.get_freeze_count() > 10_000


# Committed data, as the bench sees it: the WSGI handler ends each request as a server does (the
# request_finished signal), which a test's transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_pages_timed_by_turns_keep_their_own_timings_and_query_counts(client, cast, capsys):
    from bench.helpers import Report

    report = Report()
    rows = report.time_urls_in_turns([
        {"name": "login page", "url": "/accounts/login/", "limit_ms": 10_000},
        {"name": "staff home", "url": "/accounts/home/", "user": cast["staff"], "max_queries": 0},
    ], runs=4, turns=2, warmup=1)
    assert [row.name for row in rows] == ["login page", "staff home"]
    assert [row.runs for row in rows] == [4, 4]
    assert rows[0].queries == 0 and rows[0].ok
    # The staff home page reads the database, so a limit of no queries marks it over.
    assert rows[1].queries > 0 and not rows[1].ok
    assert report.failures() == [rows[1]]
    assert "login page: median" in capsys.readouterr().out


def test_the_development_server_is_not_slowed(settings, unfrozen):
    settings.DEBUG = True
    gc.unfreeze()
    warmup.settle()
    assert gc.get_freeze_count() == 0

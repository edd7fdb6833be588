"""Issue 19.7: with DATABASE_REPLICA_URL, the dashboards, ledgers and the performance table read from the
replica and everything else (and every write) from the primary. Tested with a second connection alias to
the same PostgreSQL test database, as a replica would be another server with the same data."""

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress_portal.core.replica import REPLICA, ReplicaRouter, replica_reads
from proposals.models import Suggestion
from tests.notifications.conftest import make_suggestion

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", REPLICA])]


@pytest.fixture(autouse=True, scope="module")
def _replica_alias(django_db_setup, django_db_blocker):
    """What DATABASE_REPLICA_URL adds: a second alias, here a second connection to the same test database."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a second connection to the same database; run by .ci/run")
    connections.settings[REPLICA] = {**connection.settings_dict}
    yield
    with django_db_blocker.unblock():
        connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def _tables(queries):
    return " ".join(q["sql"] for q in queries)


@pytest.mark.parametrize("who,url", [
    ("leader", reverse("dashboard:index")),
    ("staff", reverse("reports:suggestions_ledger")),
    ("staff", reverse("reports:commitments_ledger")),
    ("staff", reverse("deputies:performance_xlsx")),
])
def test_heavy_read_pages_read_from_the_replica(client, cast, unit, who, url):
    make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    client.force_login(cast[who])
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, CaptureQueriesContext(connection) as on_primary:
        assert client.get(url).status_code == 200
    assert on_replica.captured_queries
    # The primary serves the session and the user (the middleware's reads), not the page's figures.
    assert "proposals_" not in _tables(on_primary.captured_queries)
    assert "deputies_" not in _tables(on_primary.captured_queries)


def test_other_pages_and_every_write_stay_on_the_primary(client, cast, unit):
    suggestion = make_suggestion(deputy_user=cast["deputy"], staff=cast["staff"], units=[unit])
    client.force_login(cast["staff"])
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("proposals:detail", args=[suggestion.pk])).status_code == 200
        assert not on_replica.captured_queries

        @replica_reads
        def read_then_write():
            row = Suggestion.objects.get(pk=suggestion.pk)
            assert row._state.db == REPLICA
            row.title = "改过的标题"
            row.save(update_fields=["title"])

        read_then_write()
        assert not any(q["sql"].startswith("UPDATE") for q in on_replica.captured_queries)
    assert Suggestion.objects.get(pk=suggestion.pk).title == "改过的标题"
    assert ReplicaRouter().allow_migrate(REPLICA, "proposals") is False



"""Secret ballot: read the database after a vote and show that no ballot row can be tied to a voter."""

import uuid

import pytest
from django.db import connection

from congress_portal.meetings import services
from congress_portal.meetings.models import Ballot, Participation

from .helpers import committee, meeting, open_satisfaction, option


@pytest.mark.django_db(transaction=True)
def test_no_ballot_can_be_tied_to_a_voter(staff_user):
    term, users = committee(25)
    m = meeting(term)
    poll = open_satisfaction(m, staff_user, users[:20])
    codes = ["satisfied", "basic", "unsatisfied", "abstain"]
    for i, u in enumerate(users[:20]):
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, codes[i % 4])])
    services.poll_close(poll=poll, actor=staff_user)

    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)]
    # A ballot row holds its random key, its poll and its choices: no voter, no time, no sequence.
    assert sorted(columns) == ["choices", "id", "poll_id"]
    relations = connection.introspection.get_relations(connection.cursor(), Ballot._meta.db_table)
    assert {table for _field, table in relations.values()} == {"meetings_poll"}
    keys = list(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(keys) == 20 and all(isinstance(k, uuid.UUID) and k.version == 4 for k in keys)
    # Participation rows say who voted and how, nothing of the choice.
    p_columns = {f.column for f in Participation._meta.concrete_fields}
    assert p_columns == {"id", "poll_id", "user_id", "channel"}

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM meetings_ballot WHERE poll_id = %s", [poll.pk])
            ballot_xids = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT DISTINCT xmin::text FROM meetings_participation WHERE poll_id = %s", [poll.pk])
            participation_xids = {row[0] for row in cursor.fetchall()}
        # Closing rewrote every ballot in one transaction: the transaction that wrote a ballot no longer
        # points to the one that wrote its voter's participation.
        assert len(ballot_xids) == 1 and not ballot_xids & participation_xids
        assert len(participation_xids) == 20


@pytest.mark.django_db
def test_closing_rewrites_the_ballots_under_new_keys(staff_user):
    term, users = committee(25)
    m = meeting(term)
    poll = open_satisfaction(m, staff_user, users[:20])
    for u in users[:13]:
        services.poll_cast(poll=poll, voter=u, option_ids=[option(poll, "satisfied")])
    before = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    services.poll_close(poll=poll, actor=staff_user)
    after = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(after) == 13 and not before & after

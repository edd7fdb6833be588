"""Issue 12.5: numbers posted with a move go through the one parser too: a 404, never a server error."""

import pytest
from django.urls import reverse

from proposals.models import Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", ["²", "99999999999999999999999", "-1"])
def test_a_move_with_an_odd_version_is_a_404(client, build, cast, version):
    s = build.to(Status.DRAFT)
    client_for(client, cast["deputy"])
    response = client.post(reverse("proposals:act", args=[s.pk, "submit"]), {"version": version})
    assert response.status_code == 404
    s.refresh_from_db()
    assert s.status == Status.DRAFT


def test_a_move_with_its_version_still_goes_through(client, build, cast):
    s = build.to(Status.DRAFT)
    client_for(client, cast["deputy"])
    client.post(reverse("proposals:act", args=[s.pk, "submit"]), {"version": s.version})
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED


@pytest.mark.parametrize("rid", ["²", "99999999999999999999999"])
def test_deciding_an_odd_request_number_is_a_404(client, build, cast, rid):
    s = build.to(Status.SUBMITTED)
    client_for(client, cast["staff"])
    response = client.post(reverse("admin:proposals_suggestion_requests", args=[s.pk]),
                           {"kind": "extension", "request": rid, "approve": "1", "note": ""})
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["round=²", "round=99999999999999999999999", "round=0"])
def test_the_reply_letter_of_an_odd_round_is_a_404(client, build, cast, query):
    s = build.to(Status.REPLIED)
    client_for(client, cast["deputy"])
    url = reverse("reports:reply_letter", args=[s.pk])
    assert client.get(f"{url}?{query}").status_code == 404
    assert client.get(f"{url}?round=1")["Content-Type"] == "application/pdf"

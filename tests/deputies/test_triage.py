"""Triage of citizens' opinions: who sees and moves what (the transition table x roles)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from congress_portal.audit.services import audit_history
from deputies import services, suggestions_bridge, workflow
from deputies.models import Opinion
from tests import factories

pytestmark = pytest.mark.django_db
S = Opinion.Status


def test_deputy_answers_and_the_citizen_sees_it(client, deputy_user, received_opinion):
    client.force_login(deputy_user)
    url = reverse("deputies:opinion_detail", args=[received_opinion.pk])
    assert client.post(url, {"action": "answer", "answer": "已联系街道维修"}).status_code == 302
    received_opinion.refresh_from_db()
    assert received_opinion.status == S.ANSWERED and received_opinion.answered_by == deputy_user
    assert [row.action for row in audit_history(received_opinion)] == ["submit", "answer"]
    client.logout()
    page = client.get(reverse("deputies:track_detail", args=[received_opinion.tracking_code])).content.decode()
    assert "已联系街道维修" in page


def test_empty_answer_is_refused_in_chinese(client, deputy_user, received_opinion):
    client.force_login(deputy_user)
    response = client.post(reverse("deputies:opinion_detail", args=[received_opinion.pk]),
                           {"action": "answer", "answer": "  "})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    received_opinion.refresh_from_db()
    assert received_opinion.status == S.RECEIVED


def test_forward_then_the_unit_answers(client, deputy_user, received_opinion, unit, unit_officer,
                                       other_unit_officer):
    client.force_login(deputy_user)
    url = reverse("deputies:opinion_detail", args=[received_opinion.pk])
    client.post(url, {"action": "forward", "unit": unit.pk, "comment": "请核实"})
    received_opinion.refresh_from_db()
    assert received_opinion.status == S.FORWARDED and received_opinion.forwarded_unit == unit
    # The deputy may no longer answer a forwarded opinion; the unit does.
    assert client.post(url, {"action": "answer", "answer": "x"}).status_code == 403
    client.force_login(other_unit_officer)
    assert client.get(url).status_code == 404
    client.force_login(unit_officer)
    page = client.get(url).content.decode()
    assert received_opinion.text in page
    assert client.post(url, {"action": "answer", "answer": "已列入改造计划"}).status_code == 302
    received_opinion.refresh_from_db()
    assert received_opinion.status == S.ANSWERED and received_opinion.answered_by == unit_officer


@pytest.mark.parametrize("role", ["other_deputy", "unit_officer", "other_unit_officer", "leader"])
def test_outsiders_cannot_see_an_opinion(client, cast, role, received_opinion):
    client.force_login(cast[role])
    assert client.get(reverse("deputies:opinion_detail", args=[received_opinion.pk])).status_code == 404
    assert client.get(reverse("deputies:opinion_photo", args=[received_opinion.pk])).status_code == 404
    listing = client.get(reverse("deputies:opinion_list")).content.decode()
    assert received_opinion.text not in listing


def test_anonymous_is_sent_to_login(client, received_opinion):
    response = client.get(reverse("deputies:opinion_detail", args=[received_opinion.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_station_opinion_reaches_every_deputy_of_the_station_only(client, deputy_user, other_deputy_user):
    colleague = factories.DeputyUserFactory(deputy__station=deputy_user.deputy.station)
    opinion = services.opinion_submit(text="站点意见", station=deputy_user.deputy.station)
    url = reverse("deputies:opinion_detail", args=[opinion.pk])
    for user, expected in ((deputy_user, 200), (colleague, 200), (other_deputy_user, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_the_services_check_again(deputy_user, other_deputy_user, received_opinion):
    with pytest.raises(PermissionDenied):
        services.opinion_answer(opinion=received_opinion, actor=other_deputy_user, answer="x")
    services.opinion_answer(opinion=received_opinion, actor=deputy_user, answer="好的")
    with pytest.raises(ValidationError):
        services.opinion_forward(opinion=received_opinion, actor=deputy_user,
                                 unit=factories.HandlingUnitFactory())


@pytest.mark.parametrize("state", [S.RECEIVED, S.FORWARDED, S.ANSWERED, S.SUGGESTED, S.CLOSED])
@pytest.mark.parametrize("role", ["staff", "deputy", "other_deputy", "unit_officer", "leader"])
def test_buttons_follow_the_transition_table(cast, unit, state, role):
    deputy = cast["deputy"].deputy
    opinion = Opinion.objects.create(text="x", deputy=deputy, station=deputy.station, status=state,
                                     forwarded_unit=unit if state == S.FORWARDED else None)
    actions = {a for a, _label in workflow.available_actions(opinion, cast[role])}
    allowed = set()
    for action, (sources, _t, _l) in workflow.TRANSITIONS.items():
        if state not in sources:
            continue
        if role == "staff" and action != "suggest":
            allowed.add(action)
        if role == "deputy" and not (action == "answer" and state == S.FORWARDED):
            allowed.add(action)
        if role == "unit_officer" and action == "answer" and state == S.FORWARDED:
            allowed.add(action)
    assert actions == allowed


def test_suggest_links_both_ways_through_the_bridge(client, deputy_user, received_opinion):
    """The deputy's button makes a real draft suggestion and sends the deputy to it."""
    client.force_login(deputy_user)
    response = client.post(reverse("deputies:opinion_detail", args=[received_opinion.pk]), {"action": "suggest"})
    received_opinion.refresh_from_db()
    assert received_opinion.status == S.SUGGESTED and received_opinion.suggestion_id
    suggestion = suggestions_bridge.suggestion_model().objects.get(pk=received_opinion.suggestion_id)
    assert response.status_code == 302 and response["Location"] == suggestion.get_absolute_url()
    assert suggestion.lead_deputy_id == deputy_user.deputy_id
    page = client.get(reverse("deputies:track_detail", args=[received_opinion.tracking_code])).content.decode()
    assert "已转为代表建议" in page


def test_opinion_list_has_a_fixed_number_of_queries(client, deputy_user, django_assert_num_queries):
    deputy = deputy_user.deputy
    for i in range(3):
        services.opinion_submit(text=f"意见{i}", deputy=deputy)
    client.force_login(deputy_user)
    client.get(reverse("deputies:opinion_list"))
    n = 6  # session, user, count, page, (deputy for the scope), the header bell's unread count
    for i in range(10):
        services.opinion_submit(text=f"更多{i}", station=deputy.station)
    with django_assert_num_queries(n):
        client.get(reverse("deputies:opinion_list"))


def test_staff_sees_counts_per_station_and_street(client, staff_user, deputy_user, received_opinion):
    client.force_login(staff_user)
    page = client.get(reverse("deputies:station_list")).content.decode()
    assert deputy_user.deputy.station.name in page and deputy_user.deputy.station.street in page


@pytest.mark.parametrize("role", ["deputy", "unit_officer"])
def test_station_list_is_refused_to_outsiders(client, cast, role):
    client.force_login(cast[role])
    assert client.get(reverse("deputies:station_list")).status_code == 403
    assert client.get(reverse("deputies:performance_table")).status_code == 403

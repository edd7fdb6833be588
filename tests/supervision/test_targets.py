"""Staff set an item's target bodies and its meeting on the item's page: one service (locked, checked,
audited), refusals in Chinese on their fields, the picker usable with hundreds of bodies."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from congress_portal.meetings.models import AgendaItem
from supervision import services
from supervision.deliberation import services as deliberation
from supervision.models import Stage, SupervisionItem
from tests import factories
from tests.conftest import client_for

from .helpers import item, meeting

pytestmark = pytest.mark.django_db


def _post(client, it, units=(), meeting_=None, **extra):
    data = {"version": SupervisionItem.objects.get(pk=it.pk).version, "target_units": [u.pk for u in units],
            "meeting": meeting_.pk if meeting_ else "", **extra}
    return client.post(reverse("supervision:item_targets", args=[it.pk]), data)


def test_staff_set_the_bodies_and_the_meeting_on_the_items_page(client, staff_user, unit, other_unit):
    it = item(staff_user)
    m = meeting(days_ahead=30)
    client_for(client, staff_user)
    page = client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    assert 'id="targets-form"' in page and 'data-filter-for="id_target_units"' in page
    assert f'<label class="form-check-label" for="id_target_units_0">{unit.name}</label>' in page
    response = _post(client, it, [unit, other_unit], m)
    assert response.status_code == 302
    it.refresh_from_db()
    assert set(it.target_units.all()) == {unit, other_unit} and it.meeting == m
    # On the meeting's agenda, and the 20-day report clock counts from it.
    assert AgendaItem.objects.get(pk=it.agenda_item_id).meeting == m
    page = client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    assert "已保存监督对象和会议" in page and (m.date - datetime.timedelta(days=20)).isoformat() in page
    row = AuditLog.objects.filter(action="item_set_targets").get()
    assert row.actor == staff_user and sorted(row.data["units_added"]) == sorted([unit.pk, other_unit.pk])
    assert row.data["meeting"] == m.pk and row.data["previous_meeting"] is None


def test_a_new_meeting_moves_the_agenda_item_and_nothing_changed_writes_nothing(client, staff_user, unit):
    first, second = meeting(days_ahead=30, number=30), meeting(days_ahead=60, number=31)
    it = item(staff_user, units=[unit], meeting_=first)
    old_agenda = it.agenda_item_id
    assert services.item_set_targets(item=it, actor=staff_user, target_units=[unit], meeting=second) is True
    it.refresh_from_db()
    assert it.meeting == second and not AgendaItem.objects.filter(pk=old_agenda).exists()
    assert AgendaItem.objects.get(pk=it.agenda_item_id).meeting == second
    rows = AuditLog.objects.filter(action="item_set_targets").count()
    assert services.item_set_targets(item=it, actor=staff_user, target_units=[unit], meeting=second) is False
    assert AuditLog.objects.filter(action="item_set_targets").count() == rows


def test_a_past_meeting_is_refused_on_its_field_and_nothing_is_saved(client, staff_user, unit):
    it = item(staff_user)
    past = meeting(days_ahead=-3)
    client_for(client, staff_user)
    # The form offers only meetings still to come; a crafted post is refused by the form, the service too.
    response = _post(client, it, [unit], past)
    assert response.status_code == 400
    assert "meeting" in response.context["targets_form"].errors
    with pytest.raises(ValidationError) as refused:
        services.item_set_targets(item=it, actor=staff_user, target_units=[unit], meeting=past)
    assert "已经召开" in refused.value.message_dict["meeting"][0]
    it.refresh_from_db()
    assert it.meeting is None and not it.target_units.exists()  # nothing half-saved


def test_the_meeting_is_fixed_once_deliberated_and_the_bodies_once_the_opinion_is_issued(
        client, staff_user, unit, other_unit):
    m = meeting(days_ahead=30)
    it = item(staff_user, units=[unit], meeting_=m)
    for move in ("organise", "receive_report", "deliberate"):
        services.MOVE_SERVICES[move](item=it, actor=staff_user)
    later = meeting(days_ahead=60, number=31)
    with pytest.raises(ValidationError) as refused:
        services.item_set_targets(item=it, actor=staff_user, target_units=[unit], meeting=later)
    assert "已审议" in refused.value.message_dict["meeting"][0]
    # A body named on the draft opinion's issue list stays until its issue goes.
    opinion = deliberation.opinion_create(item=it, actor=staff_user, title="审议意见", text="请整改")
    deliberation.issue_add(opinion=opinion, actor=staff_user, text="审批慢", unit=unit)
    with pytest.raises(ValidationError) as refused:
        services.item_set_targets(item=it, actor=staff_user, target_units=[other_unit], meeting=m)
    assert unit.name in refused.value.message_dict["target_units"][0]
    assert services.item_set_targets(item=it, actor=staff_user, target_units=[unit, other_unit], meeting=m)
    deliberation.opinion_issue(opinion=opinion, actor=staff_user)
    with pytest.raises(ValidationError) as refused:
        services.item_set_targets(item=it, actor=staff_user, target_units=[unit], meeting=m)
    assert "已印发" in refused.value.message_dict["target_units"][0]
    it.refresh_from_db()
    assert it.stage == Stage.RECTIFICATION and set(it.target_units.all()) == {unit, other_unit}
    client_for(client, staff_user)
    # Nothing left to change: the page offers no form, and a post is refused.
    assert 'id="targets-form"' not in client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    assert _post(client, it, [unit], m).status_code == 403


def test_a_stale_page_is_refused(client, staff_user, unit):
    it = item(staff_user)
    client_for(client, staff_user)
    response = _post(client, it, [unit], None, version=it.version + 5)
    assert response.status_code == 400 and "已有变动" in response.content.decode()
    assert not SupervisionItem.objects.get(pk=it.pk).target_units.exists()


@pytest.mark.parametrize("role", ["leader", "unit_officer", "deputy", "anonymous"])
def test_only_staff_set_them(client, cast, unit, role):
    it = item(cast["staff"], units=[unit])
    client_for(client, cast[role])
    response = _post(client, it, [], None)
    assert response.status_code in (302, 403) if role == "anonymous" else response.status_code == 403
    assert list(SupervisionItem.objects.get(pk=it.pk).target_units.all()) == [unit]
    if role in ("leader", "unit_officer"):
        assert 'id="targets-form"' not in client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    with pytest.raises(services.SupervisionError):
        services.item_set_targets(item=it, actor=cast["leader"], target_units=[], meeting=None)


def test_the_picker_lists_two_hundred_bodies_in_one_pass(client, staff_user, django_assert_max_num_queries):
    units = [factories.HandlingUnitFactory(name=f"区第{i}局") for i in range(200)]
    factories.HandlingUnitFactory(name="已撤销的局", is_active=False)
    it = item(staff_user, units=units[:2])
    client_for(client, staff_user)
    page = client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    assert page.count('class="form-check-input" type="checkbox" name="target_units"') == 200
    assert page.count(" checked>") == 2 and "已撤销的局" not in page

"""Issue 19 (review): staff with view_notification see what the people they serve were told (deputies,
unit officers) and their own notifications; not what fellow staff and leaders were told. Superusers see all."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congress_portal.notifications.models import Notification
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_notification_changelist"


@pytest.fixture
def told(cast):
    colleague = factories.StaffFactory(username="colleague", real_name="赵敏")
    people = {**cast, "colleague": colleague}
    return {name: Notification.objects.create(recipient=people[name], kind="assigned", context={"subject": name})
            for name in ("staff", "colleague", "leader", "deputy", "unit_officer", "other_unit_officer")}


def _listed(client):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return {n.pk for n in response.context["cl"].result_list}


def test_staff_see_the_notifications_of_deputies_units_and_their_own(client, cast, told):
    staff = cast["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client_for(client, staff)
    assert _listed(client) == {told[n].pk for n in ("staff", "deputy", "unit_officer", "other_unit_officer")}
    change = "admin:notifications_notification_change"
    assert client.get(reverse(change, args=[told["deputy"].pk])).status_code == 200
    for name in ("leader", "colleague"):
        response = client.get(reverse(change, args=[told[name].pk]))
        assert response.status_code == 302  # the admin's "does not exist": back to the list
        assert "不存在" in client.get(response.url).content.decode()


def test_superusers_see_every_notification(admin_client, told):
    assert _listed(admin_client) == {n.pk for n in told.values()}


def test_staff_without_the_permission_see_none(client, cast, told):
    client_for(client, cast["staff"])
    assert client.get(reverse(CHANGELIST)).status_code == 403

"""Issue 12.1: committee staff keep deputies' and unit officers' accounts, never what opens the administration."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from congress_portal.accounts.models import Role, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_staff(staff_user):
    """A staff member granted the user admin, as the deputies' affairs office is."""
    staff_user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="accounts", codename__in=["view_user", "add_user", "change_user", "delete_user"]))
    return User.objects.get(pk=staff_user.pk)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "Root@2026!x", real_name="系统管理员")


def _change_data(client, user, **changes):
    """The change form as the page offers it, with `changes` (what a crafted POST would add)."""
    data = {"username": user.username, "real_name": user.real_name, "mobile": user.mobile, "email": user.email,
            "role": user.role, "unit": user.unit_id or "", "deputy": user.deputy_id or "",
            "is_active": "on", "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00"}
    data.update(changes)
    return data


def test_staff_posting_privileges_into_a_deputys_account_changes_nothing(client, user_staff, deputy_user):
    group = Group.objects.create(name="全部权限")
    group.permissions.set(Permission.objects.all())
    client.force_login(user_staff)
    url = reverse("admin:accounts_user_change", args=[deputy_user.pk])
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    response = client.post(url, _change_data(
        client, deputy_user, real_name="张伟（改）", is_superuser="on", is_staff="on", groups=[group.pk],
        user_permissions=list(Permission.objects.values_list("pk", flat=True)[:5])))
    assert response.status_code == 302, response.content.decode()[:3000]
    deputy_user.refresh_from_db()
    assert deputy_user.real_name == "张伟（改）"  # the fields staff keep were saved
    assert not deputy_user.is_superuser and not deputy_user.is_staff
    assert not deputy_user.groups.exists() and not deputy_user.user_permissions.exists()


def test_staff_cannot_make_themselves_or_another_staff_member_superuser(client, user_staff):
    colleague = factories.StaffFactory(username="colleague")
    client.force_login(user_staff)
    for target in (user_staff, colleague):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        response = client.post(url, _change_data(client, target, is_superuser="on", is_staff="on"))
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")  # "does not exist"
        target.refresh_from_db()
        assert not target.is_superuser


def test_staff_cannot_open_the_superusers_pages(client, user_staff, superuser):
    client.force_login(user_staff)
    assert client.get(reverse("admin:auth_user_password_change", args=[superuser.pk])).status_code == 404
    response = client.post(reverse("admin:auth_user_password_change", args=[superuser.pk]),
                           {"password1": "Taken@2026!x", "password2": "Taken@2026!x", "usable_password": "true"})
    assert response.status_code == 404
    superuser.refresh_from_db()
    assert superuser.check_password("Root@2026!x")
    assert client.get(reverse("admin:accounts_user_change", args=[superuser.pk])).status_code == 302
    assert client.get(reverse("admin:accounts_user_delete", args=[superuser.pk])).status_code == 302
    assert superuser.username not in client.get(reverse("admin:accounts_user_changelist")).content.decode()


def test_staff_reset_a_unit_officers_password(client, user_staff, unit_officer):
    client.force_login(user_staff)
    url = reverse("admin:auth_user_password_change", args=[unit_officer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"password1": "Reset@2026!x", "password2": "Reset@2026!x", "usable_password": "true"})
    assert response.status_code == 302
    unit_officer.refresh_from_db()
    assert unit_officer.check_password("Reset@2026!x")


def test_staff_list_shows_only_the_accounts_they_keep(client, user_staff, cast, superuser):
    client.force_login(user_staff)
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    for role in ("deputy", "other_deputy", "unit_officer", "other_unit_officer"):
        assert f">{cast[role].username}<" in page
    for other in (cast["leader"], superuser):
        assert f">{other.username}<" not in page


def test_staff_create_only_deputies_and_unit_officers(client, user_staff, unit):
    client.force_login(user_staff)
    url = reverse("admin:accounts_user_add")
    page = client.get(url).content.decode()
    assert f'value="{Role.LEADER}"' not in page and f'value="{Role.STAFF}"' not in page
    base = {"username": "newleader", "real_name": "新领导", "password1": "Strong@2026!x", "password2": "Strong@2026!x",
            "unit": "", "deputy": ""}
    response = client.post(url, {**base, "role": Role.LEADER, "is_superuser": "on", "is_staff": "on"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="newleader").exists()
    response = client.post(url, {**base, "username": "newunit", "role": Role.UNIT_OFFICER, "unit": unit.pk,
                                 "is_superuser": "on", "is_staff": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="newunit")
    assert created.role == Role.UNIT_OFFICER and not created.is_superuser and not created.is_staff


def test_a_superuser_still_grants_everything(client, superuser, staff_user):
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[staff_user.pk])
    assert 'name="is_superuser"' in client.get(url).content.decode()
    response = client.post(url, _change_data(client, staff_user, role=Role.STAFF, office=staff_user.office_id,
                                             is_staff="on", is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    staff_user.refresh_from_db()
    assert staff_user.is_superuser


def test_the_demo_grants_each_office_its_own_work_and_nothing_of_auth():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    staff, staff2 = User.objects.get(username="staff"), User.objects.get(username="staff2")
    for user in (staff, staff2):
        assert not any(p.startswith(("auth.", "sessions.", "contenttypes.", "axes.", "django_celery_beat."))
                       for p in user.get_all_permissions())
        assert user.has_perm("deputies.view_deputy") and user.has_perm("organization.view_handlingunit")
    assert staff.has_perm("accounts.change_user") and staff.has_perm("deputies.add_reception")
    assert not staff2.has_perm("accounts.change_user") and not staff2.has_perm("deputies.add_reception")
    assert staff2.has_perm("organization.change_term") and staff2.has_perm("core.change_calendarday")
    assert not staff.has_perm("organization.change_term")

"""Technical apps in the admin (periodic tasks, login attempts, sessions, outbox) are for
superusers only, whatever permissions a staff member holds (issue 18.17): hidden from the index and
the sidebar, and 403 on their addresses."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from congress_portal.core.admin_site import SuperuserOnlyAdmin, is_superuser_only
from tests import factories

TECHNICAL = [model for model in admin.site._registry if is_superuser_only(model)]


def test_the_technical_models_are_the_expected_ones():
    labels = {model._meta.label for model in TECHNICAL}
    assert {"django_celery_beat.PeriodicTask", "django_celery_beat.CrontabSchedule",
            "django_celery_beat.IntervalSchedule", "axes.AccessAttempt", "axes.AccessLog",
            "axes.AccessFailureLog", "notifications.OutboxEvent"} <= labels
    # Staff follow deliveries (a reminder that did not arrive, a stuck send: issue 19.2).
    assert "proposals.Suggestion" not in labels and "audit.AuditLog" not in labels
    assert "notifications.Delivery" not in labels
    for model in TECHNICAL:
        assert isinstance(admin.site._registry[model], SuperuserOnlyAdmin), model


@pytest.fixture
def staff_with_every_permission(db):
    """A staff member granted everything, the technical apps' permissions included."""
    user = factories.StaffFactory()
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.mark.django_db
def test_staff_do_not_see_the_technical_apps(client, staff_with_every_permission, settings):
    settings.DEBUG = False
    client.force_login(staff_with_every_permission)
    body = client.get(reverse("admin:index")).content.decode()
    assert "/admin/proposals/suggestion/" in body  # the committee's work is there
    for model in TECHNICAL:
        assert f"/admin/{model._meta.app_label}/{model._meta.model_name}/" not in body, model
    for label in ("django_celery_beat", "axes"):
        assert client.get(reverse("admin:app_list", args=[label])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("model", TECHNICAL, ids=lambda m: m._meta.label)
def test_staff_get_403_on_the_technical_pages(client, staff_with_every_permission, settings, model):
    settings.DEBUG = False
    client.force_login(staff_with_every_permission)
    opts = model._meta
    for view in ("changelist", "add"):
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
        assert response.status_code == 403, (view, response.status_code)
        assert "无权访问" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", TECHNICAL, ids=lambda m: m._meta.label)
def test_superusers_open_the_technical_pages(admin_client, model):
    opts = model._meta
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert f"/admin/{opts.app_label}/{opts.model_name}/" in body

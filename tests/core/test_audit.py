import pytest
from django.urls import reverse

from congress_portal.audit.models import AuditLog
from congress_portal.audit.services import audit_history, audit_record
from tests.factories import HandlingUnitFactory


@pytest.mark.django_db
def test_audit_record_and_history(staff_user):
    unit = HandlingUnitFactory()
    audit_record(unit, "renamed", actor=staff_user, from_state="a", to_state="b", comment="改名", old="x")
    audit_record(unit, "deactivated", actor=staff_user)
    rows = list(audit_history(unit))
    assert [r.action for r in rows] == ["renamed", "deactivated"]
    assert rows[0].data == {"old": "x"} and rows[0].actor == staff_user and rows[0].comment == "改名"


@pytest.mark.django_db
def test_audit_admin_is_read_only(admin_client):
    unit = HandlingUnitFactory()
    entry = audit_record(unit, "created")
    assert admin_client.get(reverse("admin:audit_auditlog_changelist") + "?action=created").status_code == 200
    change = admin_client.post(reverse("admin:audit_auditlog_change", args=[entry.pk]), {"action": "x"})
    assert change.status_code == 403
    assert admin_client.get(reverse("admin:audit_auditlog_add")).status_code == 403
    assert AuditLog.objects.get(pk=entry.pk).action == "created"

"""Staff keep plans and items in the administration: every page opens, a new item starts at 选题 with an
audit row, a meeting chosen puts it on the agenda, stages move only through the table's actions, the
ledger downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from congress_portal.audit.models import AuditLog
from supervision.models import Stage, SupervisionItem
from tests.conftest import client_for

from .helpers import committee, item, meeting, open_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_staff(staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="supervision"))
    return staff_user


@pytest.mark.parametrize("model", ["supervisionplan", "topicproposal", "supervisionitem"])
def test_the_lists_and_add_pages_open(client, admin_staff, model):
    open_plan()
    client_for(client, admin_staff)
    assert client.get(reverse(f"admin:supervision_{model}_changelist")).status_code == 200
    if model != "topicproposal":
        assert client.get(reverse(f"admin:supervision_{model}_add")).status_code == 200


def test_a_new_item_starts_at_topic_and_its_meeting_puts_it_on_the_agenda(client, admin_staff, unit):
    owner, m = committee(), meeting()
    client_for(client, admin_staff)
    data = {"year": 2027, "kind": "law_inspection", "title": "开展食品安全法执法检查", "committee": owner.pk,
            "target_units": [unit.pk], "meeting": m.pk, "laws": "《中华人民共和国食品安全法》", "description": ""}
    for prefix in ("documents", "inspection_groups", "visits", "findings", "appraisals", "filing"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:supervision_supervisionitem_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    it = SupervisionItem.objects.get()
    assert it.stage == Stage.TOPIC and it.agenda_item.meeting == m and it.agenda_item.about == it
    assert AuditLog.objects.filter(action="item_create", object_id=str(it.pk)).exists()


def test_a_meeting_already_held_is_refused_on_its_field_and_nothing_is_saved(client, admin_staff, unit):
    owner, held, m = committee(), meeting(days_ahead=-1), meeting(days_ahead=10, number=31)
    client_for(client, admin_staff)
    data = {"year": 2027, "kind": "law_inspection", "title": "开展食品安全法执法检查", "committee": owner.pk,
            "target_units": [unit.pk], "meeting": held.pk, "laws": "", "description": ""}
    for prefix in ("documents", "inspection_groups", "visits", "findings", "appraisals", "filing"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    offered = client.get(reverse("admin:supervision_supervisionitem_add")).context["adminform"].form.fields["meeting"]
    assert list(offered.queryset) == [m]  # only the meetings still to come
    response = client.post(reverse("admin:supervision_supervisionitem_add"), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["meeting"]
    assert not SupervisionItem.objects.exists()

    it = item(admin_staff, units=[unit])
    data["title"] = "改过的标题"
    response = client.post(reverse("admin:supervision_supervisionitem_change", args=[it.pk]), data)
    assert response.status_code == 200 and "meeting" in response.context["adminform"].form.errors
    it.refresh_from_db()
    assert it.title != "改过的标题" and it.meeting_id is None and it.agenda_item_id is None

    # Once deliberated, its meeting stays: another meeting still to come is refused on the field too.
    SupervisionItem.objects.filter(pk=it.pk).update(stage=Stage.DELIBERATION)
    data["meeting"] = m.pk
    response = client.post(reverse("admin:supervision_supervisionitem_change", args=[it.pk]), data)
    assert "已审议" in str(response.context["adminform"].form.errors["meeting"])
    assert SupervisionItem.objects.get(pk=it.pk).meeting_id is None


def test_the_service_puts_no_item_on_a_meeting_already_held(admin_staff, unit):
    from supervision import services

    it = item(admin_staff, units=[unit])
    with pytest.raises(services.SupervisionError, match="已经召开"):
        services.item_schedule(item=it, actor=admin_staff, meeting=meeting(days_ahead=-1))
    assert not SupervisionItem.objects.get(pk=it.pk).agenda_item_id


def test_moves_and_the_ledger_as_actions(client, admin_staff, unit):
    it = item(admin_staff, units=[unit])
    client_for(client, admin_staff)
    url = reverse("admin:supervision_supervisionitem_changelist")
    response = client.post(url, {"action": "move_deliberate", "_selected_action": [it.pk]}, follow=True)
    assert "不能进行此操作" in response.content.decode()
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.TOPIC
    client.post(url, {"action": "move_organise", "_selected_action": [it.pk]})
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.ORGANISING
    xlsx = client.post(url, {"action": "export_xlsx", "_selected_action": [it.pk]})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3, values_only=True))
    assert rows[0][2] == it.title and rows[0][4] == "组织调研"


def _change_data(it, **changes):
    data = {"year": it.year, "kind": it.kind, "title": it.title, "committee": it.committee_id,
            "target_units": [u.pk for u in it.target_units.all()], "meeting": it.meeting_id or "",
            "laws": it.laws, "description": it.description}
    for prefix in ("documents", "inspection_groups", "visits", "findings", "appraisals", "filing"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return {**data, **changes}


def test_the_items_page_changes_bodies_and_meeting_by_the_rules_of_the_staffs_own_page(client, admin_staff, unit,
                                                                                        other_unit):
    from tests.deliberation.helpers import opinion

    m = meeting(days_ahead=10, number=31)
    it = item(admin_staff, units=[unit], meeting_=m)
    client_for(client, admin_staff)
    url = reverse("admin:supervision_supervisionitem_change", args=[it.pk])

    # The meeting taken off: the item leaves the meeting's agenda.
    assert client.post(url, _change_data(it, meeting="")).status_code == 302
    it.refresh_from_db()
    assert it.meeting_id is None and it.agenda_item_id is None
    assert AuditLog.objects.filter(action="item_set_targets", object_id=str(it.pk)).exists()

    # Once the opinion is issued to its bodies, they stay: refused under the field, nothing saved.
    opinion(admin_staff, it, [("问题一", unit)], issued_on=m.date)
    response = client.post(url, _change_data(it, title="改过的标题", target_units=[other_unit.pk]))
    assert response.status_code == 200 and response.context["adminform"].form.errors["target_units"]
    it.refresh_from_db()
    assert it.title != "改过的标题" and list(it.target_units.all()) == [unit]

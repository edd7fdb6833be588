"""The stage chain's one table: every stage x move x relation, refusals in Chinese that change nothing."""

import pytest
from django.utils import timezone

from congress_portal.audit.models import AuditLog
from supervision import services, workflow
from supervision.models import Stage, SupervisionItem

from .helpers import item, meeting

pytestmark = pytest.mark.django_db

CHAIN = ["organise", "receive_report", "deliberate", "rectify", "feedback", "close"]


def test_an_item_walks_the_chain_with_one_audit_row_per_move(staff_user, unit):
    it = item(staff_user, units=[unit], meeting_=meeting())
    assert it.stage == Stage.TOPIC and it.agenda_item.about == it
    for move in CHAIN:
        it = services.MOVE_SERVICES[move](item=it, actor=staff_user)
        assert it.stage == workflow.MOVES[move].target
    assert it.report_to_committee_on == timezone.localdate()
    rows = list(AuditLog.objects.filter(object_id=str(it.pk), action__in=CHAIN).order_by("id")
                .values_list("action", "from_state", "to_state"))
    assert rows == [("organise", "topic", "organising"), ("receive_report", "organising", "report"),
                    ("deliberate", "report", "deliberation"), ("rectify", "deliberation", "rectification"),
                    ("feedback", "rectification", "feedback"), ("close", "feedback", "closed")]


@pytest.mark.parametrize("stage", [s.value for s in Stage])
@pytest.mark.parametrize("move", list(workflow.MOVES))
@pytest.mark.parametrize("role", ["staff", "leader", "unit_officer", "other_unit_officer", "deputy"])
def test_the_matrix_of_stage_move_and_role_follows_the_table(cast, unit, stage, move, role):
    it = item(cast["staff"], units=[unit], meeting_=meeting())
    SupervisionItem.objects.filter(pk=it.pk).update(stage=stage)
    it.refresh_from_db()
    allowed = stage in workflow.MOVES[move].sources and role == "staff"
    audit_before = AuditLog.objects.count()
    try:
        services.MOVE_SERVICES[move](item=it, actor=cast[role])
    except services.SupervisionError as exc:
        assert not allowed
        message = str(exc)
        assert "不能" in message or "无权" in message, message
        it.refresh_from_db()
        assert it.stage == stage and AuditLog.objects.count() == audit_before
    else:
        assert allowed
        it.refresh_from_db()
        assert it.stage == workflow.MOVES[move].target


def test_deliberation_needs_a_meeting(staff_user):
    it = item(staff_user)
    services.item_organise(item=it, actor=staff_user)
    services.item_receive_report(item=it, actor=staff_user)
    with pytest.raises(services.SupervisionError, match="会议议程"):
        services.item_deliberate(item=it, actor=staff_user)
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.REPORT


def test_a_stale_version_is_refused(staff_user):
    it = item(staff_user)
    services.item_organise(item=it, actor=staff_user)
    with pytest.raises(services.SupervisionError, match="刷新"):
        services.item_receive_report(item=it, actor=staff_user, version=0)


def test_the_buttons_come_from_the_table(cast, unit):
    it = item(cast["staff"], units=[unit])
    assert [m.name for m in workflow.available_actions(it, cast["staff"])] == ["organise"]
    for role in ("leader", "unit_officer", "other_unit_officer", "deputy", "anonymous"):
        assert workflow.available_actions(it, cast[role]) == [] if cast[role] else True

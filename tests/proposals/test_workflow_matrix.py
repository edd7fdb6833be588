"""State x move x role: every service allows a move exactly when the transition table says so, and a
refused move changes nothing."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from proposals import services, workflow
from proposals.models import (
    Assignment, Commitment, ExtensionRequest, ReassignRequest, Status, Suggestion, SupervisionAct,
)

ROLES = ["staff", "leader", "deputy", "other_deputy", "unit_officer", "other_unit_officer", "anonymous"]
TODAY = timezone.localdate


def _an_assignment(s, staff, unit):
    existing = s.assignments.first()
    if existing:
        return existing
    return Assignment.objects.create(suggestion=s, unit=unit, role="co", assigned_at=timezone.now(),
                                     assigned_by=staff, reassign_until=TODAY(), active=False)


def _commitment(s, unit):
    return Commitment.objects.filter(suggestion=s).first() or Commitment(suggestion=s, unit=unit)


def call(move, s, user, ctx):
    c = ctx
    day = TODAY()
    if move == "edit":
        return services.suggestion_update(suggestion=s, actor=user, title="关于增设停车位的建议（修改）")
    if move == "invite_cosigner":
        return services.cosigner_invite(suggestion=s, actor=user, deputies=[c["third"].deputy])
    if move == "submit":
        return services.suggestion_submit(suggestion=s, actor=user)
    if move == "withdraw":
        return services.suggestion_withdraw(suggestion=s, actor=user)
    if move == "respond_cosign":
        return services.cosigner_respond(suggestion=s, actor=user, accept=True)
    if move == "register":
        return services.suggestion_register(suggestion=s, actor=user, lawful=True, single_matter=True, feasible=True)
    if move == "return":
        return services.suggestion_return(suggestion=s, actor=user, reasons="请修改")
    if move == "to_reference":
        return services.suggestion_to_reference(suggestion=s, actor=user, reasons="不予立案")
    if move == "merge":
        return services.suggestion_merge(suggestion=s, into=c["target"], actor=user)
    if move == "convert_motion":
        Suggestion.objects.filter(pk=s.pk).update(kind="motion")
        return services.motion_convert(suggestion=s, actor=user)
    if move == "assign":
        return services.suggestion_assign(suggestion=s, actor=user, lead_unit=c["third_unit"])
    if move == "accept":
        return services.assignment_accept(suggestion=s, actor=user)
    if move == "request_reassign":
        return services.reassign_request(suggestion=s, actor=user, reasons="不属于我单位职责")
    if move == "decide_reassign":
        request = ReassignRequest.objects.create(assignment=_an_assignment(s, c["staff"], c["third_unit"]),
                                                 reasons="x", requested_by=c["staff"])
        return services.reassign_decide(request=request, actor=user, approve=False, note="维持原交办")
    if move == "request_extension":
        due = (s.reply_due or day) + datetime.timedelta(days=10)
        return services.extension_request(suggestion=s, actor=user, reasons="涉及面广", requested_due=due)
    if move == "decide_extension":
        request = ExtensionRequest.objects.create(
            suggestion=s, assignment=_an_assignment(s, c["staff"], c["third_unit"]), reasons="x",
            requested_due=(s.reply_due or day) + datetime.timedelta(days=10), requested_by=c["staff"])
        return services.extension_decide(request=request, actor=user, approve=True)
    if move == "log_contact":
        return services.contact_log(suggestion=s, actor=user, date=day, way="visit", content="上门走访")
    if move == "co_opinion":
        return services.co_opinion_submit(suggestion=s, actor=user, text="同意主办单位意见")
    if move == "reply":
        return services.reply_submit(suggestion=s, actor=user, result_class="A", text="已解决", signer="赵局长",
                                     contact_person="陈磊", contact_phone="027-1")
    if move == "urge":
        return services.suggestion_urge(suggestion=s, actor=user, content="请加快办理")
    if move == "mark_key":
        return services.key_supervision_mark(suggestion=s, actor=user, leader=c["leader"])
    if move == "supervise":
        return services.supervision_record(suggestion=s, actor=user, kind=SupervisionAct.Kind.COMMITTEE,
                                           content="对口督办")
    if move == "evaluate":
        return services.evaluation_submit(suggestion=s, actor=user, attitude="satisfied", result="satisfied")
    if move == "score":
        return services.reply_score(suggestion=s, actor=user, compliance=90, document=85, effect=80)
    if move == "close":
        Suggestion.objects.filter(pk=s.pk).update(evaluation_due=day - datetime.timedelta(days=1))
        return services.suggestion_close(suggestion=s, actor=user)
    if move == "publish":
        return services.reply_publish(suggestion=s, actor=user)
    if move == "report_commitment":
        return services.commitment_report(commitment=_commitment(s, c["unit"]), actor=user, note="已完成选址",
                                          fulfilled=True)
    raise AssertionError(f"no call for {move}")


class Rollback(Exception):
    pass


def test_every_move_has_a_call():
    assert set(workflow.MOVES) == {m for m in workflow.MOVES}  # the table itself
    source = open(__file__, encoding="utf-8").read()
    for name in workflow.MOVES:
        assert f'move == "{name}"' in source


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(Status))
def test_state_move_role_matrix(build, cast, unit, third_deputy_user, state):
    from tests import factories

    s = build.to(state)
    ctx = {"third": third_deputy_user, "target": build.merge_target(), "staff": cast["staff"],
           "third_unit": factories.HandlingUnitFactory(), "leader": cast["leader"], "unit": unit}
    for move_name, move in workflow.MOVES.items():
        for role in ROLES:
            user = cast[role]
            fresh = Suggestion.objects.get(pk=s.pk)
            rels = workflow.relations(fresh, user)
            allowed = workflow.check(move_name, fresh, rels) is None
            assert allowed == (state in move.sources and bool(rels & set(move.relations)))
            where = f"{move_name} by {role} in {state}"
            if allowed:
                try:
                    with transaction.atomic():
                        call(move_name, fresh, user, ctx)
                        after = Suggestion.objects.get(pk=s.pk)
                        assert after.version == s.version + 1 or move_name == "merge", where
                        if move.target and not move.alt_targets:
                            assert after.status == move.target, where
                        raise Rollback
                except Rollback:
                    pass
                except services.WorkflowError as exc:  # pragma: no cover - shows which cell failed
                    pytest.fail(f"{where} was refused: {exc}")
            else:
                with pytest.raises(services.WorkflowError):
                    with transaction.atomic():
                        call(move_name, fresh, user, ctx)
                after = Suggestion.objects.get(pk=s.pk)
                assert (after.status, after.version) == (s.status, s.version), where

"""Each service's happy path and its refusals (which change nothing)."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congress_portal.audit.services import audit_history
from proposals import selectors, services
from proposals.models import (
    Attachment, CoSigner, Evaluation, Reply, Status, Suggestion,
)
from proposals.services import WorkflowError
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_submit_register_numbers_and_audits(build, cast):
    s = build.to(Status.SUBMITTED)
    s = services.suggestion_register(suggestion=s, actor=cast["staff"], lawful=True, single_matter=True,
                                     feasible=True)
    assert s.number == f"16-B-{TODAY().year}-001"
    actions = [row.action for row in audit_history(s)]
    assert actions == ["create", "invite_cosigner", "submit", "register"]
    assert s.prereviews.get().decision == "register"


def test_register_refused_when_a_test_fails(build, cast):
    s = build.to(Status.SUBMITTED)
    with pytest.raises(WorkflowError, match="三项"):
        services.suggestion_register(suggestion=s, actor=cast["staff"], lawful=True, single_matter=False,
                                     feasible=True)
    s.refresh_from_db()
    assert s.status == Status.SUBMITTED and s.number is None and not s.prereviews.exists()


def test_submit_requires_the_grounds(build, cast):
    s = build.draft(background="")
    with pytest.raises(WorkflowError):
        services.suggestion_submit(suggestion=s, actor=cast["deputy"])
    assert Suggestion.objects.get(pk=s.pk).status == Status.DRAFT


def test_returned_suggestion_is_edited_and_resubmitted(build, cast):
    s = build.to(Status.RETURNED)
    assert s.return_reason
    services.suggestion_update(suggestion=s, actor=cast["deputy"], title="关于积玉桥街增设停车位的建议")
    s = services.suggestion_submit(suggestion=s, actor=cast["deputy"])
    assert s.status == Status.SUBMITTED


def test_stale_version_is_refused_saying_who_did_what(build, cast):
    s = build.to(Status.SUBMITTED)
    shown = s.version
    services.suggestion_register(suggestion=s, actor=cast["staff"], lawful=True, single_matter=True, feasible=True,
                                 version=shown)
    other_staff = factories.StaffFactory(username="staff2", real_name="赵敏")
    with pytest.raises(WorkflowError) as exc:
        services.suggestion_return(suggestion=s, actor=other_staff, reasons="重复", version=shown)
    assert "王静" in str(exc.value) and "立案" in str(exc.value)
    assert Suggestion.objects.get(pk=s.pk).status == Status.REGISTERED


def test_second_actor_without_version_is_told_what_happened(build, cast):
    s = build.to(Status.SUBMITTED)
    services.suggestion_to_reference(suggestion=s, actor=cast["staff"], reasons="不属于本级职权")
    other_staff = factories.StaffFactory(username="staff2", real_name="赵敏")
    with pytest.raises(WorkflowError, match="王静") as exc:
        services.suggestion_register(suggestion=s, actor=other_staff, lawful=True, single_matter=True,
                                     feasible=True)
    assert "转参阅件" in str(exc.value)
    # The one who made the change, or anyone much later, is told the state instead.
    with pytest.raises(WorkflowError, match="不能") as exc:
        services.suggestion_register(suggestion=s, actor=cast["staff"], lawful=True, single_matter=True,
                                     feasible=True)


def test_motion_needs_ten_confirmed_deputies(build, cast):
    s = services.suggestion_create(actor=cast["deputy"], title="关于制定物业管理条例的议案", background="理由",
                                   proposal="方案", kind="motion")
    others = [factories.DeputyUserFactory() for _ in range(9)]
    services.cosigner_invite(suggestion=s, actor=cast["deputy"], deputies=[u.deputy for u in others])
    for user in others[:8]:
        services.cosigner_respond(suggestion=s, actor=user, accept=True)
    with pytest.raises(WorkflowError, match="10"):
        services.suggestion_submit(suggestion=s, actor=cast["deputy"])
    services.cosigner_respond(suggestion=s, actor=others[8], accept=True)
    assert services.suggestion_submit(suggestion=s, actor=cast["deputy"]).status == Status.SUBMITTED
    s = services.motion_convert(suggestion=s, actor=cast["staff"])
    assert s.kind == "suggestion" and s.converted_from_motion


def test_cosigner_answers_once(build, cast):
    s = build.to(Status.DRAFT)
    services.cosigner_respond(suggestion=s, actor=cast["other_deputy"], accept=False)
    assert CoSigner.objects.get(suggestion=s).state == "declined"
    with pytest.raises(WorkflowError):
        services.cosigner_respond(suggestion=s, actor=cast["other_deputy"], accept=True)


def test_merge_into_a_registered_suggestion(build, cast):
    target = build.merge_target()
    s = build.to(Status.SUBMITTED)
    s = services.suggestion_merge(suggestion=s, into=target, actor=cast["staff"])
    assert s.status == Status.MERGED and s.merged_into == target
    with pytest.raises(WorkflowError):
        services.suggestion_merge(suggestion=target, into=target, actor=cast["staff"])


def test_assign_sets_the_clocks(build, cast, unit, other_unit):
    from congress_portal.core import deadlines

    s = build.to(Status.ASSIGNED)
    day = TODAY()
    assert s.reply_due == deadlines.due_date("suggestion_reply", day)
    lead, co = s.assignments.get(role="lead"), s.assignments.get(role="co")
    assert (co.role, co.unit, co.co_opinion_due) == ("co", other_unit, deadlines.due_date("suggestion_co_opinion", day))
    assert lead.reassign_until == deadlines.due_date("suggestion_reassign_request", day)


def test_assign_refuses_a_lead_and_separate_units_together(build, cast, unit, other_unit):
    s = build.to(Status.REGISTERED)
    with pytest.raises(WorkflowError):
        services.suggestion_assign(suggestion=s, actor=cast["staff"], lead_unit=unit, separate_units=[other_unit])
    assert not s.assignments.exists()


def test_bulk_assign_is_all_or_nothing(build, cast, unit):
    a, b = build.to(Status.REGISTERED), build.to(Status.REGISTERED)
    c = build.to(Status.SUBMITTED)
    with pytest.raises(WorkflowError):
        services.suggestion_assign_bulk(suggestions=[a, b, c], actor=cast["staff"], lead_unit=unit)
    assert not Suggestion.objects.filter(status=Status.ASSIGNED).exists()
    done = services.suggestion_assign_bulk(suggestions=[a, b], actor=cast["staff"], lead_unit=unit)
    assert {s.status for s in done} == {Status.ASSIGNED}


def test_separate_handling_is_replied_when_every_unit_has_replied(build, cast, unit, other_unit):
    s = build.to(Status.REGISTERED)
    services.suggestion_assign(suggestion=s, actor=cast["staff"], separate_units=[unit, other_unit])
    for officer in (cast["unit_officer"], cast["other_unit_officer"]):
        services.contact_log(suggestion=s, actor=officer, date=TODAY(), way="phone", content="电话沟通")
    services.assignment_accept(suggestion=s, actor=cast["unit_officer"])
    services.reply_submit(suggestion=s, actor=cast["unit_officer"], result_class="A", text="已解决", signer="赵",
                          contact_person="陈", contact_phone="1")
    assert Suggestion.objects.get(pk=s.pk).status == Status.HANDLING
    s = Suggestion.objects.get(pk=s.pk)
    services.reply_submit(suggestion=s, actor=cast["other_unit_officer"], result_class="C", text="以后解决",
                          signer="钱", contact_person="杨", contact_phone="2")
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED


def test_reassign_request_within_the_window_and_decision(build, cast, unit, other_unit):
    s = build.to(Status.ASSIGNED)
    request = services.reassign_request(suggestion=s, actor=cast["unit_officer"], reasons="职责不符")
    with pytest.raises(WorkflowError):
        services.reassign_request(suggestion=s, actor=cast["unit_officer"], reasons="再次")
    new_unit = factories.HandlingUnitFactory(name="区交通运输局")
    services.reassign_decide(request=request, actor=cast["staff"], approve=True, new_unit=new_unit)
    s = Suggestion.objects.get(pk=s.pk)
    assert s.status == Status.ASSIGNED
    assert set(s.assignments.filter(active=True).values_list("unit__name", flat=True)) == {"区交通运输局", other_unit.name}
    with pytest.raises(WorkflowError):
        services.reassign_decide(request=request, actor=cast["staff"], approve=False)


def test_reassign_request_after_the_window_is_refused(build, cast):
    s = build.to(Status.ASSIGNED)
    s.assignments.update(reassign_until=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(WorkflowError, match="已于"):
        services.reassign_request(suggestion=s, actor=cast["unit_officer"], reasons="职责不符")
    assert not s.assignments.first().reassign_requests.exists()


def test_extension_up_to_six_months_in_all(build, cast):
    s = build.to(Status.HANDLING)
    limit = services.extension_limit(s)
    with pytest.raises(WorkflowError, match="六个月"):
        services.extension_request(suggestion=s, actor=cast["unit_officer"], reasons="涉及面广",
                                   requested_due=limit + datetime.timedelta(days=1))
    request = services.extension_request(suggestion=s, actor=cast["unit_officer"], reasons="涉及面广",
                                         requested_due=limit)
    services.extension_decide(request=request, actor=cast["staff"], approve=True)
    s = Suggestion.objects.get(pk=s.pk)
    assert s.reply_due == limit and s.extended


def test_reply_needs_a_logged_contact_and_class_b_needs_commitments(build, cast):
    s = build.to(Status.HANDLING)
    s.contacts.all().delete()
    kwargs = dict(suggestion=s, actor=cast["unit_officer"], text="答复", signer="赵", contact_person="陈",
                  contact_phone="1")
    with pytest.raises(WorkflowError, match="联系"):
        services.reply_submit(result_class="A", **kwargs)
    services.contact_log(suggestion=s, actor=cast["unit_officer"], date=TODAY(), way="visit", content="走访")
    with pytest.raises(WorkflowError, match="承诺"):
        services.reply_submit(result_class="B", **kwargs)
    assert not Reply.objects.exists()


def test_co_unit_sends_one_opinion(build, cast):
    s = build.to(Status.ASSIGNED)
    services.co_opinion_submit(suggestion=s, actor=cast["other_unit_officer"], text="同意")
    with pytest.raises(WorkflowError):
        services.co_opinion_submit(suggestion=s, actor=cast["other_unit_officer"], text="再次")


def test_dissatisfied_leads_to_one_rehandling_then_the_rating_stands(build, cast):
    s = build.to(Status.REHANDLING)
    assert s.round == 2 and s.reply_due == __import__("congress_portal.core.deadlines", fromlist=["x"]).due_date(
        "suggestion_rehandling", TODAY())
    services.reply_submit(suggestion=s, actor=cast["unit_officer"], result_class="A", text="已重新办理", signer="赵",
                          contact_person="陈", contact_phone="1")
    s = services.evaluation_submit(suggestion=Suggestion.objects.get(pk=s.pk), actor=cast["deputy"],
                                   attitude="basically", result="dissatisfied", comment="仍不满意")
    assert s.status == Status.EVALUATED and s.final_rating == "dissatisfied"
    assert Evaluation.objects.filter(suggestion=s).count() == 2


def test_dissatisfied_needs_a_comment_and_only_the_lead_deputy_rates(build, cast):
    s = build.to(Status.REPLIED)
    with pytest.raises(WorkflowError):
        services.evaluation_submit(suggestion=s, actor=cast["deputy"], attitude="satisfied", result="dissatisfied")
    for role in ("other_deputy", "unit_officer", "leader"):
        with pytest.raises(WorkflowError):
            services.evaluation_submit(suggestion=s, actor=cast[role], attitude="satisfied", result="satisfied")
    # Staff may record the rating the deputy gave them.
    s = services.evaluation_submit(suggestion=s, actor=cast["staff"], attitude="satisfied", result="satisfied")
    assert s.status == Status.EVALUATED


def test_close_before_the_rating_deadline_is_refused(build, cast):
    s = build.to(Status.REPLIED)
    with pytest.raises(WorkflowError, match="评价"):
        services.suggestion_close(suggestion=s, actor=cast["staff"])


def test_score_publish_and_commitment(build, cast):
    s = build.to(Status.CLOSED)
    services.reply_score(suggestion=s, actor=cast["staff"], compliance=90, document=80, effect=70)
    with pytest.raises(WorkflowError):
        services.reply_score(suggestion=s, actor=cast["staff"], compliance=190, document=80, effect=70)
    services.reply_publish(suggestion=s, actor=cast["staff"])
    with pytest.raises(WorkflowError):
        services.reply_publish(suggestion=s, actor=cast["staff"])
    commitment = s.commitments.get()
    with pytest.raises(WorkflowError):
        services.commitment_report(commitment=commitment, actor=cast["other_unit_officer"], note="x")
    services.commitment_report(commitment=commitment, actor=cast["unit_officer"], note="已开工")
    services.commitment_report(commitment=commitment, actor=cast["unit_officer"], note="已建成", fulfilled=True)
    commitment.refresh_from_db()
    assert commitment.fulfilled_at and commitment.progress.count() == 2


def test_key_supervision_leader_may_supervise(build, cast):
    s = build.to(Status.HANDLING)
    with pytest.raises(WorkflowError):
        services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["deputy"])
    services.key_supervision_mark(suggestion=s, actor=cast["staff"], leader=cast["leader"])
    s = Suggestion.objects.get(pk=s.pk)
    act = services.supervision_record(suggestion=s, actor=cast["leader"], kind="committee", content="现场督办")
    assert act.kind == "key"
    other_leader = factories.LeaderFactory()
    with pytest.raises(WorkflowError):
        services.supervision_record(suggestion=s, actor=other_leader, kind="key", content="x")


# --- attachments --------------------------------------------------------------------------------------

def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("name,data,ctype", [
    ("mydoc.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("photo.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20, "image/jpeg"),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png"),
    ("说明.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_good_attachments_are_stored_under_random_names(build, cast, media, name, data, ctype):
    s = build.draft()
    a = services.attachment_add(suggestion=s, actor=cast["deputy"], upload=SimpleUploadedFile(name, data))
    assert a.content_type == ctype and a.original_name == name
    assert name.split(".")[0] not in a.file.name and a.file.name.startswith("proposals/attachments/")


@pytest.mark.parametrize("name,data", [
    ("evil.pdf", b"<script>alert(1)</script>"),
    ("x.exe", b"MZ\x90\x00"),
    ("fake.docx", b"PK\x03\x04not a zip"),
    ("empty.png", b""),
])
def test_bad_attachments_are_refused_and_nothing_saved(build, cast, media, name, data):
    s = build.draft()
    with pytest.raises(WorkflowError, match="只接受|为空"):
        services.attachment_add(suggestion=s, actor=cast["deputy"], upload=SimpleUploadedFile(name, data))
    assert not Attachment.objects.exists() and not list(media.rglob("*.*"))


def test_oversize_attachment_is_refused(build, cast, media, monkeypatch):
    monkeypatch.setattr(services._base, "ATTACHMENT_MAX_BYTES", 100)
    with pytest.raises(WorkflowError, match="过大"):
        services.attachment_add(suggestion=build.draft(), actor=cast["deputy"],
                                upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 200))


# --- selectors ----------------------------------------------------------------------------------------

def test_visibility_by_role(build, cast, third_deputy_user):
    draft = build.draft()
    assigned = build.to(Status.ASSIGNED, cosigner=False)
    other = services.suggestion_create(actor=cast["other_deputy"], title="另一条", background="b", proposal="p")
    visible = {role: set(selectors.suggestions_visible_to(cast[role]).values_list("pk", flat=True))
               for role in ("staff", "leader", "deputy", "other_deputy", "unit_officer")}
    assert visible["staff"] == visible["leader"] == {assigned.pk}  # drafts are their deputies' own (issue 12.4)
    assert visible["deputy"] == {draft.pk, assigned.pk}
    assert visible["other_deputy"] == {other.pk}  # never another deputy's draft
    assert visible["unit_officer"] == {assigned.pk}
    assert not selectors.suggestions_visible_to(third_deputy_user).exists()
    third_unit = factories.UnitOfficerFactory()
    assert not selectors.suggestions_visible_to(third_unit).exists()


def test_similar_suggestions_rank_by_bigram_overlap(build, cast):
    s = build.to(Status.SUBMITTED)
    near = build.merge_target()  # 关于老旧小区停车难问题的建议
    far = services.suggestion_create(actor=cast["other_deputy"], title="关于加强中小学课后服务的建议",
                                     background="学生放学早，家长接送难。", proposal="p", category="culture")
    services.suggestion_submit(suggestion=far, actor=cast["other_deputy"])
    found = selectors.similar_suggestions(s)
    assert found and found[0].pk == near.pk
    assert all(0 < f.similarity <= 1 for f in found)

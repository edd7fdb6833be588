"""The public pages (topics without an account, tracking, the published plan and its PDF) and the items'
pages for staff, leaders and target bodies: who sees what, refusals in Chinese, script shown as text."""

import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from supervision import services
from supervision.forms import CHALLENGE_KEY
from supervision.models import Stage, SupervisionItem, TopicProposal
from tests.conftest import client_for

from .helpers import committee, item, meeting, open_plan, published_plan

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


def _propose(client, **data):
    client.get(reverse("supervision:propose"))
    return client.post(reverse("supervision:propose"), {"challenge": client.session[CHALLENGE_KEY], **data})


def test_the_home_page_leads_to_the_plan_pages(client):
    open_plan()
    assert reverse("supervision:index") in client.get("/").content.decode()
    page = client.get(reverse("supervision:index")).content.decode()
    assert reverse("supervision:propose") in page and reverse("supervision:track") in page and "正在征集" in page


def test_anyone_proposes_a_topic_and_follows_it_with_the_tracking_code(client, staff_user):
    plan = open_plan()
    form = client.get(reverse("supervision:propose")).content.decode()
    assert "等于几" in form and " style=" not in form and "<script>" not in form
    response = _propose(client, text="建议监督全区老旧小区加装电梯工作", proposer_name="王女士")
    assert response.status_code == 302 and response["Location"] == reverse("supervision:thanks")
    topic = TopicProposal.objects.get()
    assert topic.proposer is None and topic.plan == plan
    grouped = "-".join(topic.tracking_code[i:i + 4] for i in range(0, 16, 4))
    assert grouped in client.get(reverse("supervision:thanks")).content.decode()
    page = client.get(reverse("supervision:track"), {"code": grouped.lower()}).content.decode()
    assert "正在研究" in page
    services.topic_decline(topic=topic, actor=staff_user, reason=f"已列入区政府民生实事 {SCRIPT}")
    page = client.get(reverse("supervision:track"), {"code": topic.tracking_code}).content.decode()
    assert "未纳入监督计划" in page and "理由：" in page and "已列入区政府民生实事" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page
    missing = client.get(reverse("supervision:track"), {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert missing.status_code == 404 and "没有与该查询码对应的议题" in missing.content.decode()


def test_a_wrong_answer_or_a_short_topic_is_refused_in_chinese_and_nothing_is_saved(client):
    open_plan()
    client.get(reverse("supervision:propose"))
    wrong = client.post(reverse("supervision:propose"), {"challenge": -1, "text": "建议监督食品安全工作"})
    assert wrong.status_code == 400 and "答案不正确" in wrong.content.decode()
    short = _propose(client, text="短")
    body = short.content.decode()
    assert short.status_code == 400 and "至少5个字" in body and 'aria-describedby="id_text_helptext id_text_error"' in body
    assert not TopicProposal.objects.exists()


def test_a_signed_in_deputy_proposes_as_themself(client, deputy_user):
    open_plan()
    client_for(client, deputy_user)
    assert _propose(client, text="建议开展食品安全法执法检查").status_code == 302
    assert TopicProposal.objects.get().proposer == deputy_user


def test_the_flood_limit_answers_429(client, monkeypatch):
    from deputies import ratelimit

    open_plan()
    monkeypatch.setattr(ratelimit, "allow_opinion", lambda request: False)
    assert _propose(client, text="建议监督背街小巷整治").status_code == 429


def test_the_public_sees_only_the_published_plan(client, staff_user, unit):
    plan = open_plan()
    item(staff_user, plan=plan, units=[unit], title=f"听取审议报告 {SCRIPT}")
    assert client.get(reverse("supervision:plan", args=[plan.year])).status_code == 404
    assert client.get(reverse("supervision:plan_pdf", args=[plan.year])).status_code == 404
    services.plan_approve(plan=plan, actor=staff_user, approved_on=timezone.localdate(), record="第12次主任会议")
    assert client.get(reverse("supervision:plan", args=[plan.year])).status_code == 404
    services.plan_publish(plan=plan, actor=staff_user)
    page = client.get(reverse("supervision:plan", args=[plan.year])).content.decode()
    assert "第12次主任会议" in page and unit.name in page and "&lt;script&gt;" in page and SCRIPT not in page
    assert reverse("supervision:plan_pdf", args=[plan.year]) in page
    assert str(plan.year) in client.get(reverse("supervision:index")).content.decode()


def test_the_plan_pdf_renders_chinese_and_shows_script_as_text(client, staff_user, unit, tmp_path):
    plan = published_plan(staff_user, units=[unit])
    SupervisionItem.objects.filter(plan=plan).update(title=f"听取审议老旧小区改造报告{SCRIPT}")
    response = client.get(reverse("supervision:plan_pdf", args=[plan.year]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = tmp_path / "plan.pdf"
    call_command("export_pdf", "supervision_plan", str(plan.year), "--out", str(out))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "年度监督工作计划" in text and "听取审议老旧小区改造报告" in text and "<script>" in text
    assert "区住房和城" in text and "主任会议" in text


def test_export_pdf_refuses_an_unpublished_plan_in_chinese(staff_user, tmp_path):
    from django.core.management.base import CommandError

    plan = open_plan()
    with pytest.raises(CommandError, match="尚未公布"):
        call_command("export_pdf", "supervision_plan", str(plan.year), "--out", str(tmp_path / "x.pdf"))


def test_a_target_body_sees_only_the_items_addressed_to_it(client, cast, unit, other_unit):
    mine = item(cast["staff"], units=[unit], title="听取区住更局工作报告")
    theirs = item(cast["staff"], units=[other_unit], title="听取区城管执法局工作报告")
    client_for(client, cast["unit_officer"])
    page = client.get(reverse("supervision:items")).content.decode()
    assert mine.title in page and theirs.title not in page
    assert client.get(reverse("supervision:item", args=[mine.pk])).status_code == 200
    assert client.get(reverse("supervision:item", args=[theirs.pk])).status_code == 404
    xlsx = client.get(reverse("supervision:items"), {"format": "xlsx"})
    titles = [row[2] for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3, values_only=True)]
    assert titles == [mine.title]
    # a unit officer sees the stage but has no button
    assert "提请审议" not in client.get(reverse("supervision:item", args=[mine.pk])).content.decode()


@pytest.mark.parametrize("role,status", [("deputy", 403), ("other_deputy", 403), ("anonymous", 302)])
def test_outsiders_are_refused(client, cast, unit, role, status):
    it = item(cast["staff"], units=[unit])
    client_for(client, cast[role])
    assert client.get(reverse("supervision:items")).status_code == status
    assert client.get(reverse("supervision:item", args=[it.pk])).status_code == status
    assert client.post(reverse("supervision:item_move", args=[it.pk, "organise"])).status_code == status
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.TOPIC


def test_a_move_the_table_refuses_is_explained_in_chinese_and_changes_nothing(client, cast, unit):
    it = item(cast["staff"], units=[unit])
    client_for(client, cast["staff"])
    response = client.post(reverse("supervision:item_move", args=[it.pk, "deliberate"]), follow=True)
    assert "不能进行此操作" in response.content.decode()
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.TOPIC
    client_for(client, cast["leader"])
    response = client.post(reverse("supervision:item_move", args=[it.pk, "organise"]), follow=True)
    assert "无权" in response.content.decode() and SupervisionItem.objects.get(pk=it.pk).stage == Stage.TOPIC
    client_for(client, cast["staff"])
    client.post(reverse("supervision:item_move", args=[it.pk, "organise"]), {"version": it.version})
    assert SupervisionItem.objects.get(pk=it.pk).stage == Stage.ORGANISING


def test_the_item_page_shows_stage_next_date_documents_and_targets(client, staff_user, unit):
    m = meeting(days_ahead=40)
    it = item(staff_user, units=[unit], meeting_=m, title=f"专项工作报告{SCRIPT}")
    client_for(client, staff_user)
    page = client.get(reverse("supervision:item", args=[it.pk])).content.decode()
    due = (m.date - __import__("datetime").timedelta(days=20)).isoformat()
    assert "选题" in page and due in page and unit.name in page and "暂无材料" in page
    assert "&lt;script&gt;" in page and SCRIPT not in page and "开始组织调研" in page


def test_staff_list_filters_and_exports_with_script_as_text(client, staff_user, unit):
    owner = committee()
    item(staff_user, units=[unit], title=f"=HYPERLINK(\"x\"){SCRIPT}", owner=owner)
    item(staff_user, units=[unit], title="开展食品安全法执法检查", kind="law_inspection", owner=owner)
    client_for(client, staff_user)
    page = client.get(reverse("supervision:items"), {"kind": "law_inspection"}).content.decode()
    assert "开展食品安全法执法检查" in page and "HYPERLINK" not in page
    xlsx = client.get(reverse("supervision:items"), {"q": "HYPERLINK", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    cell = [row for row in ws.iter_rows(min_row=3)][0][2]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_staff_decide_topics_and_approve_and_publish_from_the_plan_page(client, staff_user, unit):
    plan = open_plan()
    owner = committee()
    one = services.topic_submit(plan=plan, text="建议监督全区义务教育优质均衡发展")
    two = services.topic_submit(plan=plan, text="某小区噪音扰民")
    client_for(client, staff_user)
    bad = client.post(reverse("supervision:topic", args=[one.pk]), {"action": "accept"})
    assert bad.status_code == 400 and "请填写新事项的名称" in bad.content.decode()
    client.post(reverse("supervision:topic", args=[one.pk]), {
        "action": "accept", "title": "听取和审议区政府关于义务教育优质均衡发展工作情况的报告", "kind": "work_report",
        "committee": owner.pk})
    assert TopicProposal.objects.get(pk=one.pk).status == "accepted"
    empty = client.post(reverse("supervision:topic", args=[two.pk]), {"action": "decline", "reason": ""})
    assert empty.status_code == 400 and TopicProposal.objects.get(pk=two.pk).status == "received"
    client.post(reverse("supervision:topic", args=[two.pk]), {"action": "decline", "reason": "属个案，已转信访部门"})
    manage = reverse("supervision:plan_manage", args=[plan.year])
    client.post(manage, {"action": "approve", "approved_on": timezone.localdate().isoformat(), "record": "第12次主任会议"})
    client.post(manage, {"action": "publish"})
    assert client.get(reverse("supervision:plan", args=[plan.year])).status_code == 200


def test_the_plan_page_for_staff_is_refused_to_others(client, cast):
    plan = open_plan()
    for role in ("leader", "unit_officer", "deputy"):
        client_for(client, cast[role])
        assert client.get(reverse("supervision:plan_manage", args=[plan.year])).status_code == 403

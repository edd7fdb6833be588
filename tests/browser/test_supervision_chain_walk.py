"""The whole supervision chain in one browser walk, each step by the person who takes it (issue #14):

a citizen proposes a topic on a phone and keeps the tracking code; staff accept it into the plan, record
the chairs' meeting's approval and publish the plan; the item runs through its stages to deliberation, where
a special inquiry is recorded live with a follow-up question and a commitment; staff hand over the
deliberation opinion with its issue list; the target body sees it on its workbench and reports its
rectification with an evidence file; staff send it back once, then accept it; the members vote their
satisfaction on their phones through the votes engine and the vote fails; the second round is reported and
accepted and its vote passes, which closes the rectification and moves the item on; the leaders' dashboard
shows it. Every page is checked by axe-core
and the CSP watch (tests/browser_fixtures.py)."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from supervision.deliberation.models import Rectification, RectState
from supervision.models import Stage, SupervisionItem, TopicProposal
from tests.browser_fixtures import login
from tests import factories
from tests.factories import PASSWORD
from tests.meetings.helpers import committee as members, meeting, sign_in
from tests.supervision.helpers import committee, open_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TOPIC = "建议听取区政府关于老旧小区加装电梯工作情况的报告，很多老人上下楼困难。"
TITLE = "听取和审议区人民政府关于老旧小区加装电梯工作情况的报告"
ISSUE = "加装电梯审批流程长，已签约小区开工率低"


def _answer_challenge(page):
    label = page.locator("label[for=id_challenge]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", label)[:2])
    page.fill("#id_challenge", str(a + b))


def _click(page, locator):
    """A click that loads a page: wait for the navigation it starts before reading the next page."""
    with page.expect_navigation():
        locator.click()


def _evidence_png(tmp_path):
    from PIL import Image

    path = tmp_path / "加装电梯施工现场.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_from_a_citizens_topic_to_a_closed_rectification(page_for, screenshot, staff_user, unit, unit_officer,
                                                        tmp_path):
    year = timezone.localdate().year
    plan = open_plan(year=year)
    owner = committee()
    term, users = members(5)
    m = meeting(term, number=31)  # today's standing committee meeting (the helper's fixed date is past now)
    m.date = timezone.localdate()
    m.save(update_fields=["date"])
    factories.HandlingUnitFactory.create_batch(199)  # the district's register: the picker offers 200 bodies

    # 1. A citizen proposes the topic on a phone, without an account, and keeps the tracking code.
    citizen = page_for(viewport=PHONE)
    citizen.goto("/supervision/")
    _click(citizen, citizen.get_by_role("link", name="建议监督议题").first)
    citizen.fill("#id_text", TOPIC)
    citizen.fill("#id_proposer_name", "王阿姨")
    _answer_challenge(citizen)
    _click(citizen, citizen.locator("main button[type=submit]"))
    code = citizen.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    screenshot(citizen, "chain-01-tracking-code-phone")

    # 2. Staff accept it into the plan as a new item; the chairs' meeting approves the plan; it is published.
    staff = page_for()
    login(staff, staff_user.username, PASSWORD)
    staff.goto(f"/supervision/plan/{plan.year}/manage/")
    _click(staff, staff.get_by_role("link", name=TOPIC[:20], exact=False).first)
    staff.fill("#id_title", TITLE)
    staff.select_option("#id_kind", "work_report")
    staff.select_option("#id_committee", str(owner.pk))
    _click(staff, staff.get_by_role("button", name="纳入计划"))
    item = TopicProposal.objects.get().item
    assert item is not None and item.title == TITLE
    # On the item's own page staff find the target body among the units by typing part of its name, tick it,
    # and choose today's meeting that hears the report.
    plan_page = staff.url
    staff.goto(f"/supervision/items/{item.pk}/")
    targets = staff.locator("#targets-form")
    targets.get_by_label("按名称查找单位").fill(unit.name[1:4])
    expect(targets.locator(".form-check:visible")).to_have_count(1)
    targets.get_by_label(unit.name).check()
    targets.get_by_label("会议", exact=True).select_option(str(m.pk))
    screenshot(staff, "chain-02a-item-targets")
    _click(staff, targets.get_by_role("button", name="保存监督对象和会议"))
    expect(staff.locator("body")).to_contain_text("已保存监督对象和会议")
    item.refresh_from_db()
    assert list(item.target_units.all()) == [unit] and item.meeting == m and item.agenda_item is not None
    staff.goto(plan_page)
    staff.fill("#id_approved_on", timezone.localdate().isoformat())
    staff.fill("#id_record", "第十六届人大常委会第12次主任会议")
    _click(staff, staff.get_by_role("button", name="登记审定"))
    _click(staff, staff.get_by_role("button", name="公布计划"))
    expect(staff.locator("body")).to_contain_text("计划已公布")
    screenshot(staff, "chain-02-plan-published")

    citizen.goto(f"/supervision/topics/track/?code={code}")
    expect(citizen.locator("body")).to_contain_text("已纳入监督计划")

    # 3. The item runs through its stages up to deliberation.
    staff.goto(f"/supervision/items/{item.pk}/")
    for button in ("开始组织调研", "登记收到报告", "提请审议"):
        _click(staff, staff.get_by_role("button", name=button))
    expect(staff.locator(".stage-chain li.current")).to_have_text("审议")
    screenshot(staff, "chain-03-item-in-deliberation")

    # 4. At the meeting, a special inquiry on the report, recorded live from one staff screen: a question, its
    #    answer, a follow-up question (追问) and the commitment made, without the page reloading.
    _click(staff, staff.get_by_role("link", name="审议意见与整改"))
    deliberation_page = staff.url
    staff.locator("summary", has_text="新建专题询问").click()
    new = staff.locator("#inquiry-form")
    new.get_by_label("标题").fill("老旧小区加装电梯工作专题询问")
    new.get_by_label("举行日期").fill(timezone.localdate().isoformat())
    _click(staff, staff.get_by_role("button", name="开始记录"))
    staff.evaluate("window.__noReload = true")
    form = staff.locator("#question-form")
    form.get_by_label("询问人").select_option(str(users[1].committee_member.pk))
    form.get_by_label("被询问单位").select_option(str(unit.pk))
    form.get_by_label("应询人").fill("区住更局局长")
    form.get_by_label("询问内容").fill("已签约小区为什么迟迟不能开工？")
    form.get_by_role("button", name="保存询问").click()
    expect(staff.locator("#questions")).to_contain_text("已签约小区为什么迟迟不能开工？")
    staff.locator(".answer-form textarea").first.fill("主要是审批环节多，正在推行并联审批")
    staff.get_by_role("button", name="记录答复").click()
    expect(staff.locator("#questions")).to_contain_text("正在推行并联审批")
    staff.get_by_role("button", name="追问").first.click()
    form.get_by_label("询问内容").fill("并联审批什么时候落地？")
    form.get_by_role("button", name="保存询问").click()
    expect(staff.locator(".follow-ups")).to_contain_text("并联审批什么时候落地？")
    commitment = staff.locator("#commitment-form")
    commitment.get_by_label("单位").select_option(str(unit.pk))
    commitment.get_by_label("承诺内容").fill("年内出台加装电梯并联审批办法")
    commitment.get_by_label("完成时限").fill(f"{year}-12-31")
    commitment.get_by_label("责任人").fill("区住更局局长")
    commitment.get_by_role("button", name="保存承诺事项").click()
    expect(staff.locator("#commitments")).to_contain_text("年内出台加装电梯并联审批办法")
    assert staff.evaluate("window.__noReload") is True  # one page all along
    screenshot(staff, "chain-04a-inquiry-live")

    # 5. The deliberation opinion with its issue list, handed over to the target body.
    staff.goto(deliberation_page)
    staff.locator("summary", has_text="新建审议意见书").click()
    draft = staff.locator("#opinion-form")
    draft.get_by_label("标题").fill("关于老旧小区加装电梯工作情况报告的审议意见")
    draft.get_by_label("审议意见", exact=True).fill("常委会组成人员认为……\n请逐项整改问题清单所列问题。")
    _click(staff, staff.get_by_role("button", name="创建草稿"))
    staff.get_by_label("问题", exact=True).fill(ISSUE)
    staff.get_by_label("监督对象").select_option(str(unit.pk))
    _click(staff, staff.get_by_role("button", name="列入问题清单"))
    _click(staff, staff.get_by_role("button", name="印发并交办"))
    expect(staff.locator("body")).to_contain_text("审议意见书已印发并交办监督对象")
    screenshot(staff, "chain-04-opinion-handed-over")
    rect = Rectification.objects.get()

    # 6. The unit sees it on its workbench, adds evidence and reports its rectification.
    officer = page_for()
    login(officer, unit_officer.username, PASSWORD)
    expect(officer.locator("body")).to_contain_text(ISSUE)
    screenshot(officer, "chain-05-unit-workbench")
    _click(officer, officer.get_by_role("link", name=ISSUE, exact=False).first)
    officer.locator("#move-add_evidence").get_by_label("佐证材料文件").set_input_files(str(_evidence_png(tmp_path)))
    _click(officer, officer.locator("#move-add_evidence button[type=submit]"))
    expect(officer.locator("body")).to_contain_text("加装电梯施工现场.png")

    def report(measures, text):
        form = officer.locator("#move-submit")
        form.get_by_label("整改措施").fill(measures)
        form.get_by_label("整改情况报告").fill(text)
        _click(officer, form.get_by_role("button", name="报告整改情况并申请验收"))
        expect(officer.locator("body")).to_contain_text("已报告整改情况")

    report("一、简化审批；二、每月通报开工率", "已签约小区开工12个")
    screenshot(officer, "chain-06-unit-reported-with-evidence")

    # 7. Staff send it back once, with the reason the unit reads; the unit reports again; staff accept.
    staff.goto(f"/deliberations/rectifications/{rect.pk}/")
    staff.locator("#move-send_back").get_by_label("退回理由").fill("开工率未达承诺目标，请补充后续计划")
    _click(staff, staff.locator("#move-send_back").get_by_role("button", name="退回继续整改"))
    expect(staff.locator("body")).to_contain_text("开工率未达承诺目标")
    officer.goto(f"/deliberations/rectifications/{rect.pk}/")
    expect(officer.locator("body")).to_contain_text("开工率未达承诺目标")
    report("一、简化审批；二、每月通报开工率；三、年底前全部开工", "已签约小区开工30个，其余已排定工期")
    staff.goto(f"/deliberations/rectifications/{rect.pk}/")
    _click(staff, staff.get_by_role("button", name="验收通过"))
    expect(staff.locator("body")).to_contain_text("已验收")

    # 8. The satisfaction vote, at today's meeting: members present, each votes on a phone. It fails.
    sign_in(m, users, staff_user)  # attendance recorded by staff (walked in test_meeting_vote.py)

    def vote(choices, shot):
        _click(staff, staff.get_by_role("button", name="提交满意度测评"))
        _click(staff, staff.get_by_role("button", name="开始表决"))
        expect(staff.locator("body")).to_contain_text("表决已开始")
        poll_page = staff.url
        for user, choice in zip(users[:4], choices, strict=True):
            phone = page_for(viewport=PHONE)
            login(phone, user.username, PASSWORD)
            _click(phone, phone.get_by_role("link", name="满意度测评", exact=False).first)
            option = phone.locator("label.vote-option", has_text=choice).first
            assert option.bounding_box()["height"] >= 44
            option.click()
            _click(phone, phone.get_by_role("button", name="下一步：核对我的选择"))
            _click(phone, phone.get_by_role("button", name="投出选票"))
            expect(phone.locator("body")).to_contain_text("您的票已投出")
            if user == users[0]:
                screenshot(phone, shot)
            phone.close()
        staff.goto(poll_page)
        _click(staff, staff.get_by_role("button", name="结束表决并计票"))
        expect(staff.locator("body")).to_contain_text("表决已结束并完成计票")
        staff.goto(f"/deliberations/rectifications/{rect.pk}/")
        _click(staff, staff.get_by_role("button", name="取回测评结果"))

    vote(["不满意", "不满意", "不满意", "满意"], "chain-07-member-voted-phone")
    expect(staff.locator("body")).to_contain_text("已取回结果：不满意")
    expect(staff.locator("body")).to_contain_text("再次整改")
    rect.refresh_from_db()
    assert rect.state != RectState.CLOSED and rect.round == 2
    screenshot(staff, "chain-08-second-round")

    # 9. The second round: the unit reports again, staff accept, and the second vote passes.
    officer.goto(f"/deliberations/rectifications/{rect.pk}/")
    report("一、推行并联审批；二、每月通报开工率；三、年底前全部开工", "第二轮：已签约小区全部开工，完成加装电梯45部")
    staff.goto(f"/deliberations/rectifications/{rect.pk}/")
    _click(staff, staff.get_by_role("button", name="验收通过"))
    vote(["满意", "满意", "满意", "基本满意"], "chain-09-member-voted-again-phone")

    # 10. 满意 closes the rectification and the item moves on to 反馈.
    expect(staff.locator("body")).to_contain_text("已取回结果：满意")
    rect.refresh_from_db()
    assert rect.state == RectState.CLOSED
    assert SupervisionItem.objects.get(pk=item.pk).stage == Stage.FEEDBACK
    screenshot(staff, "chain-10-rectification-closed")

    # 11. The leaders' dashboard shows the item in 反馈 and the vote's result, each figure opening its list.
    leader = page_for()
    login(leader, users[0].username, PASSWORD)
    _click(leader, leader.get_by_role("link", name="监督工作看板").first)
    expect(leader.locator("h1")).to_contain_text("监督工作看板")
    stage_link = leader.get_by_role("link", name="反馈", exact=True)
    expect(stage_link).to_be_visible()
    screenshot(leader, "chain-11-leaders-dashboard")
    _click(leader, stage_link)
    expect(leader.locator("body")).to_contain_text(TITLE)
    _click(leader, leader.get_by_role("link", name=TITLE))
    expect(leader.locator("body")).to_contain_text("满意")

"""The supervision plan in a browser: a citizen proposes a topic on a phone and follows it; staff take it
into the plan, record the chairs' meeting and publish; the item walks its stages; the target body sees it
on its workbench; the public reads the plan. Every page: no CSP violation, no serious axe issue."""

import re

import pytest
from django.utils import timezone

from supervision.models import TopicProposal
from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.supervision.helpers import committee, meeting, open_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _answer_challenge(page):
    label = page.locator("label[for=id_challenge]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", label)[:2])
    page.fill("#id_challenge", str(a + b))


def test_supervision_plan_walk(page_for, screenshot, staff_user, unit_officer, unit):
    plan = open_plan(year=timezone.localdate().year + 1)
    owner = committee()
    m = meeting(days_ahead=45)

    citizen = page_for(viewport={"width": 390, "height": 844})
    citizen.goto("/supervision/")
    citizen.click("text=建议监督议题")
    citizen.fill("#id_text", "建议听取区政府关于老旧小区加装电梯工作情况的报告，很多老人上下楼困难。")
    citizen.fill("#id_proposer_name", "王阿姨")
    _answer_challenge(citizen)
    screenshot(citizen, "supervision-1-topic-form-phone")
    assert citizen.locator("main button[type=submit]").bounding_box()["height"] >= 44
    citizen.click("main button[type=submit]")
    citizen.wait_for_selector(".tracking-code")
    code = citizen.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(citizen, "supervision-2-tracking-code-phone")

    staff = page_for()
    login(staff, "staff", PASSWORD)
    staff.goto(f"/supervision/plan/{plan.year}/manage/")
    staff.click(f"text={TopicProposal.objects.get().text[:20]}")
    staff.fill("#id_title", "听取和审议区人民政府关于老旧小区加装电梯工作情况的报告")
    staff.select_option("#id_kind", "work_report")
    staff.select_option("#id_committee", str(owner.pk))
    screenshot(staff, "supervision-3-topic-decide")
    staff.click("button:has-text('纳入计划')")
    staff.wait_for_load_state("networkidle")
    topic = TopicProposal.objects.get()
    assert topic.status == "accepted"
    item = topic.item
    item.target_units.set([unit])
    from supervision import services

    services.item_schedule(item=item, actor=staff_user, meeting=m)
    staff.fill("#id_approved_on", timezone.localdate().isoformat())
    staff.fill("#id_record", "第十六届人大常委会第12次主任会议")
    staff.click("button:has-text('登记审定')")
    staff.wait_for_load_state("networkidle")
    staff.click("button:has-text('公布计划')")
    staff.wait_for_load_state("networkidle")
    screenshot(staff, "supervision-4-plan-published")

    staff.goto(f"/supervision/items/{item.pk}/")
    staff.click("button:has-text('开始组织调研')")
    staff.wait_for_load_state("networkidle")
    staff.click("button:has-text('登记收到报告')")
    staff.wait_for_load_state("networkidle")
    assert staff.locator(".stage-chain li.current").inner_text() == "报告"
    screenshot(staff, "supervision-5-item-detail")
    staff.goto(f"/supervision/items/?year={plan.year}")
    screenshot(staff, "supervision-6-item-list")

    officer = page_for()
    login(officer, "unit", PASSWORD)
    officer.goto("/")
    assert "对本单位的监督" in officer.content()
    screenshot(officer, "supervision-7-unit-workbench")

    citizen.goto(f"/supervision/topics/track/?code={code}")
    assert "已纳入监督计划" in citizen.content()
    citizen.goto(f"/supervision/plan/{plan.year}/")
    assert "老旧小区加装电梯" in citizen.content()
    screenshot(citizen, "supervision-8-public-plan-phone")

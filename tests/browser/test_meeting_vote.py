"""A committee meeting's satisfaction vote walked in Chromium: staff record attendance, members sign in
and vote on phones, one member votes on paper, staff watch the live count, close, and the result and
the big screen show the rule and the outcome."""

import pytest
from playwright.sync_api import expect

from congress_portal.meetings.models import Poll
from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.meetings.helpers import committee, meeting

from congress_portal.meetings import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_satisfaction_vote_from_sign_in_to_big_screen(page_for, screenshot, staff_user):
    term, users = committee(9)
    m = meeting(term, number=24)
    services.poll_create(forum=m, title="对区政府老旧小区改造工作的满意度测评", kind=Poll.Kind.SATISFACTION,
                         actor=staff_user, agenda_item=m.agenda_items.first())
    absent, on_leave, voters = users[:2], users[2], users[3:]

    staff = page_for()
    login(staff, staff_user.username, PASSWORD)
    staff.get_by_role("link", name=str(m)).click()  # the workbench card lists today's meeting
    staff.get_by_role("link", name="登记出席").click()
    for u in absent:
        staff.get_by_label(f"出席: {u.real_name}").select_option("absent")
    staff.get_by_label(f"出席: {on_leave.real_name}").select_option("leave")
    staff.get_by_role("button", name="保存出席情况").click()
    expect(staff.locator("body")).to_contain_text("请填写请假事由")  # a leave needs its reason; nothing saved
    staff.get_by_label(f"请假事由: {on_leave.real_name}").fill("赴省里参加培训")
    staff.get_by_role("button", name="保存出席情况").click()
    expect(staff.locator("body")).to_contain_text("出席情况已登记")

    phones = {}
    for u in voters:  # six members sign themselves in at the door
        phone = page_for(viewport=PHONE)
        login(phone, u.username, PASSWORD)
        phone.get_by_role("link", name=str(m), exact=False).click()  # the workbench's meetings card
        phone.get_by_role("button", name="签到：我已到会").click()
        expect(phone.locator("body")).to_contain_text("签到成功")
        phones[u.username] = phone
    screenshot(phones[voters[0].username], "meetings-phone-signed-in")

    staff.goto(f"/meetings/{m.pk}/")
    staff.get_by_role("link", name="组织表决").first.click()
    expect(staff.locator("body")).to_contain_text("应到 9 人，实到 6 人")
    staff.get_by_role("button", name="开始表决").click()
    expect(staff.locator("body")).to_contain_text("表决已开始")
    screenshot(staff, "meetings-progress-open")

    choices = ["满意", "满意", "满意", "基本满意", "满意"]
    for u, choice in zip(voters[:5], choices, strict=True):
        phone = phones[u.username]
        phone.goto("/accounts/home/")
        phone.get_by_role("link", name="对区政府老旧小区改造工作的满意度测评").click()
        phone.wait_for_load_state()  # measured once the ballot's stylesheet has loaded
        option = phone.locator("label.vote-option", has_text=choice).first
        box = option.bounding_box()
        assert box["height"] >= 44
        assert phone.evaluate("getComputedStyle(document.querySelector('.vote-option')).fontSize") >= "16px"
        option.click()
        phone.get_by_role("button", name="下一步：核对我的选择").click()
        assert choice in phone.locator(".list-group").inner_text()
        phone.get_by_role("button", name="投出选票").click()
        expect(phone.locator("body")).to_contain_text("您的票已投出")
    screenshot(phones[voters[0].username], "meetings-phone-receipt")
    # No way back: the ballot page now shows the receipt.
    first = phones[voters[0].username]
    first.go_back()
    first.reload()
    expect(first.locator("body")).to_contain_text("您的票已投出")

    # The live count moves without reloading the staff page.
    staff.locator("[data-field=voted]").filter(has_text="5").wait_for(timeout=15000)

    staff.get_by_role("link", name="纸质票").click()
    staff.get_by_label(voters[5].real_name).check()
    staff.get_by_label("发出票数").fill("1")
    staff.get_by_label("有效票数").fill("1")
    staff.get_by_label("无效票数").fill("0")
    staff.get_by_label("未收回票数").fill("0")
    staff.get_by_label("满意", exact=True).fill("1")
    staff.get_by_role("button", name="保存").click()
    expect(staff.locator("body")).to_contain_text("纸质票已登记")
    staff.locator("[data-field=voted]").filter(has_text="6").wait_for(timeout=15000)

    staff.get_by_role("button", name="结束表决并计票").click()
    expect(staff.locator("body")).to_contain_text("表决已结束并完成计票")  # the result page has loaded
    text = staff.content()
    assert "表决已结束并完成计票" in text and "满意度：全体组成人员半数（镇海规则）" in text
    assert "结果： <strong>满意</strong>" in text or "<strong>满意</strong>" in text
    screenshot(staff, "meetings-result")

    screen = page_for(viewport={"width": 1920, "height": 1080})
    login(screen, staff_user.username, PASSWORD)
    poll = Poll.objects.get(meeting=m)
    screen.goto(f"/meetings/polls/{poll.pk}/screen/")
    assert "表决结果" in screen.locator("h1").inner_text()
    assert "满意" in screen.locator(".verdict").inner_text()
    screenshot(screen, "meetings-big-screen")

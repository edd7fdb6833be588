"""A motion with three nominees taken through in Chromium by staff: registered in the admin, reviewed,
examined (one fails the exam and is stopped), sent to the vote, refused without quorum, voted on together
(one of the two fails on the all-member majority although most of those present voted for), the outcome
recorded, the certificate issued and read as PDF, the oath scheduled and recorded. Screenshots are saved."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from appointments.models import Certificate, Nominee, Oath, State
from congress_portal.meetings import services as votes
from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.meetings.helpers import committee, meeting, option, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMINEES = [("陈明", "区人民政府副区长"), ("刘芳", "区教育局局长"), ("王强", "区财政局局长")]


def run_action(page, pks, action):
    page.goto("/admin/appointments/nominee/")
    for pk in pks:
        page.locator(f"input[name=_selected_action][value='{pk}']").check()
    page.locator("select[name=action]").select_option(action)
    with page.expect_navigation():  # the action's POST answered before the next step reads the database
        page.locator("button[name=index]").click()


def test_staff_take_a_motion_from_registration_to_certificate_and_oath(page_for, screenshot, staff_user):
    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label="appointments"))
    term, users = committee(9)  # 9 members: more than half of all is 5
    m = meeting(term, number=24)
    today = m.date

    staff = page_for()
    login(staff, staff_user.username, PASSWORD)
    staff.get_by_role("link", name="人事任免").first.click()  # the workbench card
    staff.goto("/admin/appointments/motion/add/")
    staff.fill("#id_title", "区人民政府区长关于提请任免职务的议案")
    staff.select_option("#id_nominating_body", "district_head")
    staff.select_option("#id_meeting", str(m.pk))
    staff.fill("#id_submitted_on", (today - datetime.timedelta(days=12)).isoformat())
    staff.select_option("#id_vote_mode", "together")
    for i, (name, post) in enumerate(NOMINEES):
        if i:
            staff.locator(".add-row a").click()
        staff.fill(f"#id_nominees-{i}-person_name", name)
        staff.fill(f"#id_nominees-{i}-post", post)
        staff.select_option(f"#id_nominees-{i}-organ", "government")
        staff.select_option(f"#id_nominees-{i}-kind", "appoint")
        staff.fill(f"#id_nominees-{i}-reasons", "工作需要")
        staff.fill(f"#id_nominees-{i}-id_number", f"42010619800101001{i}")
    screenshot(staff, "appointments-motion-form")
    staff.locator("input[name=_save]").click()
    expect(staff.locator(".messagelist")).to_be_visible()
    chen, liu, wang = Nominee.objects.order_by("pk")
    assert {n.state for n in (chen, liu, wang)} == {State.REGISTERED}

    # Review and exam: the first through the nominee's page, the others by the same forms.
    staff.goto(f"/admin/appointments/nominee/{chen.pk}/change/")
    with staff.expect_navigation():  # the review form is loaded before its boxes are read
        staff.get_by_role("link", name="登记资格审查").click()
    for nominee, score in ((chen, "86"), (liu, "78"), (wang, "45")):
        if nominee is not chen:
            staff.goto(f"/admin/appointments/qualificationreview/add/?nominee={nominee.pk}")
        expect(staff.locator("input[name=met]").first).to_be_visible()
        for box in staff.locator("input[name=met]").all():
            box.check()
        with staff.expect_navigation():  # saved before the next page is opened (a goto would abort the POST)
            staff.locator("input[name=_save]").click()
        staff.goto(f"/admin/appointments/lawexam/add/?nominee={nominee.pk}")
        staff.fill("#id_date", (today - datetime.timedelta(days=5)).isoformat())
        staff.fill("#id_score", score)
        with staff.expect_navigation():
            staff.locator("input[name=_save]").click()
    assert Nominee.objects.get(pk=wang.pk).state == State.EXAM_FAILED

    run_action(staff, [chen.pk, liu.pk, wang.pk], "send_to_vote")
    body = staff.locator("body")
    expect(body).to_contain_text("低于合格分数线")  # 王强 is stopped by the exam
    assert Nominee.objects.get(pk=wang.pk).state == State.EXAM_FAILED

    run_action(staff, [chen.pk], "open_vote")  # nobody signed in: no quorum
    expect(staff.locator(".messagelist")).to_contain_text("法定人数")
    screenshot(staff, "appointments-no-quorum")
    assert Nominee.objects.get(pk=chen.pk).state == State.TO_VOTE

    sign_in(m, users[:7], staff_user)  # 7 of 9 present (staff record attendance on the meeting's page)
    run_action(staff, [chen.pk, liu.pk], "open_vote")
    chen.refresh_from_db()
    liu.refresh_from_db()
    poll = chen.poll
    assert poll == liu.poll and chen.state == liu.state == State.VOTING
    # The members vote on their phones (walked in test_meeting_vote.py): 陈明 5 for, 刘芳 4 for of 7 present.
    for i, u in enumerate(users[:7]):
        votes.poll_cast(poll=poll, voter=u, option_ids=[
            option(poll, "for" if i < 5 else "against", chen.poll_subject),
            option(poll, "for" if i < 4 else "abstain", liu.poll_subject)])
    staff.goto(f"/meetings/polls/{poll.pk}/progress/")
    staff.get_by_role("button", name="结束表决并计票").click()
    expect(staff.locator("body")).to_contain_text("表决已结束并完成计票")
    screenshot(staff, "appointments-vote-result")

    run_action(staff, [chen.pk, liu.pk], "record_outcome")
    chen.refresh_from_db()
    liu.refresh_from_db()
    assert (chen.state, chen.votes_for) == (State.PASSED, 5)
    assert (liu.state, liu.votes_for) == (State.FAILED, 4)  # 4 of 7 present, not more than half of all 9
    screenshot(staff, "appointments-outcome")

    run_action(staff, [chen.pk, liu.pk], "issue_certificate")
    expect(staff.locator(".messagelist")).to_contain_text("已签发任命书")
    expect(staff.locator(".messagelist")).to_contain_text("表决通过后")  # 刘芳: refused, in Chinese
    certificate = Certificate.objects.get()
    assert certificate.nominee_id == chen.pk and certificate.serial == 1

    staff.goto(f"/admin/appointments/nominee/{chen.pk}/change/")
    link = staff.get_by_role("link", name="任命书（PDF）").first
    response = staff.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    screenshot(staff, "appointments-nominee-after-vote")

    with staff.expect_navigation():
        staff.get_by_role("link", name="安排宪法宣誓").click()
    staff.select_option("#id_form", "individual")
    staff.fill("#id_date", today.isoformat())
    staff.fill("#id_place", "区人大常委会机关第一会议室")
    staff.fill("#id_administered_by", "委员00")
    expect(staff.locator("body")).to_contain_text("我宣誓：忠于中华人民共和国宪法")
    with staff.expect_navigation():
        staff.locator("input[name=_save]").click()
    oath = Oath.objects.get()
    staff.goto(f"/admin/appointments/oath/{oath.pk}/change/")
    with staff.expect_navigation():
        staff.locator("input[name=_save]").click()  # no witnesses yet: refused on the field
    expect(staff.locator("body")).to_contain_text("请填写宣誓见证人")
    staff.fill("#id_witnesses", "委员01、委员02")
    screenshot(staff, "appointments-oath")
    with staff.expect_navigation():
        staff.locator("input[name=_save]").click()
    oath.refresh_from_db()
    assert oath.taken and list(oath.takers.all()) == [chen]

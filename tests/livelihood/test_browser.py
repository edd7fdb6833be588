"""The livelihood projects in Chromium on a phone (390 px): a deputy approves 10 of 12 candidates, the
11th tap is refused (the counter warns, the ballot cannot go on; the server refuses it too), confirms and
gets the receipt; then the public reads the progress page, a project's page and the result announcement.
Screenshots in tests/test-artifacts/livelihood-*.png."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Ballot, Participation
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject
from tests.browser_fixtures import login
from tests.factories import PASSWORD

from .helpers import add_candidates, closed_solicitation, plenary_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TITLES = ["老旧小区改造提升", "既有住宅加装电梯", "幸福食堂扩面提质", "二次供水设施改造", "背街小巷路面修复", "口袋公园建设",
          "中小学课后服务提升", "社区卫生服务中心标准化建设", "公共停车泊位增设", "社区嵌入式养老服务", "菜市场标准化改造",
          "健康食堂和健康餐厅建设"]


def _open_ballot(staff_user, unit, deputies_count=3):
    from tests import factories

    s = closed_solicitation(timezone.localdate(), places=10)
    add_candidates(s, staff_user, unit, TITLES)
    session, deputies = plenary_session(factories.TermFactory(), deputies_count)
    services.candidate_list_approve(solicitation=s, actor=staff_user)
    poll = services.ballot_create(solicitation=s, session=session, actor=staff_user)
    for d in deputies:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    votes.poll_open(poll=poll, actor=staff_user)
    return s, poll, deputies


def test_a_deputy_on_a_phone_approves_10_of_12_and_the_11th_tap_is_refused(page_for, screenshot, staff_user, unit):
    s, poll, deputies = _open_ballot(staff_user, unit)
    phone = page_for(viewport=PHONE)
    login(phone, deputies[0].username, PASSWORD)
    phone.get_by_role("link", name=poll.title).click()  # the workbench's open votes card
    phone.wait_for_load_state()
    boxes = phone.locator("label.vote-option")
    expect(boxes).to_have_count(12)
    assert f"（{unit.name}，预算 120.50 万元）" in boxes.first.inner_text()  # unit and budget on the ballot
    assert boxes.first.bounding_box()["height"] >= 44
    assert phone.evaluate("getComputedStyle(document.querySelector('.vote-option')).fontSize") >= "16px"
    for i in range(10):
        boxes.nth(i).click()
    expect(phone.locator("#vote-count")).to_have_text("10")
    submit = phone.get_by_role("button", name="下一步：核对我的选择")
    expect(submit).to_be_enabled()
    boxes.nth(10).click()  # the 11th approval
    expect(phone.locator("#vote-count")).to_have_text("11")
    expect(phone.locator("#vote-over")).to_be_visible()
    expect(submit).to_be_disabled()
    screenshot(phone, "livelihood-phone-ballot-11-refused")
    # Past the page's script (a forged request): the server refuses the ballot whole and records nothing.
    phone.evaluate("document.querySelector('form[data-max-choices] button[type=submit]').disabled = false")
    submit.click()
    expect(phone.locator(".alert-danger")).to_contain_text("最多只能赞成 10 个")
    assert not Participation.objects.filter(poll=poll).exists()
    boxes = phone.locator("label.vote-option")
    for i in range(12):  # the refused page keeps the ticks: untick the 11th and the 12th if kept
        checkbox = boxes.nth(i).locator("input")
        if checkbox.is_checked() != (i < 10):
            boxes.nth(i).click()
    expect(phone.locator("#vote-count")).to_have_text("10")
    phone.get_by_role("button", name="下一步：核对我的选择").click()
    confirm = phone.locator(".list-group").inner_text()
    assert all(title in confirm for title in TITLES[:10]) and TITLES[10] not in confirm
    screenshot(phone, "livelihood-phone-confirm")
    phone.get_by_role("button", name="投出选票").click()
    expect(phone.locator("body")).to_contain_text("您的票已投出")
    screenshot(phone, "livelihood-phone-receipt")
    assert Participation.objects.filter(poll=poll, user=deputies[0]).count() == 1
    assert [len(b.choices) for b in Ballot.objects.filter(poll=poll)] == [10]


def test_the_public_reads_progress_project_and_result_on_a_phone(page_for, screenshot, staff_user, unit_officer):
    s, poll, deputies = _open_ballot(staff_user, unit_officer.unit)
    options = list(poll.options.order_by("order", "id"))
    for d in deputies:
        votes.poll_cast(poll=poll, voter=d, option_ids=[o.pk for o in options[:10]])
    votes.poll_close(poll=poll, actor=staff_user)
    services.result_take(solicitation=s, actor=staff_user)
    project = ChosenProject.objects.get(rank=1)
    services.progress_report(project=project, actor=unit_officer, progress=35, text="完成32个小区的设计和招标，12个小区已进场施工。",
                             period="plan", budget_spent=1200)
    services.milestone_add(project=project, actor=staff_user, title="完成招标", planned_on=datetime.date(2027, 5, 31))

    phone = page_for(viewport=PHONE)
    phone.goto("/livelihood/")
    phone.get_by_role("link", name=f"{s.year} 年度项目").click()
    expect(phone.locator("progress")).to_have_count(10)
    assert "完成32个小区的设计和招标" in phone.locator("body").inner_text()
    screenshot(phone, "livelihood-phone-progress")
    phone.get_by_role("link", name=f"1. {project.candidate.title}").click()
    expect(phone.locator("h1")).to_have_text(project.candidate.title)
    assert "完成招标" in phone.locator("body").inner_text()
    screenshot(phone, "livelihood-phone-project")
    phone.goto(f"/livelihood/{s.year}/")
    phone.get_by_role("link", name="票决结果公告", exact=True).click()
    expect(phone.locator("tbody tr")).to_have_count(12)
    screenshot(phone, "livelihood-phone-result")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone


def test_staff_carry_a_不满意_project_into_next_years_supervision_from_its_page(page_for, screenshot, staff_user,
                                                                               unit):
    from tests.supervision.helpers import committee, open_plan

    s = closed_solicitation(timezone.localdate())
    candidate = add_candidates(s, staff_user, unit, ["社区卫生服务中心标准化建设"])[0]
    project = ChosenProject.objects.create(candidate=candidate, rank=1, approvals=80, evaluation="unsatisfied",
                                           carry_over=True, evaluated_at=timezone.now())
    s.result_taken_at = timezone.now()
    s.save()
    open_plan(year=s.year + 1)
    owner = committee(name="教育科学文化卫生工作委员会", short="教科文卫工委")
    staff = page_for()
    login(staff, staff_user.username, PASSWORD)
    staff.goto(f"/livelihood/projects/{project.pk}/")
    form = staff.locator("#carry-over-form")
    form.get_by_label("牵头委员会").select_option(str(owner.pk))
    with staff.expect_navigation():
        form.get_by_role("button", name="转入下年度监督").click()
    expect(staff.locator("body")).to_contain_text("该项目已转入")
    expect(staff.locator("#carry-over-form")).to_have_count(0)
    screenshot(staff, "livelihood-carry-over")
    link = staff.get_by_role("link", name="社区卫生服务中心标准化建设", exact=False).last
    with staff.expect_navigation():
        link.click()
    expect(staff.locator("h1")).to_contain_text("跟踪监督")
    expect(staff.locator("body")).to_contain_text("来自年终测评“不满意”的民生实事项目")
    project.refresh_from_db()
    assert project.supervision_item.plan.year == s.year + 1

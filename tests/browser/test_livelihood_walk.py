"""Livelihood projects end to end in Chromium (群众提、代表定、政府办、人大评, issue 15's "done when"): a citizen
proposes a project on a phone and keeps the tracking code; staff screen it into a candidate; the standing
committee's approval of the list is recorded; the deputies vote on phones (one tries a third approval of two
places and is refused in Chinese; receipts); staff enter a paper ballot (a total that does not reconcile is
refused first); a tie at the cut goes to a run-off; the result page and PDF; the public progress page on a
phone; the unit reports progress and marks a milestone reached; the deputies evaluate at year end. Every page:
no CSP violation, no serious axe issue. Screenshots in tests/test-artifacts/livelihood-walk-*.png."""

import datetime
import re
import subprocess

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from congress_portal.meetings import services as votes
from congress_portal.meetings.models import Poll
from supervision.livelihood import services
from supervision.livelihood.models import ChosenProject, ProjectProposal, Solicitation
from tests import factories
from tests.browser_fixtures import login
from tests.factories import PASSWORD
from tests.livelihood.helpers import add_candidates, open_solicitation, plenary_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
OTHERS = ["既有住宅加装电梯", "口袋公园建设", "背街小巷路面修复"]


def _answer_challenge(page):
    label = page.locator("label[for=id_challenge]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", label)[:2])
    page.fill("#id_challenge", str(a + b))


def _click(page, locator):
    """A click that loads a page: wait for it before reading the next one."""
    with page.expect_navigation():
        locator.click()


def _admin_action(page, changelist, row_text, action_label):
    page.goto(changelist)
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.select_option("select[name=action]", label=action_label)
    _click(page, page.locator("button[name=index]"))


def _vote(page, titles, *, poll_title):
    """A deputy on a phone opens the vote from the workbench, ticks `titles`, confirms and casts."""
    page.goto("/")
    _click(page, page.get_by_role("link", name=poll_title).first)
    for title in titles:
        page.locator("label.vote-option", has_text=title).click()
    _click(page, page.get_by_role("button", name="下一步：核对我的选择"))
    _click(page, page.get_by_role("button", name="投出选票"))
    expect(page.locator("body")).to_contain_text("您的票已投出")


def test_livelihood_projects_walk(page_for, screenshot, staff_user, unit_officer, unit):
    today = timezone.localdate()
    year = today.year + 1
    s = open_solicitation(today, places=2, year=year)
    session, deputies = plenary_session(factories.TermFactory(), 3)
    staff_user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["livelihood", "meetings"]))

    # 群众提: a citizen proposes on a phone and keeps the tracking code.
    citizen = page_for(viewport=PHONE)
    citizen.goto("/livelihood/")
    _click(citizen, citizen.get_by_role("link", name="我要建议项目"))
    citizen.fill("#id_text", "建议为南湖街道的老旧小区建设社区幸福食堂，解决独居老人吃饭难的问题。")
    citizen.fill("#id_proposer_name", "刘阿姨")
    _answer_challenge(citizen)
    screenshot(citizen, "livelihood-walk-1-propose-phone")
    _click(citizen, citizen.locator("main button[type=submit]"))
    code = citizen.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(citizen, "livelihood-walk-2-tracking-code-phone")
    proposal = ProjectProposal.objects.get()

    # The solicitation has run its course (at least 30 days); staff screen the proposal into a candidate.
    Solicitation.objects.filter(pk=s.pk).update(opens_on=today - datetime.timedelta(days=40),
                                                closes_on=today - datetime.timedelta(days=1), session=session,
                                                evaluation_session=session)
    add_candidates(s, staff_user, unit, OTHERS)
    staff = page_for()
    login(staff, staff_user.username, PASSWORD)
    staff.goto("/admin/livelihood/candidateproject/add/")
    staff.select_option("#id_solicitation", str(s.pk))
    staff.fill("#id_title", "社区幸福食堂")
    staff.fill("#id_description", "在南湖街道新建3家社区幸福食堂，为60岁以上老人提供助餐服务。")
    staff.fill("#id_budget", "380")
    staff.select_option("#id_unit", str(unit.pk))
    staff.fill("#id_expected_completion", f"{year}-11-30")
    staff.select_option("#id_proposals", str(proposal.pk))
    screenshot(staff, "livelihood-walk-3-screen-candidate")
    _click(staff, staff.locator("input[name=_save]"))
    expect(staff.locator(".messagelist")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    citizen.goto(f"/livelihood/track/?code={code}")
    assert "社区幸福食堂" in citizen.locator("main").inner_text()

    # The standing committee approves the list; staff create the plenary ballot and open it.
    _admin_action(staff, "/admin/livelihood/solicitation/", str(year), "通过候选项目清单（常委会审议）")
    expect(staff.locator(".messagelist")).to_contain_text("候选项目清单已通过")
    _admin_action(staff, "/admin/livelihood/solicitation/", str(year), "生成大会票决表决（差额票决）")
    s.refresh_from_db()
    assert s.approved_at and s.poll_id
    for d in deputies:
        votes.attendance_record(forum=session, user=d, status="present", actor=staff_user)
    staff.goto(f"/meetings/polls/{s.poll_id}/progress/")
    _click(staff, staff.get_by_role("button", name="开始表决"))
    poll = Poll.objects.get(pk=s.poll_id)
    assert poll.state == "open"

    # 代表定: two deputies vote on phones; the first tries a third approval of two places.
    phones = {}
    for d in deputies[:2]:
        phones[d.username] = page_for(viewport=PHONE)
        login(phones[d.username], d.username, PASSWORD)
    first = phones[deputies[0].username]
    first.goto("/")
    _click(first, first.get_by_role("link", name=poll.title).first)
    boxes = first.locator("label.vote-option")
    expect(boxes).to_have_count(4)
    for title in ["社区幸福食堂", OTHERS[0], OTHERS[1]]:
        first.locator("label.vote-option", has_text=title).click()
    expect(first.locator("#vote-over")).to_be_visible()
    expect(first.locator("#vote-over")).to_contain_text("超过 2 项")
    expect(first.get_by_role("button", name="下一步：核对我的选择")).to_be_disabled()
    screenshot(first, "livelihood-walk-4-third-approval-refused-phone")
    first.locator("label.vote-option", has_text=OTHERS[1]).click()
    _click(first, first.get_by_role("button", name="下一步：核对我的选择"))
    _click(first, first.get_by_role("button", name="投出选票"))
    expect(first.locator("body")).to_contain_text("您的票已投出")
    screenshot(first, "livelihood-walk-5-receipt-phone")
    _vote(phones[deputies[1].username], ["社区幸福食堂", OTHERS[1]], poll_title=poll.title)

    # The third deputy votes on paper: staff enter the totals; a total that does not reconcile is refused.
    staff.goto(f"/meetings/polls/{poll.pk}/paper/")
    staff.get_by_label(deputies[2].real_name).check()
    for label, n in (("发出票数", "1"), ("有效票数", "2"), ("无效票数", "0"), ("未收回票数", "0")):
        staff.get_by_label(label).fill(n)
    staff.get_by_label(re.compile("^社区幸福食堂：")).fill("1")
    _click(staff, staff.get_by_role("button", name="保存"))
    refused = staff.locator("main").inner_text()
    assert "发出" in refused and staff.locator(".alert-danger, .invalid-feedback").count() >= 1
    screenshot(staff, "livelihood-walk-6-paper-not-reconciled")
    staff.get_by_label(deputies[2].real_name).check()
    for label, n in (("发出票数", "1"), ("有效票数", "1"), ("无效票数", "0"), ("未收回票数", "0")):
        staff.get_by_label(label).fill(n)
    staff.get_by_label(re.compile("^社区幸福食堂：")).fill("1")
    _click(staff, staff.get_by_role("button", name="保存"))
    expect(staff.locator("body")).to_contain_text("纸质票已登记")

    # Close: 社区幸福食堂 3, 加装电梯 1, 口袋公园 1: a tie at the cut goes to a run-off between the tied.
    staff.goto(f"/meetings/polls/{poll.pk}/progress/")
    _click(staff, staff.get_by_role("button", name="结束表决并计票"))
    staff.goto(f"/meetings/polls/{poll.pk}/progress/")
    _click(staff, staff.get_by_role("button", name="建立另行表决"))
    runoff = Poll.objects.get(runoff_of=poll)
    assert sorted(runoff.options.values_list("subject", flat=True)) == sorted(OTHERS[:2])
    _click(staff, staff.get_by_role("button", name="开始表决"))
    for d in deputies[:2]:
        _vote(phones[d.username], [OTHERS[1]], poll_title=runoff.title)
    staff.goto(f"/meetings/polls/{runoff.pk}/progress/")
    _click(staff, staff.get_by_role("button", name="结束表决并计票"))
    _admin_action(staff, "/admin/livelihood/solicitation/", str(year), "按票决结果确定民生实事项目")
    chosen = list(ChosenProject.objects.order_by("rank").values_list("candidate__title", flat=True))
    assert chosen == ["社区幸福食堂", OTHERS[1]]

    # The result page and its PDF, on a phone.
    citizen.goto(f"/livelihood/{year}/result/")
    expect(citizen.locator("tbody tr")).to_have_count(4)
    assert "另行" in citizen.locator("main").inner_text()
    screenshot(citizen, "livelihood-walk-7-result-phone")
    pdf = citizen.request.get(f"/livelihood/{year}/result.pdf")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True,
                          check=True).stdout.decode()
    assert "社区幸福食堂" in text and "公告" in text

    # 政府办: the unit reports progress and marks a milestone reached from its workbench.
    project = ChosenProject.objects.get(rank=1)
    services.milestone_add(project=project, actor=staff_user, title="完成食堂选址和设计", planned_on=today)
    services.milestone_add(project=project, actor=staff_user, title="三家食堂开业", planned_on=datetime.date(year, 11, 30))
    officer = page_for(viewport=PHONE)
    login(officer, unit_officer.username, PASSWORD)
    officer.goto("/")
    _click(officer, officer.get_by_role("link", name=re.compile("社区幸福食堂")))
    officer.fill("#id_progress", "30")
    officer.fill("#id_text", "已完成三处食堂的选址，设计方案通过评审，其中一处已进场施工。")
    _click(officer, officer.get_by_role("button", name="提交进展报告"))
    expect(officer.locator("body")).to_contain_text("报告已在进展页面公开")
    officer.goto(f"/livelihood/projects/{project.pk}/report/")
    officer.select_option("#id_milestone-milestone", label=f"完成食堂选址和设计 · {today:%Y-%m-%d}")
    officer.fill("#id_milestone-done_on", today.isoformat())
    officer.fill("#id_milestone-note", "三处选址均已确定，设计方案经街道和居民代表评审通过。")
    screenshot(officer, "livelihood-walk-8-mark-milestone-phone")
    _click(officer, officer.get_by_role("button", name="标记为已完成"))
    expect(officer.locator("body")).to_contain_text("节点已标记为完成")
    project.refresh_from_db()
    assert project.progress == 50  # one of two milestones reached: more than the 30% reported

    citizen.goto("/livelihood/")
    _click(citizen, citizen.get_by_role("link", name=f"{year} 年度项目"))
    expect(citizen.locator("progress")).to_have_count(2)
    assert "选址" in citizen.locator("main").inner_text()
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(citizen, "livelihood-walk-9-progress-phone")

    # 人大评: at year end the deputies vote satisfaction per project; staff publish.
    _admin_action(staff, "/admin/livelihood/solicitation/", str(year), "创建年终满意度测评（每个项目一项）")
    evaluation_polls = list(Poll.objects.filter(pk__in=ChosenProject.objects.values("evaluation_poll")))
    assert len(evaluation_polls) == 2
    for p in evaluation_polls:
        staff.goto(f"/meetings/polls/{p.pk}/progress/")
        _click(staff, staff.get_by_role("button", name="开始表决"))
    for d in deputies[:2]:
        phone = phones[d.username]
        for p in evaluation_polls:
            phone.goto("/")
            _click(phone, phone.get_by_role("link", name=p.title).first)
            phone.get_by_label("满意", exact=True).check()
            _click(phone, phone.get_by_role("button", name="下一步：核对我的选择"))
            _click(phone, phone.get_by_role("button", name="投出选票"))
    for p in evaluation_polls:
        staff.goto(f"/meetings/polls/{p.pk}/progress/")
        _click(staff, staff.get_by_role("button", name="结束表决并计票"))
    _admin_action(staff, "/admin/livelihood/solicitation/", str(year), "公布年终测评结果")
    assert set(ChosenProject.objects.values_list("evaluation", flat=True)) == {"satisfied"}
    citizen.goto(f"/livelihood/{year}/")
    expect(citizen.locator(".verdict-satisfied")).to_have_count(2)
    screenshot(citizen, "livelihood-walk-10-evaluated-phone")

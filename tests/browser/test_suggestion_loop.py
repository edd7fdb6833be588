"""The whole loop of a suggestion in a real browser: 提、交、办、督、评, one screenshot per step.

Deputies on a phone-sized screen, staff in the admin, units on a desktop.
"""

import datetime

import pytest
from django.utils import timezone

from proposals.models import Commitment, Status, Suggestion
from tests.browser_fixtures import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _submit(page):
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")


def _assert_no_error(page):
    errors = page.locator(".alert-danger, .errorlist, .invalid-feedback")
    assert errors.count() == 0, errors.all_inner_texts()


def test_suggestion_loop(page_for, screenshot, cast, unit, other_unit):
    deputy = page_for(viewport=PHONE)
    login(deputy, "deputy", PASSWORD)
    cosigner = page_for(viewport=PHONE)
    login(cosigner, "deputy2", PASSWORD)
    staff = page_for()
    login(staff, "staff", PASSWORD)
    lead = page_for()
    login(lead, "unit", PASSWORD)
    co = page_for()
    login(co, "unit2", PASSWORD)

    # 提: the deputy drafts on the phone, invites a co-signer, who confirms; then submits.
    deputy.goto("/proposals/new/")
    deputy.fill("input[name=title]", "关于在积玉桥街老旧小区增设公共停车位的建议")
    deputy.select_option("select[name=category]", "urban")
    deputy.fill("textarea[name=background]", "积玉桥街老旧小区建成于上世纪九十年代，夜间车辆占道停放，消防通道常被堵塞。")
    deputy.fill("textarea[name=proposal]", "一、利用闲置地块建设立体停车场；二、推行错时共享停车。")
    deputy.click("button[name=save]")
    deputy.wait_for_load_state("networkidle")
    s = Suggestion.objects.get()
    assert s.status == Status.DRAFT
    deputy.select_option("form[action$='/cosigners/'] select", label="刘芳")
    deputy.click("form[action$='/cosigners/'] button[type=submit]")
    deputy.wait_for_load_state("networkidle")
    screenshot(deputy, "suggestion-01-deputy-draft-phone")

    cosigner.goto(f"/proposals/{s.pk}/")
    cosigner.click("form[action$='/cosign/'] button.btn-success")
    cosigner.wait_for_load_state("networkidle")
    assert s.cosigners.get().state == "confirmed"
    screenshot(cosigner, "suggestion-02-cosigner-confirms-phone")

    deputy.goto(f"/proposals/{s.pk}/edit/")
    deputy.click("button[name=submit]")
    deputy.wait_for_load_state("networkidle")
    assert Suggestion.objects.get(pk=s.pk).status == Status.SUBMITTED
    screenshot(deputy, "suggestion-03-deputy-submitted-phone")

    # 阅看 and 交: staff register in the admin pre-review page, then assign a lead and a co-unit.
    staff.goto(f"/admin/proposals/suggestion/{s.pk}/move/prereview/")
    for name in ("lawful", "single_matter", "feasible"):
        staff.check(f"input[name={name}]")
    screenshot(staff, "suggestion-04-staff-prereview")
    staff.click("button[value=register]")
    staff.wait_for_load_state("networkidle")
    assert Suggestion.objects.get(pk=s.pk).status == Status.REGISTERED
    staff.goto(f"/admin/proposals/suggestion/{s.pk}/move/assign/")
    staff.select_option("select[name=lead_unit]", label=unit.name)
    # The co-units are the admin's two-box selector: filter by name, pick, move it across.
    staff.fill("#id_co_units_input", other_unit.name)
    staff.select_option("#id_co_units_from", label=other_unit.name)
    staff.click("#id_co_units_add")
    assert staff.locator("#id_co_units_to option").all_inner_texts() == [other_unit.name]
    staff.click("input[type=submit].default")
    staff.wait_for_load_state("networkidle")
    assert Suggestion.objects.get(pk=s.pk).status == Status.ASSIGNED
    screenshot(staff, "suggestion-05-staff-assigned")

    # 办: the co-unit sends its opinion; the lead unit accepts, logs a contact and replies B with a commitment.
    co.goto(f"/proposals/{s.pk}/co-opinion/")
    co.fill("textarea[name=text]", "我局同意在规划中预留停车用地，配合做好审批。")
    _submit(co)
    _assert_no_error(co)
    screenshot(co, "suggestion-06-co-unit-opinion")

    lead.goto("/proposals/unit/")
    screenshot(lead, "suggestion-07-unit-workbench")
    lead.goto(f"/proposals/{s.pk}/")
    lead.click("form[action$='/act/accept/'] button")
    lead.wait_for_load_state("networkidle")
    assert Suggestion.objects.get(pk=s.pk).status == Status.HANDLING
    lead.goto(f"/proposals/{s.pk}/contact/")
    lead.select_option("select[name=way]", "visit")
    lead.fill("textarea[name=content]", "上门走访张伟代表，现场查看小区停车情况。")
    _submit(lead)
    _assert_no_error(lead)
    assert s.contacts.count() == 1, lead.url

    def reply(result_class, text, commitment=None, letters=2):
        lead.goto(f"/proposals/{s.pk}/reply/")
        lead.check(f"input[name=result_class][value={result_class}]")
        lead.fill("textarea[name=text]", text)
        lead.fill("input[name=signer]", "赵建华")
        lead.fill("input[name=contact_person]", "陈磊")
        lead.fill("input[name=contact_phone]", "027-88886666")
        if commitment:
            lead.fill("input[name=c-0-content]", commitment)
            lead.fill("input[name=c-0-due_date]", (timezone.localdate() + datetime.timedelta(days=120)).isoformat())
            lead.fill("input[name=c-0-responsible]", "规划建设科")
        _submit(lead)  # 预览答复函: the letter as the deputy will read it, not sent yet
        _assert_no_error(lead)
        assert lead.locator("#letter-preview .letterhead").inner_text() == "武昌区住房和城市更新局"
        screenshot(lead, f"suggestion-08-unit-reply-preview-{result_class}")
        lead.click("button[name=confirm]")
        lead.wait_for_load_state("networkidle")
        _assert_no_error(lead)
        assert lead.locator("#letters a").count() == letters  # its notice and its reply letter of each round

    reply("B", "您提出的建议收悉。我局已将积玉桥街立体停车场列入明年城市更新计划，目前正在开展选址论证和方案设计，"
               "计划明年年底前建成并投入使用，届时将新增停车位约二百个。", commitment="建成积玉桥街立体停车场（200个车位）")
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED
    screenshot(lead, "suggestion-08-unit-replied")

    # 评: the deputy rates 不满意 on the phone; the unit re-handles and replies again.
    def rate(result, comment):
        deputy.goto(f"/proposals/{s.pk}/evaluate/")
        deputy.check("input[name=attitude][value=satisfied]")
        deputy.check(f"input[name=result][value={result}]")
        deputy.fill("textarea[name=comment]", comment)
        _submit(deputy)
        _assert_no_error(deputy)

    rate("dissatisfied", "时间表不具体，希望明确开工时间。")
    # 不满意 sends it back: the page asks first, and nothing is recorded until the deputy confirms.
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED
    assert deputy.locator("#confirm-rehandling").is_visible()
    screenshot(deputy, "suggestion-09a-deputy-confirms-dissatisfied-phone")
    deputy.click("#confirm-rehandling button[type=submit]")
    deputy.wait_for_load_state()
    _assert_no_error(deputy)
    s = Suggestion.objects.get(pk=s.pk)
    assert (s.status, s.round) == (Status.REHANDLING, 2)
    screenshot(deputy, "suggestion-09-deputy-dissatisfied-phone")

    reply("A", "经重新研究，停车场已于本月开工，预计明年6月建成，错时共享停车已在3个单位试行，周边居民夜间停车难问题"
               "已明显缓解，我们将继续跟踪并向您报告进展。", letters=3)
    assert Suggestion.objects.get(pk=s.pk).status == Status.REPLIED
    screenshot(lead, "suggestion-10-unit-rehandled")

    rate("satisfied", "")
    assert Suggestion.objects.get(pk=s.pk).status == Status.EVALUATED

    # 办结 by staff; the unit reports the commitment kept; the deputy sees it.
    staff.goto(f"/admin/proposals/suggestion/{s.pk}/move/close/")
    staff.click("input[type=submit].default")
    staff.wait_for_load_state("networkidle")
    assert Suggestion.objects.get(pk=s.pk).status == Status.CLOSED
    screenshot(staff, "suggestion-11-staff-closed")

    commitment = Commitment.objects.get()
    lead.goto(f"/proposals/commitments/{commitment.pk}/report/")
    lead.fill("textarea[name=note]", "立体停车场已建成投用，新增车位200个。")
    lead.check("input[name=fulfilled]")
    _submit(lead)
    _assert_no_error(lead)
    commitment.refresh_from_db()
    assert commitment.fulfilled_at is not None

    deputy.goto(f"/proposals/{s.pk}/")
    assert deputy.locator("#commitments .badge.text-bg-success").count() == 1
    screenshot(deputy, "suggestion-12-deputy-sees-commitment-kept-phone")
    deputy.goto("/proposals/")
    screenshot(deputy, "suggestion-13-deputy-list-phone")

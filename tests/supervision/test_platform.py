"""What the platform shows of the plan: the reminder sweep's deadlines, the dashboard section, the
workbench cards, the audit names."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congress_portal.dashboard import sections
from congress_portal.notifications import services as notifications
from congress_portal.notifications.models import Delivery
from supervision import services
from supervision.models import FilingReview, Kind, Stage, SupervisionItem
from tests.conftest import client_for

from .helpers import committee, item, meeting, open_plan

pytestmark = pytest.mark.django_db


def who(kind, at):
    before = set(Delivery.objects.values_list("pk", flat=True))
    notifications.sweep(at)
    return {d.recipient.username: d.milestone for d in Delivery.objects.filter(kind=kind, channel="in_app")
            .exclude(pk__in=before).select_related("recipient")}


def test_the_report_is_due_20_10_and_7_days_before_the_meeting(cast, unit, other_unit):
    m = meeting(days_ahead=60)
    it = item(cast["staff"], units=[unit], meeting_=m)
    at = m.date - datetime.timedelta(days=21)  # one day before the committee's date: the "1 day" reminder
    assert who("report_to_committee", at) == {"unit": "before:1", "staff": "before:1"}
    assert who("report_to_committee", m.date - datetime.timedelta(days=19)) == {"unit": "overdue", "staff": "overdue"}
    # received: that reminder stops; the standing committee's step (10 days before) continues
    SupervisionItem.objects.filter(pk=it.pk).update(stage=Stage.REPORT, report_to_committee_on=at)
    assert who("report_to_committee", m.date - datetime.timedelta(days=18)) == {}
    assert who("report_to_standing_committee", m.date - datetime.timedelta(days=11)) == {
        "unit": "before:1", "staff": "before:1"}
    assert who("report_to_members", m.date - datetime.timedelta(days=7)) == {"unit": "due", "staff": "due"}
    services.report_delivered(item=it, actor=cast["staff"], step="report_to_members", on=timezone.localdate())
    assert who("report_to_members", m.date - datetime.timedelta(days=6)) == {}


def test_the_filing_review_clocks_remind_the_issuing_body(cast, unit):
    it = item(cast["staff"], kind=Kind.FILING_REVIEW, title="区政府规范性文件备案审查")
    published = datetime.date(2026, 3, 2)
    filing = FilingReview.objects.create(item=it, document_title="关于加强物业管理的若干规定",
                                         issuing_unit=unit, published_on=published)
    assert who("filing_review", published + datetime.timedelta(days=29)) == {"unit": "before:1", "staff": "before:1"}
    filing.filed_on = published + datetime.timedelta(days=20)
    filing.save()
    form_due = filing.filed_on + datetime.timedelta(days=10)
    assert who("filing_form_check", form_due) == {"unit": "due", "staff": "due"}
    review_due = datetime.date(2026, 6, 22)
    assert [c[2] for c in filing.clocks() if c[0] == "filing_review_period"] == [review_due]
    filing.review_extended = True
    filing.save()
    assert [c[2] for c in filing.clocks() if c[0] == "filing_review_period"] == [datetime.date(2026, 9, 22)]
    assert who("filing_review_period", datetime.date(2026, 9, 21)) == {"unit": "before:1", "staff": "before:1"}


def test_the_dashboard_section_counts_the_year_and_drills_down(staff_user, unit):
    plan = open_plan(year=2027)
    services.topic_submit(plan=plan, text="建议监督养老服务")
    topic = services.topic_submit(plan=plan, text="建议监督食品安全")
    it = item(staff_user, plan=plan, units=[unit], meeting_=meeting(days_ahead=5))
    services.topic_accept(topic=topic, actor=staff_user, item=it)
    item(staff_user, plan=plan, kind=Kind.APPRAISAL, title="对区法院开展工作评议")
    section = next(s for s in sections.year_sections(2027) if s.code == "supervision")
    assert section.figure("items").value == 2 and section.figure("topics_received").value == 2
    assert section.figure("topics_accepted").value == 1 and section.figure("report_overdue").value == 1
    assert section.figure("report_overdue").url == reverse("supervision:items") + "?year=2027&overdue=on"
    chart = next(c for c in section.charts if c.key == "by_stage")
    assert chart.series[0][1][0] == 2


def test_the_dashboard_section_has_a_fixed_number_of_queries(staff_user, django_assert_num_queries):
    provider = next(p for p in sections.providers() if p.code == "supervision")
    # Items of both years with their overdue ones, topics of both years, the report deadline's setting.
    with django_assert_num_queries(3):
        provider.build(2027)
    for i in range(5):
        item(staff_user, title=f"事项{i}", meeting_=meeting(number=40 + i))
    with django_assert_num_queries(3):
        provider.build(2027)


def test_both_years_in_three_queries_equal_each_year_counted_alone(staff_user, unit):
    from supervision import selectors
    from supervision.providers import two_years_figures

    for year in (2026, 2027):
        plan = open_plan(year=year)
        services.topic_submit(plan=plan, text="建议监督养老服务")
        topic = services.topic_submit(plan=plan, text="建议监督食品安全")
        it = item(staff_user, plan=plan, units=[unit], meeting_=meeting(days_ahead=5, number=year))
        services.topic_accept(topic=topic, actor=staff_user, item=it)
        item(staff_user, plan=plan, kind=Kind.APPRAISAL, title=f"对区法院开展工作评议{year}")
        if year == 2027:
            item(staff_user, plan=plan, kind=Kind.LAW_INSPECTION, title="执法检查")
    now, before = two_years_figures(2027)
    assert now == selectors.year_figures(2027) and before == selectors.year_figures(2026)
    assert now["total"] == 3 and before["total"] == 2 and now["overdue"] == 1


def test_the_unit_workbench_card_lists_only_its_own_items(client, cast, unit, other_unit):
    mine = item(cast["staff"], units=[unit], title="听取区住更局工作报告")
    item(cast["staff"], units=[other_unit], title="听取区城管执法局工作报告")
    client_for(client, cast["unit_officer"])
    page = client.get("/", follow=True).content.decode()
    assert "对本单位的监督" in page and mine.title in page and "区城管执法局工作报告" not in page
    assert reverse("supervision:item", args=[mine.pk]) in page
    client_for(client, cast["staff"])
    assert reverse("supervision:items") in client.get("/", follow=True).content.decode()

import datetime

from django.utils import timezone

from congress_portal.meetings.models import StandingCommitteeMeeting
from congress_portal.organization.models import Committee
from supervision import services
from supervision.models import Kind, SupervisionPlan
from tests import factories

YEAR = 2027


def committee(name="财政经济工作委员会", short="财经工委", order=1):
    return factories.CommitteeFactory(name=name, short_name=short, kind=Committee.Kind.WORKING, sort_order=order)


def meeting(days_ahead=30, number=30):
    term = factories.TermFactory()
    return StandingCommitteeMeeting.objects.create(
        term=term, number=number, date=timezone.localdate() + datetime.timedelta(days=days_ahead), place="第一会议室")


def open_plan(year=YEAR):
    today = timezone.localdate()
    return SupervisionPlan.objects.create(year=year, title=f"{year}年度监督工作计划",
                                          topics_open_on=today - datetime.timedelta(days=5),
                                          topics_close_on=today + datetime.timedelta(days=25))


def item(staff, *, plan=None, year=YEAR, kind=Kind.WORK_REPORT, title="听取和审议区政府关于老旧小区改造工作情况的报告",
         units=(), owner=None, meeting_=None):
    return services.item_create(actor=staff, plan=plan, year=None if plan else year, kind=kind, title=title,
                                committee=owner or committee(), target_units=units, meeting=meeting_)


def published_plan(staff, units=(), year=YEAR):
    plan = open_plan(year)
    item(staff, plan=plan, units=units)
    services.plan_approve(plan=plan, actor=staff, approved_on=timezone.localdate(), record="第十六届主任会议第12次会议")
    services.plan_publish(plan=plan, actor=staff)
    return plan

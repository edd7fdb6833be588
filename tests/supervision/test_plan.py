"""The plan: topics from the public, accepted or declined with a reason, approved, then published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from supervision import services
from supervision.models import Kind, Stage, TopicProposal

from .helpers import committee, item, open_plan

pytestmark = pytest.mark.django_db


def test_a_topic_is_received_with_a_tracking_code_only_while_the_solicitation_is_open(staff_user):
    plan = open_plan()
    topic = services.topic_submit(plan=plan, text="建议监督全区养老服务设施建设情况", proposer_name="李先生")
    assert topic.status == TopicProposal.Status.RECEIVED and len(topic.tracking_code) == 16
    with pytest.raises(ValidationError):
        services.topic_submit(plan=plan, text="短")
    with pytest.raises(services.SupervisionError, match="征集"):
        services.topic_submit(plan=plan, text="建议监督背街小巷整治", today=plan.topics_close_on + datetime.timedelta(days=1))


def test_staff_accept_a_topic_as_a_new_item_or_into_an_existing_one(staff_user, deputy_user, unit):
    plan = open_plan()
    owner = committee()
    first = services.topic_submit(plan=plan, text="建议监督养老服务设施建设", user=deputy_user)
    assert first.proposer == deputy_user
    services.topic_accept(topic=first, actor=staff_user, kind=Kind.WORK_REPORT, title="听取养老服务工作报告",
                          committee=owner, target_units=[unit])
    first.refresh_from_db()
    assert first.status == TopicProposal.Status.ACCEPTED and first.item.plan == plan
    assert first.item.stage == Stage.TOPIC
    second = services.topic_submit(plan=plan, text="养老机构的消防安全")
    services.topic_accept(topic=second, actor=staff_user, item=first.item)
    assert TopicProposal.objects.get(pk=second.pk).item == first.item
    with pytest.raises(services.SupervisionError, match="已"):
        services.topic_decline(topic=second, actor=staff_user, reason="重复")


def test_declining_needs_a_reason_and_staff(staff_user, unit_officer):
    plan = open_plan()
    topic = services.topic_submit(plan=plan, text="建议监督某小区物业收费")
    with pytest.raises(ValidationError):
        services.topic_decline(topic=topic, actor=staff_user, reason="  ")
    with pytest.raises(services.SupervisionError, match="工作人员"):
        services.topic_decline(topic=topic, actor=unit_officer, reason="个案")
    assert TopicProposal.objects.get(pk=topic.pk).status == TopicProposal.Status.RECEIVED
    services.topic_decline(topic=topic, actor=staff_user, reason="属于个案信访，已转区信访局办理")
    topic.refresh_from_db()
    assert topic.status == TopicProposal.Status.DECLINED and "信访" in topic.decline_reason


def test_the_plan_is_approved_with_its_topics_decided_then_published(staff_user):
    plan = open_plan()
    topic = services.topic_submit(plan=plan, text="建议监督学校周边交通安全")
    with pytest.raises(services.SupervisionError, match="尚无|没有"):
        services.plan_approve(plan=plan, actor=staff_user, approved_on=timezone.localdate(), record="主任会议")
    item(staff_user, plan=plan)
    with pytest.raises(services.SupervisionError, match="1"):
        services.plan_approve(plan=plan, actor=staff_user, approved_on=timezone.localdate(), record="主任会议")
    with pytest.raises(services.SupervisionError):
        services.plan_publish(plan=plan, actor=staff_user)
    services.topic_decline(topic=topic, actor=staff_user, reason="已列入区政府年度重点工作")
    services.plan_approve(plan=plan, actor=staff_user, approved_on=timezone.localdate(), record="第12次主任会议")
    services.plan_publish(plan=plan, actor=staff_user)
    plan.refresh_from_db()
    assert plan.published_at and plan.approval_record == "第12次主任会议"
    with pytest.raises(services.SupervisionError):
        services.item_create(actor=staff_user, plan=plan, kind=Kind.RESEARCH, title="调研", committee=committee())

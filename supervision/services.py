"""Every write of the supervision plan and items: one function per move, each locked, checked against the
table, audited and all-or-nothing. A refused move raises SupervisionError (its message is for the user,
in their language) and changes nothing."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.accounts.permissions import is_staff_member
from congress_portal.audit.services import audit_record
from congress_portal.meetings.models import AgendaItem

from . import workflow
from .models import Kind, Stage, SupervisionItem, SupervisionPlan, TopicProposal
from .permissions import can_set_targets
from .selectors import opinion_issued


class SupervisionError(Exception):
    """A move refused, with the reason in the user's language; nothing was recorded."""


def _require_staff(actor):
    if not is_staff_member(actor):
        raise SupervisionError(_("Only committee staff can do this."))


def _lock_plan(plan):
    return SupervisionPlan.objects.select_for_update().get(pk=plan.pk)


# --- the plan and its topics ---------------------------------------------------------------

@transaction.atomic
def topic_submit(*, plan, text, proposer_name="", proposer_phone="", user=None, today=None):
    """Anyone (or a signed-in deputy, as themself) proposes a topic while the plan's solicitation is open;
    -> the topic with its tracking code."""
    if not plan.topics_open(today):
        raise SupervisionError(_(
            "Topics for the supervision plan of %(year)s are not being collected: the solicitation runs from "
            "%(opens)s to %(closes)s.") % {"year": plan.year, "opens": plan.topics_open_on.isoformat(),
                                           "closes": plan.topics_close_on.isoformat()})
    text = (text or "").strip()
    if len(text) < 5:
        raise ValidationError({"text": _("Describe the topic in at least 5 characters.")})
    topic = TopicProposal.objects.create(
        plan=plan, text=text, proposer_name=(proposer_name or "").strip(),
        proposer_phone=(proposer_phone or "").strip(),
        proposer=user if user is not None and user.is_authenticated else None)
    audit_record(topic, "topic_submit", actor=topic.proposer, to_state=topic.status)
    return topic


def _lock_undecided_topic(topic):
    topic = TopicProposal.objects.select_for_update().select_related("plan").get(pk=topic.pk)
    if topic.status != TopicProposal.Status.RECEIVED:
        raise SupervisionError(_("This topic was already decided: “%(status)s”.") % {
            "status": topic.get_status_display()})
    if topic.plan.published_at:
        raise SupervisionError(_("The plan of %(year)s is published; its topics can no longer change.") % {
            "year": topic.plan.year})
    return topic


@transaction.atomic
def topic_accept(*, topic, actor, item=None, **new_item):
    """Staff take a topic into the plan: linked to an existing item of the plan (`item`) or as a new item
    (`new_item`: kind, title, committee, target_units ...). The proposer sees it with the tracking code."""
    _require_staff(actor)
    topic = _lock_undecided_topic(topic)
    if item is None:
        item = item_create(actor=actor, plan=topic.plan, **new_item)
    elif item.plan_id != topic.plan_id:
        raise ValidationError({"item": _("Choose an item of the plan of %(year)s.") % {"year": topic.plan.year}})
    topic.status, topic.item = TopicProposal.Status.ACCEPTED, item
    topic.decided_at, topic.decided_by = timezone.now(), actor
    topic.save(update_fields=["status", "item", "decided_at", "decided_by"])
    audit_record(topic, "topic_accept", actor=actor, from_state=TopicProposal.Status.RECEIVED,
                 to_state=topic.status, item=item.pk)
    return topic


@transaction.atomic
def topic_decline(*, topic, actor, reason):
    """Staff decline a topic, with a reason the proposer reads on the tracking page."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the proposer will read it.")})
    topic = _lock_undecided_topic(topic)
    topic.status, topic.decline_reason = TopicProposal.Status.DECLINED, reason
    topic.decided_at, topic.decided_by = timezone.now(), actor
    topic.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    audit_record(topic, "topic_decline", actor=actor, from_state=TopicProposal.Status.RECEIVED,
                 to_state=topic.status, comment=reason)
    return topic


@transaction.atomic
def plan_approve(*, plan, actor, approved_on, record):
    """Record the chairs' meeting (主任会议) that approved the plan: its date and which meeting."""
    _require_staff(actor)
    plan = _lock_plan(plan)
    if plan.approved_on:
        raise SupervisionError(_("The plan of %(year)s was already approved on %(date)s.") % {
            "year": plan.year, "date": plan.approved_on.isoformat()})
    record = (record or "").strip()
    if not record:
        raise ValidationError({"record": _("Name the chairs' meeting that approved the plan.")})
    if approved_on is None:
        raise ValidationError({"approved_on": _("Enter the date of the chairs' meeting.")})
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("The chairs' meeting cannot be dated in the future.")})
    if not plan.items.exists():
        raise SupervisionError(_("The plan has no supervision item yet."))
    waiting = plan.topics.filter(status=TopicProposal.Status.RECEIVED).count()
    if waiting:
        raise SupervisionError(_("%(count)s proposed topics are still undecided: accept or decline each first.")
                               % {"count": waiting})
    plan.approved_on, plan.approval_record, plan.approved_by = approved_on, record, actor
    plan.save(update_fields=["approved_on", "approval_record", "approved_by"])
    audit_record(plan, "plan_approve", actor=actor, comment=record, approved_on=approved_on.isoformat())
    return plan


@transaction.atomic
def plan_publish(*, plan, actor):
    """Publish the approved plan: the public page and its PDF appear."""
    _require_staff(actor)
    plan = _lock_plan(plan)
    if not plan.approved_on:
        raise SupervisionError(_("The chairs' meeting has not approved the plan of %(year)s yet.") % {
            "year": plan.year})
    if plan.published_at:
        raise SupervisionError(_("The plan of %(year)s is already published.") % {"year": plan.year})
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at"])
    audit_record(plan, "plan_publish", actor=actor)
    return plan


# --- items -----------------------------------------------------------------------------------

# Stages at which the standing committee has deliberated the item: its meeting is history from then on.
DELIBERATED = (Stage.DELIBERATION, Stage.RECTIFICATION, Stage.FEEDBACK, Stage.CLOSED)

@transaction.atomic
def item_create(*, actor, kind, title, committee, plan=None, year=None, target_units=(), leader=None,
                meeting=None, description=""):
    """A new supervision item at the stage 选题, in a plan (its year) or on its own (`year`)."""
    _require_staff(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of supervision.")})
    if committee is None:
        raise ValidationError({"committee": _("Choose the owning committee.")})
    if plan is not None:
        if plan.published_at:
            raise SupervisionError(_("The plan of %(year)s is published; add items before publishing.") % {
                "year": plan.year})
        year = plan.year
    if not year:
        raise ValidationError({"year": _("Enter the year.")})
    item = SupervisionItem.objects.create(
        year=year, plan=plan, kind=kind, title=title, committee=committee, leader=leader,
        description=(description or "").strip(), stage=Stage.TOPIC, stage_changed_at=timezone.now())
    item.target_units.set(target_units)
    if meeting is not None:
        _schedule(item, meeting)
    audit_record(item, "item_create", actor=actor, to_state=item.stage)
    return item


def _schedule(item, meeting):
    """The item on the meeting's agenda, linked to it (the meetings engine's generic AgendaItem)."""
    agenda_item = AgendaItem.objects.create(
        meeting=meeting, order=meeting.agenda_items.count() + 1, title=item.title[:200],
        content_type=ContentType.objects.get_for_model(SupervisionItem), object_id=str(item.pk))
    item.meeting, item.agenda_item = meeting, agenda_item
    item.save(update_fields=["meeting", "agenda_item"])


def meeting_refusal(item, meeting, *, today=None):
    """Why the item cannot go on `meeting` (its meeting is fixed once deliberated, and a meeting already held
    takes no new items), or None. Shared by the service and the admin form, so the form refuses it on its
    field before anything is saved."""
    if item is not None and item.stage in DELIBERATED:
        return _("The item was already deliberated; its meeting can no longer change.")
    if meeting is not None and meeting.date < (today or timezone.localdate()):
        return _("That meeting was held on %(date)s; choose a meeting still to come.") % {
            "date": meeting.date.isoformat()}
    return None


@transaction.atomic
def item_schedule(*, item, actor, meeting, today=None):
    """Put the item on a standing committee meeting's agenda (before it is deliberated, and before the
    meeting is held)."""
    item = _lock_item(item)
    _require_staff(actor)
    refusal = meeting_refusal(item, meeting, today=today)
    if refusal:
        raise SupervisionError(refusal)
    if item.agenda_item_id:
        AgendaItem.objects.filter(pk=item.agenda_item_id).delete()
    _schedule(item, meeting)
    audit_record(item, "item_schedule", actor=actor, meeting=meeting.pk)
    return item


def targets_errors(item, new_ids, meeting, *, old_ids=None, today=None):
    """{field: message} for a change of the item's target bodies (ids `new_ids`) or meeting that the rules refuse
    (item_set_targets' docstring); empty when it may go ahead. The admin's item form asks it before saving."""
    from .deliberation.models import Issue

    if old_ids is None:
        old_ids = set(item.target_units.values_list("pk", flat=True))
    errors = {}
    if new_ids != old_ids:
        if opinion_issued(item):
            errors["target_units"] = _("The deliberation opinion has been issued to the target bodies; "
                                       "they can no longer change.")
        else:
            named = sorted(set(Issue.objects.filter(opinion__item=item, unit__in=old_ids - new_ids)
                               .values_list("unit__name", flat=True)))
            if named:
                errors["target_units"] = _("%(units)s: the draft deliberation opinion's issue list names "
                                           "them; remove those issues first.") % {"units": "、".join(named)}
    if (meeting.pk if meeting is not None else None) != item.meeting_id:
        refusal = meeting_refusal(item, meeting, today=today)
        if refusal:
            errors["meeting"] = refusal
    return errors


@transaction.atomic
def item_set_targets(*, item, actor, target_units, meeting, version=None, today=None):
    """Staff set the bodies the item supervises (who report and rectify) and the standing committee meeting
    that hears the report (it drives the 20 / 10 / 7-day report clocks). -> True when something changed.

    The bodies stay fixed once a deliberation opinion has been issued (its issue list and rectifications are
    addressed to them), and a body named on a draft opinion's issue list stays until that issue goes. The
    meeting stays fixed once the item was deliberated, and a new meeting cannot be one already held."""
    _require_staff(actor)
    item = _lock_item(item)
    if version not in (None, "") and int(version) != item.version:
        raise SupervisionError(_("This item has changed since you opened it; reload the page."))
    if not can_set_targets(actor, item):
        raise SupervisionError(_("The item is closed; its target bodies and meeting can no longer change."))
    new_ids = {unit.pk for unit in target_units}
    old_ids = set(item.target_units.values_list("pk", flat=True))
    meeting_id = meeting.pk if meeting is not None else None
    errors = targets_errors(item, new_ids, meeting, old_ids=old_ids, today=today)
    if errors:
        raise ValidationError(errors)
    if new_ids == old_ids and meeting_id == item.meeting_id:
        return False
    previous_meeting = item.meeting_id
    if new_ids != old_ids:
        item.target_units.set(new_ids)
    if meeting_id != item.meeting_id:
        if item.agenda_item_id:
            AgendaItem.objects.filter(pk=item.agenda_item_id).delete()
            item.agenda_item = None
        if meeting is not None:
            _schedule(item, meeting)
        else:
            item.meeting = None
    item.version += 1
    item.save(update_fields=["meeting", "agenda_item", "version"])
    audit_record(item, "item_set_targets", actor=actor, units_added=sorted(new_ids - old_ids),
                 units_removed=sorted(old_ids - new_ids), meeting=meeting_id, previous_meeting=previous_meeting)
    return True


def _lock_item(item):
    return SupervisionItem.objects.select_for_update().get(pk=item.pk)


def _checked(move_name, item, actor, version=None):
    """The item locked until the transaction ends, once the table allows `move_name` for `actor`."""
    locked = _lock_item(item)
    if version is not None and int(version) != locked.version:
        raise SupervisionError(_("This item has changed since you opened it; reload the page."))
    reason = workflow.check(move_name, locked, workflow.relations(locked, actor))
    if reason is not None:
        raise SupervisionError(reason)
    return locked


def _finish(item, move_name, actor, fields=(), comment="", data=None):
    """Set the move's stage, save, and append the audit row."""
    from_stage = item.stage
    item.stage = workflow.MOVES[move_name].target
    item.stage_changed_at = timezone.now()
    item.version += 1
    item.save(update_fields=sorted({"stage", "stage_changed_at", "version", *fields}))
    audit_record(item, move_name, actor=actor, from_state=from_stage, to_state=item.stage, comment=comment,
                 **(data or {}))
    return item


@transaction.atomic
def item_organise(*, item, actor, version=None):
    """选题 -> 组织/调研: the work starts (plan of work, inspection groups, visits)."""
    return _finish(_checked("organise", item, actor, version), "organise", actor)


@transaction.atomic
def item_receive_report(*, item, actor, received_on=None, version=None):
    """组织/调研 -> 报告: the body's report (or the inspection / research report) reached the committee."""
    item = _checked("receive_report", item, actor, version)
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The report cannot be received in the future.")})
    item.report_to_committee_on = received_on
    return _finish(item, "receive_report", actor, ["report_to_committee_on"],
                   data={"received_on": received_on.isoformat()})


@transaction.atomic
def item_deliberate(*, item, actor, version=None):
    """报告 -> 审议: the standing committee deliberates it at its meeting (the item must be on an agenda)."""
    item = _checked("deliberate", item, actor, version)
    if item.meeting_id is None:
        raise SupervisionError(_("Put the item on a standing committee meeting's agenda first."))
    return _finish(item, "deliberate", actor)


@transaction.atomic
def item_rectify(*, item, actor, version=None):
    """审议 -> 整改: the deliberation opinions went to the target bodies, who rectify."""
    return _finish(_checked("rectify", item, actor, version), "rectify", actor)


@transaction.atomic
def item_feedback(*, item, actor, comment="", version=None):
    """整改 -> 反馈: the rectification was reported and the committee's feedback recorded."""
    return _finish(_checked("feedback", item, actor, version), "feedback", actor, comment=(comment or "").strip())


@transaction.atomic
def item_close(*, item, actor, comment="", version=None):
    """审议 or 反馈 -> closed."""
    return _finish(_checked("close", item, actor, version), "close", actor, comment=(comment or "").strip())


MOVE_SERVICES = {"organise": item_organise, "receive_report": item_receive_report, "deliberate": item_deliberate,
                 "rectify": item_rectify, "feedback": item_feedback, "close": item_close}

REPORT_STEPS = {"report_to_standing_committee": "report_to_standing_on", "report_to_members": "report_to_members_on"}


@transaction.atomic
def report_delivered(*, item, actor, step, on=None):
    """The report went to the standing committee (10 days before the meeting) or to the members (7 days):
    the reminder for that step stops."""
    _require_staff(actor)
    item = _lock_item(item)
    field = REPORT_STEPS.get(step)
    if field is None:
        raise SupervisionError(_("There is no such step."))
    if item.report_to_committee_on is None:
        raise SupervisionError(_("Record the report received by the committee first."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("A delivery cannot be dated in the future.")})
    setattr(item, field, on)
    item.save(update_fields=[field])
    audit_record(item, step, actor=actor, on=on.isoformat())
    return item

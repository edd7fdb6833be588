"""Every write of the deputies' work: citizens' opinions and their triage, attendance confirmation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.audit.services import audit_record

from . import permissions, suggestions_bridge, workflow
from .models import Attendance, Opinion
from .uploads import save_photo


def opinion_submit(*, text, deputy=None, station=None, photo_jpeg=None, citizen_name="", citizen_phone="",
                   source=None, reception=None):
    """A citizen's opinion enters the pool (anonymous); -> the Opinion with its tracking code."""
    if deputy is None and station is None:
        raise ValueError("an opinion is addressed to a deputy or a station")
    if station is None and deputy is not None:
        station = deputy.station
    if source is None:
        source = Opinion.Source.DEPUTY_CODE if deputy is not None else Opinion.Source.STATION_CODE
    # The file is written before the row: a failed insert leaves an orphan file, never a dangling row.
    photo = save_photo(photo_jpeg) if photo_jpeg else ""
    with transaction.atomic():
        opinion = Opinion.objects.create(
            deputy=deputy, station=station, street=station.street if station else "", text=text, photo=photo,
            citizen_name=citizen_name, citizen_phone=citizen_phone, source=source, reception=reception)
        audit_record(opinion, "submit", to_state=opinion.status)
    return opinion


def _move(opinion_id, action, actor):
    """Lock the opinion and check the move against the table and the actor; -> (opinion, from_state)."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion_id)
    if not permissions.can_see_opinion(actor, opinion) or not permissions.may_act(actor, opinion, action):
        raise PermissionDenied
    if not workflow.can_move(opinion, action):
        raise ValidationError(_("This opinion can no longer be handled this way (it is now: %(status)s).")
                              % {"status": opinion.get_status_display()})
    return opinion, opinion.status


def opinion_answer(*, opinion, actor, answer):
    """Answer the citizen (the deputy, staff, or the unit the opinion was forwarded to)."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError(_("Write the answer to the citizen."))
    with transaction.atomic():
        opinion, before = _move(opinion.pk, "answer", actor)
        opinion.answer = answer
        opinion.answered_at = timezone.now()
        opinion.answered_by = actor
        opinion.status = workflow.target("answer")
        opinion.save(update_fields=["answer", "answered_at", "answered_by", "status", "updated_at"])
        audit_record(opinion, "answer", actor=actor, from_state=before, to_state=opinion.status, comment=answer)
    return opinion


def opinion_forward(*, opinion, actor, unit, comment=""):
    """Forward to a handling unit, which then answers the citizen."""
    if unit is None:
        raise ValidationError(_("Choose the handling unit."))
    with transaction.atomic():
        opinion, before = _move(opinion.pk, "forward", actor)
        opinion.forwarded_unit = unit
        opinion.status = workflow.target("forward")
        opinion.save(update_fields=["forwarded_unit", "status", "updated_at"])
        audit_record(opinion, "forward", actor=actor, from_state=before, to_state=opinion.status, comment=comment,
                     unit=unit.pk)
    return opinion


def opinion_suggest(*, opinion, actor):
    """Turn the opinion into a draft suggestion led by the deputy; both keep the link. -> (opinion, url)."""
    with transaction.atomic():
        opinion, before = _move(opinion.pk, "suggest", actor)
        suggestion_id, url = suggestions_bridge.create_suggestion_from_opinion(opinion, actor)
        opinion.suggestion_id = suggestion_id
        opinion.status = workflow.target("suggest")
        opinion.save(update_fields=["suggestion_id", "status", "updated_at"])
        audit_record(opinion, "suggest", actor=actor, from_state=before, to_state=opinion.status,
                     suggestion=suggestion_id)
    return opinion, url


def opinion_close(*, opinion, actor, comment=""):
    with transaction.atomic():
        opinion, before = _move(opinion.pk, "close", actor)
        opinion.status = workflow.target("close")
        opinion.save(update_fields=["status", "updated_at"])
        audit_record(opinion, "close", actor=actor, from_state=before, to_state=opinion.status, comment=comment)
    return opinion


def attendance_confirm(*, attendance, actor):
    """A deputy confirms their own presence at an activity."""
    with transaction.atomic():
        attendance = Attendance.objects.select_for_update().select_related("activity").get(pk=attendance.pk)
        if not (actor.is_authenticated and actor.deputy_id == attendance.deputy_id):
            raise PermissionDenied
        if attendance.confirmed_at is None:
            if attendance.activity.date < timezone.localdate() and not attendance.can_confirm(timezone.localdate()):
                raise ValidationError(_("Attendance can be confirmed up to %(days)s days after the activity.")
                                      % {"days": Attendance.CONFIRM_DAYS})
            attendance.confirmed_at = timezone.now()
            attendance.attended = True
            attendance.save(update_fields=["confirmed_at", "attended"])
            audit_record(attendance, "confirm", actor=actor)
    return attendance

"""After the vote and around it: the statement on taking office (拟任职发言), the certificate (任命书), the
constitutional oath (宪法宣誓) and the appraisal of appointed officials (履职评议). One function per move;
each refuses in Chinese having saved nothing, and leaves an audit row."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_portal.audit.services import audit_record
from congress_portal.meetings.models import AgendaItem
from congress_portal.organization.models import CommitteeMember

from ..models import (
    OATH_TEXT,
    Appraisal,
    AppraisalResult,
    Certificate,
    CertificateCounter,
    Kind,
    Nominee,
    Oath,
    OathForm,
    OathTaker,
    State,
    Statement,
)
from .motions import AppointmentError, _require_staff

APPOINTING_KINDS = (Kind.APPOINT, Kind.DECIDE)
STATEMENT_STATES = (State.REVIEWED, State.EXAMINED, State.TO_VOTE, State.VOTING)


def _text(value):
    return (value or "").strip()


def _not_future(value):
    return value is not None and value <= timezone.localdate()


# ---- statement on taking office --------------------------------------------------------------------------


@transaction.atomic
def statement_record(*, nominee, actor, made_on, summary, met_members_on=None):
    """拟任职发言 and the meeting with the members, recorded as an item of the meeting's agenda (after the
    motion's own item). Only for a nominee to be appointed who passed the review, before the outcome."""
    _require_staff(actor)
    nominee = Nominee.objects.select_for_update().select_related("motion__meeting").get(pk=nominee.pk)
    if nominee.kind not in APPOINTING_KINDS:
        raise AppointmentError(_("Only a person to be appointed makes a statement on taking office."))
    if nominee.state not in STATEMENT_STATES:
        raise AppointmentError(_("%(nominee)s is now “%(state)s”: the statement is recorded after the "
                                 "qualification review and before the vote's outcome.") % {
                                     "nominee": nominee, "state": nominee.get_state_display()})
    if Statement.objects.filter(nominee=nominee).exists():
        raise AppointmentError(_("The statement of %(nominee)s is already recorded.") % {"nominee": nominee})
    errors = {}
    if not _text(summary):
        errors["summary"] = _("Give a summary of the statement.")
    if made_on is None:
        errors["made_on"] = _("Enter the date of the statement.")
    if met_members_on is not None and made_on is not None and met_members_on > made_on:
        errors["met_members_on"] = _("The meeting with the members comes before or on the day of the statement.")
    if errors:
        raise ValidationError(errors)
    meeting = nominee.motion.meeting
    order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, order=order,
        title=(_("Statement on taking office: %(nominee)s") % {"nominee": nominee})[:200],
        content_type=ContentType.objects.get_for_model(Nominee), object_id=str(nominee.pk))
    statement = Statement.objects.create(nominee=nominee, agenda_item=item, made_on=made_on,
                                         met_members_on=met_members_on, summary=_text(summary), recorded_by=actor)
    audit_record(nominee, "statement_recorded", actor=actor, made_on=str(made_on), agenda_item=item.pk)
    return statement


# ---- certificate ---------------------------------------------------------------------------------------


def chair_of(term):
    """The chair in office of the term (who signs the certificate), or None."""
    return (CommitteeMember.objects.filter(term=term, post=CommitteeMember.Post.CHAIR, left_on__isnull=True)
            .order_by("sort_order", "id").first())


def _next_serial(year):
    """The year's next number, from its counter row locked FOR UPDATE until the issuing transaction ends:
    a second issue waits, then reads the number the first one took; a rollback gives the number back."""
    CertificateCounter.objects.bulk_create([CertificateCounter(year=year)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def certificate_issue(*, nominee, actor, issued_on=None):
    """任命书 of an appointed nominee: the year's next number (never repeated, never skipped), signed with
    the name of the term's chair."""
    _require_staff(actor)
    nominee = Nominee.objects.select_for_update().select_related("motion__meeting__term").get(pk=nominee.pk)
    if nominee.kind not in APPOINTING_KINDS:
        raise AppointmentError(_("A certificate of appointment is issued for an appointment only, not for a "
                                 "%(kind)s.") % {"kind": nominee.get_kind_display()})
    if nominee.state != State.PASSED:
        raise AppointmentError(_("%(nominee)s is “%(state)s”: a certificate is issued only after the vote "
                                 "passed.") % {"nominee": nominee, "state": nominee.get_state_display()})
    if Certificate.objects.filter(nominee=nominee).exists():
        raise AppointmentError(_("The certificate of %(nominee)s is already issued (%(number)s).") % {
            "nominee": nominee, "number": nominee.certificate.number})
    chair = chair_of(nominee.term)
    if chair is None:
        raise AppointmentError(_("The term has no chair in office to sign the certificate: record the chair "
                                 "among the committee members first."))
    issued_on = issued_on or timezone.localdate()
    serial = _next_serial(issued_on.year)
    certificate = Certificate.objects.create(nominee=nominee, year=issued_on.year, serial=serial,
                                             issued_on=issued_on, chair_name=chair.name, issued_by=actor)
    audit_record(nominee, "certificate_issued", actor=actor, number=certificate.number)
    return certificate


# ---- constitutional oath -------------------------------------------------------------------------------


def oath_errors(*, form, date, place, administered_by, nominees, leader=None):
    """{field: message} for an oath's input."""
    errors = {}
    if form not in OathForm.values:
        errors["form"] = _("Choose an individual or a collective oath.")
    if date is None:
        errors["date"] = _("Enter the date of the oath.")
    if not _text(place):
        errors["place"] = _("Enter where the oath is taken.")
    if not _text(administered_by):
        errors["administered_by"] = _("Enter who administers the oath.")
    if form == OathForm.INDIVIDUAL and len(nominees) != 1:
        errors["nominees"] = _("An individual oath is taken by exactly one person.")
    elif form == OathForm.COLLECTIVE and len(nominees) < 2:
        errors["nominees"] = _("A collective oath is taken by two persons or more.")
    if "nominees" not in errors:
        wrong = [n for n in nominees if n.state != State.PASSED or n.kind not in APPOINTING_KINDS]
        sworn = [n for n in nominees if OathTaker.objects.filter(nominee=n).exists()]
        if wrong:
            errors["nominees"] = _("Only persons whose appointment passed take the oath: %(names)s.") % {
                "names": "、".join(str(n) for n in wrong)}
        elif sworn:
            errors["nominees"] = _("Already on an oath: %(names)s.") % {"names": "、".join(str(n) for n in sworn)}
    if leader is not None and leader not in nominees:
        errors["leader"] = _("The person leading the oath must be one of those sworn.")
    return errors


@transaction.atomic
def oath_schedule(*, actor, form, date, place, administered_by, nominees, witnesses="", meeting=None,
                  leader=None):
    """宪法宣誓 set for a date and place (the reminder sweep announces it), for one person (individual) or
    several (collective, one of them leading: by default the first). The text is the fixed 2018 text."""
    _require_staff(actor)
    nominees = list(Nominee.objects.select_for_update().filter(pk__in=[n.pk for n in nominees]).order_by("pk"))
    if errors := oath_errors(form=form, date=date, place=place, administered_by=administered_by,
                             nominees=nominees, leader=leader):
        raise ValidationError(errors)
    oath = Oath.objects.create(form=form, date=date, place=_text(place), administered_by=_text(administered_by),
                               witnesses=_text(witnesses), meeting=meeting, text=OATH_TEXT, recorded_by=actor)
    lead = leader or nominees[0]
    OathTaker.objects.bulk_create([OathTaker(oath=oath, nominee=n, leads=n.pk == lead.pk) for n in nominees])
    audit_record(oath, "oath_scheduled", actor=actor, nominees=[n.pk for n in nominees], date=str(date))
    return oath


@transaction.atomic
def oath_record_taken(*, oath, actor, witnesses=None):
    """The oath was taken as scheduled: recorded (with the witnesses present), on or after its date."""
    _require_staff(actor)
    oath = Oath.objects.select_for_update().get(pk=oath.pk)
    if oath.taken:
        raise AppointmentError(_("This oath is already recorded as taken."))
    if not _not_future(oath.date):
        raise AppointmentError(_("The oath is set for %(date)s: record it on or after that day.") % {
            "date": oath.date})
    fields = ["taken"]
    if witnesses is not None:
        oath.witnesses = _text(witnesses)
        fields.append("witnesses")
    if not oath.witnesses:
        raise ValidationError({"witnesses": _("Enter the witnesses of the oath.")})
    oath.taken = True
    oath.save(update_fields=fields)
    audit_record(oath, "oath_taken", actor=actor)
    return oath


# ---- appraisal of appointed officials --------------------------------------------------------------------


@transaction.atomic
def appraisal_schedule(*, nominee, actor, year, scheduled_on, supervision_item=None):
    """履职评议 of an appointed official, set for a day of `year`; it may hang on a supervision item of kind
    appraisal (the plan's 履职评议 item)."""
    _require_staff(actor)
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk)
    errors = {}
    if nominee.state != State.PASSED or nominee.kind not in APPOINTING_KINDS:
        errors["nominee"] = _("Only an official whose appointment passed is appraised.")
    if scheduled_on is None:
        errors["scheduled_on"] = _("Enter the date of the appraisal.")
    elif year != scheduled_on.year:
        errors["scheduled_on"] = _("The appraisal's date must fall in its year.")
    if supervision_item is not None and supervision_item.kind != "appraisal":
        errors["supervision_item"] = _("Choose a supervision item of kind appraisal.")
    if not errors and Appraisal.objects.filter(nominee=nominee, year=year).exists():
        errors["year"] = _("%(nominee)s already has an appraisal in %(year)s.") % {"nominee": nominee, "year": year}
    if errors:
        raise ValidationError(errors)
    appraisal = Appraisal.objects.create(nominee=nominee, year=year, scheduled_on=scheduled_on,
                                         supervision_item=supervision_item, recorded_by=actor)
    audit_record(appraisal, "appraisal_scheduled", actor=actor, scheduled_on=str(scheduled_on))
    return appraisal


@transaction.atomic
def appraisal_record(*, appraisal, actor, held_on, result, report="", opinion=""):
    """The appraisal held: the official's report, the members' result, the opinion and follow-up."""
    _require_staff(actor)
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.held_on is not None:
        raise AppointmentError(_("This appraisal is already recorded."))
    errors = {}
    if not _not_future(held_on):
        errors["held_on"] = _("Enter the date the appraisal was held (not in the future).")
    if result not in AppraisalResult.values:
        errors["result"] = _("Choose the result of the appraisal.")
    if not _text(report):
        errors["report"] = _("Give the official's report (述职报告) or its summary.")
    if errors:
        raise ValidationError(errors)
    appraisal.held_on, appraisal.result = held_on, result
    appraisal.report, appraisal.opinion = _text(report), _text(opinion)
    appraisal.save(update_fields=["held_on", "result", "report", "opinion"])
    audit_record(appraisal, "appraisal_recorded", actor=actor, result=result)
    return appraisal

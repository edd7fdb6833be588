"""The appointments' documents: the certificate of appointment (任命书) and the announcement of the
appointments and removals (任免名单公告), as PDFs served to staff and written by `manage.py export_pdf`.

Both read public fields only (name, post, organ): never the ID number or the phone."""

from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.organization.names import congress_name, district_name, full_unit_name
from congress_portal.reports import documents
from congress_portal.reports.pdf import render_pdf

from .models import Certificate, Kind

CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n):
    """0..99 as written in an official date or a meeting's number: 十, 十二, 二十一."""
    tens, ones = divmod(n, 10)
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def chinese_date(day):
    """二〇二六年十二月二日: the date as official certificates print it."""
    year = "".join(CN_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def certificate_context(certificate):
    nominee = certificate.nominee
    meeting = nominee.motion.meeting
    sentence = (_("%(name)s is appointed %(post)s.") if nominee.kind == Kind.APPOINT
                else _("It is decided to appoint %(name)s %(post)s.")) % {
        "name": nominee.person_name, "post": full_unit_name(nominee.post)}  # 区人民法院… -> 武昌区人民法院…
    return {
        "certificate": certificate, "number": certificate.number, "nominee": nominee,
        "sentence": sentence, "congress": congress_name(), "district": district_name(),
        "passed_by": _("Passed at meeting %(number)s of the %(district)s %(term)s People's Congress Standing "
                       "Committee on %(date)s.") % {
            "number": chinese_number(meeting.number), "district": district_name(), "term": meeting.term.name,
            "date": chinese_date(meeting.date)},
        "chair_title": _("Chair of the %(district)s People's Congress Standing Committee") % {
            "district": district_name()},
        "chair_name": certificate.chair_name, "issued_on": chinese_date(certificate.issued_on),
    }


def certificate_for(subject):
    """A certificate by its id, or by its nominee's id when written nominee:ID."""
    text = str(subject).strip()
    queryset = Certificate.objects.select_related("nominee__motion__meeting__term")
    if text.startswith("nominee:"):
        pk = int_or_none(text.split(":", 1)[1])
        return queryset.filter(nominee_id=pk).first() if pk is not None else None
    pk = int_or_none(text)
    return queryset.filter(pk=pk).first() if pk is not None else None


def render_certificate(certificate):
    return render_pdf("appointments/pdf/certificate.html", certificate_context(certificate))


def announcement_context(rows, *, meeting_heading=""):
    from .views import announcement_groups

    groups = announcement_groups(rows)
    return {"groups": groups, "congress": congress_name(), "heading": meeting_heading,
            "announced_on": max((g[1] for g in groups if g[1]), default=None)}


def render_announcement(rows, heading=""):
    return render_pdf("appointments/pdf/announcement.html", announcement_context(rows, meeting_heading=heading))


def _render_certificate_document(subject, options):
    certificate = certificate_for(subject)
    if certificate is None:
        raise documents.DocumentUnavailable(
            _("No certificate of appointment has the id “%(id)s” (issue it first from the nominee's page).") % {
                "id": subject})
    return render_certificate(certificate)


def _add_announcement_arguments(parser):
    parser.add_argument("--year", type=int, help="Announcement: only the decisions of this year.")


def _render_announcement_document(subject, options):
    """SUBJECT: a standing committee meeting's id, or "all" for every decision (optionally --year)."""
    from congress_portal.meetings.models import StandingCommitteeMeeting

    from . import selectors

    text = str(subject).strip()
    if text == "all":
        rows = selectors.announced(year=options.get("year"))
        heading = ""
    else:
        pk = int_or_none(text)
        meeting = StandingCommitteeMeeting.objects.select_related("term").filter(pk=pk).first() if pk else None
        if meeting is None:
            raise documents.DocumentUnavailable(
                _("No standing committee meeting has the id “%(id)s”.") % {"id": subject})
        rows = selectors.announced(meeting=meeting)
        heading = str(meeting)
    rows = list(rows)
    if not rows:
        raise documents.DocumentUnavailable(_("No appointment or removal has been announced yet."))
    return render_announcement(rows, heading)


def register_all():
    documents.register(documents.Document(
        name="certificate", help="A certificate of appointment (任命书), numbered and signed by the chair.",
        subject_help="the certificate's id, or nominee:ID for a nominee's certificate",
        render=_render_certificate_document))
    documents.register(documents.Document(
        name="appointment_announcement", help="The announcement of appointments and removals (任免名单公告).",
        subject_help='a standing committee meeting\'s id, or "all" (with --year)',
        render=_render_announcement_document, add_arguments=_add_announcement_arguments))

"""The suggestions' two letters as registered documents of `export_pdf`
(congress_portal/reports/documents.py), registered from ProposalsConfig.ready()."""

from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.organization.models import HandlingUnit

from congress_portal.reports import documents

from . import letters


def _add_unit(parser):
    parser.add_argument("--unit", help="Assignment notice: the unit's id or code (default: the lead unit).")


def _add_round(parser):
    parser.add_argument("--round", type=int, help="Reply letter: the handling round (default: the latest).")


def _suggestion(subject):
    suggestion = letters.suggestion_for_letters(subject)
    if suggestion is None:
        raise documents.DocumentUnavailable(_("No suggestion has the id or number “%(id)s”.") % {"id": subject})
    return suggestion


def _unit(suggestion, lookup):
    from .models import Assignment

    if lookup:
        unit = HandlingUnit.objects.filter(code=lookup).first()
        if unit is None and int_or_none(str(lookup)) is not None:
            unit = HandlingUnit.objects.filter(pk=int_or_none(str(lookup))).first()
        if unit is None:
            raise documents.DocumentUnavailable(
                _("No handling unit has the id or code “%(unit)s”.") % {"unit": lookup})
        return unit
    # The lead unit (or the first unit handling separately) by default, never a co-unit first.
    assignments = letters.by_role(Assignment.objects.filter(suggestion=suggestion, active=True)
                                  .select_related("unit"))
    if not assignments:
        raise documents.DocumentUnavailable(_("This suggestion has not been assigned yet."))
    return assignments[0].unit


def render_assignment_notice(subject, options):
    suggestion = _suggestion(subject)
    try:
        context = letters.assignment_notice_context(suggestion, _unit(suggestion, options.get("unit")))
    except letters.LetterUnavailable as exc:
        raise documents.DocumentUnavailable(str(exc)) from None
    return letters.render_letter("assignment_notice", context)


def render_reply_letter(subject, options):
    suggestion = _suggestion(subject)
    try:
        context = letters.reply_letter_context(suggestion, options.get("round"))
    except letters.LetterUnavailable as exc:
        raise documents.DocumentUnavailable(str(exc)) from None
    return letters.render_letter("reply_letter", context)


def register_all():
    documents.register(documents.Document(
        name="assignment_notice", help="A suggestion's assignment notice (交办通知) to one unit.",
        subject_help="the suggestion's primary key or registration number (e.g. 16-4-023)",
        render=render_assignment_notice, add_arguments=_add_unit))
    documents.register(documents.Document(
        name="reply_letter", help="A suggestion's reply letter (答复函).",
        subject_help="the suggestion's primary key or registration number (e.g. 16-4-023)",
        render=render_reply_letter, add_arguments=_add_round))

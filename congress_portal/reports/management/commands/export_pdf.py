from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from congress_portal.core.numbers import int_or_none
from congress_portal.organization.models import HandlingUnit
from congress_portal.reports import letters
from proposals.models import Assignment

KINDS = ("assignment_notice", "reply_letter")


class Command(BaseCommand):
    help = "Write a suggestion's assignment notice or reply letter as PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("id", help="The suggestion's primary key or registration number (e.g. 16-4-023).")
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        parser.add_argument("--unit", help="Assignment notice: the unit's id or code (default: the lead unit).")
        parser.add_argument("--round", type=int, help="Reply letter: the handling round (default: the latest).")

    def handle(self, *args, **options):
        # Messages in the portal's language (Chinese), whatever the shell's locale.
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(**options)

    def _handle(self, *, kind, id, out, unit=None, round=None, **options):
        suggestion = letters.suggestion_for_letters(id)
        if suggestion is None:
            raise CommandError(_("No suggestion has the id or number “%(id)s”.") % {"id": id})
        try:
            if kind == "assignment_notice":
                context = letters.assignment_notice_context(suggestion, self._unit(suggestion, unit))
            else:
                context = letters.reply_letter_context(suggestion, round)
        except letters.LetterUnavailable as exc:
            raise CommandError(str(exc)) from None
        data = letters.render_letter(kind, context)
        Path(out).write_bytes(data)
        self.stdout.write(_("Wrote %(path)s (%(size)s bytes).") % {"path": out, "size": len(data)})

    def _unit(self, suggestion, lookup):
        if lookup:
            unit = HandlingUnit.objects.filter(code=lookup).first()
            if unit is None and int_or_none(str(lookup)) is not None:
                unit = HandlingUnit.objects.filter(pk=int_or_none(str(lookup))).first()
            if unit is None:
                raise CommandError(_("No handling unit has the id or code “%(unit)s”.") % {"unit": lookup})
            return unit
        # The lead unit (or the first unit handling separately) by default, never a co-unit first.
        assignments = letters.by_role(Assignment.objects.filter(suggestion=suggestion, active=True)
                                       .select_related("unit"))
        if not assignments:
            raise CommandError(_("This suggestion has not been assigned yet."))
        return assignments[0].unit

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from congress_portal.reports import documents


class Command(BaseCommand):
    help = "Write one of the portal's documents as PDF: export_pdf KIND SUBJECT --out FILE."

    def add_arguments(self, parser):
        kinds = documents.all_documents()
        parser.add_argument("kind", choices=[d.name for d in kinds],
                            help="; ".join(f"{d.name}: {d.help}" for d in kinds))
        parser.add_argument("id", help="The document's subject: " + "; ".join(
            f"{d.name}: {d.subject_help}" for d in kinds if d.subject_help))
        parser.add_argument("--out", required=True, help="The PDF file to write.")
        for document in kinds:
            if document.add_arguments:
                document.add_arguments(parser)

    def handle(self, *args, **options):
        # Messages in the portal's language (Chinese), whatever the shell's locale.
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(**options)

    def _handle(self, *, kind, id, out, **options):
        document = documents.get(kind)
        try:
            data = document.render(id, options)
        except documents.DocumentUnavailable as exc:
            raise CommandError(str(exc)) from None
        Path(out).write_bytes(data)
        self.stdout.write(_("Wrote %(path)s (%(size)s bytes).") % {"path": out, "size": len(data)})

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from congress_portal.core import backup


class Command(BaseCommand):
    help = ("Back up the portal: the PostgreSQL database (pg_dump), the uploaded files (MEDIA_ROOT) and the "
            "schema version, with each table's row count and checksum, in one tar archive.")

    def add_arguments(self, parser):
        parser.add_argument("--out", help="The archive to write (default: portal-YYYYmmdd-HHMMSS.tar here).")

    def handle(self, *args, **options):
        out = options["out"] or f"portal-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
        try:
            manifest = backup.backup(out)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(count for count, _digest in manifest["tables"].values())
        self.stdout.write(f"{out}: {len(manifest['tables'])} tables, {rows} rows, "
                          f"{manifest['media_files']} files")

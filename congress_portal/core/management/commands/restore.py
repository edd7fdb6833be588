from django.core.management.base import BaseCommand, CommandError

from congress_portal.core import backup


class Command(BaseCommand):
    help = ("Restore an archive of `manage.py backup` into a NEW PostgreSQL database and a new media "
            "directory, then check every table's row count and checksum against the archive.")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database-url", required=True,
                            help="postgres://user@host:port/NEW_NAME: created by the restore; never an existing one.")
        parser.add_argument("--media-root", required=True, help="A new or empty directory for the uploaded files.")

    def handle(self, *args, **options):
        try:
            manifest, behind = backup.restore(options["archive"], options["database_url"], options["media_root"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(count for count, _digest in manifest["tables"].values())
        self.stdout.write(f"restored {len(manifest['tables'])} tables ({rows} rows, every count and checksum "
                          f"as backed up on {manifest['created_at']}) and {manifest['media_files']} files")
        if behind:
            self.stdout.write("this code has newer migrations for " + ", ".join(behind) + ": run "
                              "`DATABASE_URL=... manage.py migrate` before serving from the restored database")

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from congress_portal.accounts.models import User
from congress_portal.notifications import registry, services
from congress_portal.notifications.messages import render


class Command(BaseCommand):
    help = "Run the reminder sweep now (or as of another day) and print what it sends."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the reminders due; send nothing.")
        parser.add_argument("--at", help="Sweep as of this day, YYYY-MM-DD (default: today).")
        parser.add_argument("--kind", action="append", help="Only this deadline kind (repeatable).")
        parser.add_argument("--queue", action="store_true",
                            help="Hand the sweep to a Celery worker instead of running it here (needs REDIS_URL).")

    def handle(self, *args, **options):
        try:
            at = datetime.date.fromisoformat(options["at"]) if options["at"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--at takes YYYY-MM-DD") from exc
        kinds = registry.kinds()
        if options["kind"]:
            unknown = set(options["kind"]) - {k.code for k in kinds}
            if unknown:
                raise CommandError(f"unknown kind(s): {', '.join(sorted(unknown))}; "
                                   f"known: {', '.join(k.code for k in kinds)}")
            kinds = [k for k in kinds if k.code in options["kind"]]
        collected = services.collect(at, kinds)
        rows = services.pending_of([r for _k, reminders in collected for r in reminders])
        names = dict(User.objects.filter(pk__in={r.recipient_id for r in rows}).values_list("pk", "username"))
        self.stdout.write(f"Reminders as of {at:%Y-%m-%d}" + (" (dry run)" if options["dry_run"] else ""))
        for kind, reminders in collected:
            mine = [r for r in rows if r.kind == kind.code]
            self.stdout.write(f"== {kind.code}: {len(reminders)} due, {len(mine)} deliveries to send")
            for row in mine:
                title = render(row.kind, row.milestone, row.due_date, row.context)[0]
                self.stdout.write(f"  [{row.milestone}] {row.channel:6} -> {names.get(row.recipient_id)}: {title}")
        if options["dry_run"]:
            return
        if options["queue"]:
            from congress_portal.notifications import tasks

            result = tasks.sweep_reminders.apply_async((at.isoformat(), [k.code for k in kinds]), retry=False)
            self.stdout.write(self.style.SUCCESS(f"Sweep handed to a worker (task {result.id})."))
            return
        result = services.sweep(at, kinds)
        self.stdout.write(self.style.SUCCESS(
            f"Planned {result['planned']} deliveries; in the portal {result['in_app']}, "
            f"e-mail/SMS sent {result['sent']}, failed {result['failed']}."))

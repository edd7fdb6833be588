import datetime
import importlib
import time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from congress_portal.core.demo import DEMO_PASSWORD, DemoContext
from congress_portal.core.setup import load_reference_data


class Command(BaseCommand):
    help = "Build a realistic, deterministic demo district (small for `make run`, large for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--today", help="Anchor day YYYY-MM-DD (default: today); deadlines are set around it.")
        parser.add_argument("--flush", action="store_true", help="Empty the database first.")

    def handle(self, *args, **options):
        from congress_portal.organization.models import Term

        if options["flush"]:
            call_command("flush", interactive=False, verbosity=0)
            load_reference_data()
        elif Term.objects.exists():
            self.stdout.write("Demo data is already loaded (use --flush to rebuild it).")
            return
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else datetime.date.today()
        except ValueError as exc:
            raise CommandError("--today takes YYYY-MM-DD") from exc
        ctx = DemoContext(scale=options["scale"], today=today, stdout=self.stdout)
        steps = []
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            if hasattr(module, "seed"):
                steps.append((getattr(module, "ORDER", 100), config.name, module))
        started = time.monotonic()
        with transaction.atomic():
            for _order, name, module in sorted(steps, key=lambda step: step[0]):
                t0 = time.monotonic()
                module.seed(ctx)
                self.stdout.write(f"  {name}: {time.monotonic() - t0:.1f}s")
        self.stdout.write(self.style.SUCCESS(
            f"Demo ({ctx.scale}, anchored on {today}) loaded in {time.monotonic() - started:.1f}s. "
            f"Every demo account's password is {DEMO_PASSWORD}"))

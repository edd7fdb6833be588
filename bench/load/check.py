"""After a load or fault run: nothing lost, nothing doubled. Exit status 1 otherwise.

- Opinions: every opinion the portal accepted (302, its marker in LOAD_SENT_FILE) is stored exactly once.
- Deliveries (with --since): the reminder deliveries and outbox events written since the run began are
  all delivered once the workers have caught up (waits up to --settle seconds): no event left unrelayed,
  no in-portal delivery left pending, each in-portal delivery one notification; e-mails and texts sent
  as many times as the database records them sent, read from the workers' logs (--logs), at most one
  batch (NOTIFICATIONS_SEND_BATCH) per killed worker process left "sending" (its fate unknown: shown to
  staff, never resent blindly).

    DATABASE_URL=... python bench/load/check.py test-artifacts/load/sent.txt --since 2026-12-02T10:00:00Z
"""

import argparse
import glob
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_portal.settings")

DASHES = "-" * 79  # Django's console e-mail backend ends each message with this line


def check_opinions(sent_file):
    from deputies.models import Opinion

    sent = [line.strip() for line in Path(sent_file).read_text().splitlines() if line.strip()]
    stored = Counter()
    for text in Opinion.objects.filter(text__startswith="压力测试意见 ").values_list("text", flat=True).iterator():
        stored[text.split("：")[0].split()[1]] += 1
    lost = [m for m in sent if m not in stored]
    doubled = [m for m in sent if stored[m] > 1]  # markers are unique to each POST of this run
    print(f"opinions accepted {len(sent)}, stored {sum(stored[m] for m in sent)}, lost {len(lost)}, "
          f"doubled {len(doubled)}")
    return not lost and not doubled


def _waiting(since):
    from congress_portal.notifications.models import Delivery, OutboxEvent

    events = OutboxEvent.objects.filter(created_at__gte=since, relayed_at__isnull=True).count()
    in_app = Delivery.objects.filter(created_at__gte=since, channel="in_app", status="pending").count()
    external = Delivery.objects.filter(created_at__gte=since, channel__in=["email", "sms"], status="pending").count()
    return events, in_app, external


def check_deliveries(since, settle, logs, killed):
    from django.db.models import Count, Q

    from congress_portal.notifications.models import Delivery, Notification

    started = time.monotonic()
    waiting = _waiting(since)
    while any(waiting) and time.monotonic() - started < settle:
        time.sleep(2)
        waiting = _waiting(since)
    caught_up = time.monotonic() - started
    rows = Delivery.objects.filter(created_at__gte=since)
    by = Counter({(c, s): n for c, s, n in rows.values_list("channel", "status").annotate(n=Count("id"))
                  .values_list("channel", "status", "n")})
    in_app_sent = by[("in_app", "sent")]
    notes = Notification.objects.filter(delivery__in=rows.filter(channel="in_app"))
    doubled_notes = notes.values("delivery_id").annotate(n=Count("id")).filter(n__gt=1).count()
    # The e-mails and texts the run's workers handled: those written since, and those left waiting from before
    # (a seeded or earlier backlog) that the workers claimed during the run; their messages are in the logs too.
    external = Delivery.objects.filter(channel__in=["email", "sms"]).filter(
        Q(created_at__gte=since) | Q(claimed_at__gte=since))
    backlog = external.filter(created_at__lt=since).count()
    external_sent = external.filter(status="sent").count()
    unknown = external.filter(status="sending").count()
    interrupted = external.filter(status="failed", last_error__startswith="interrupted").count()
    texts = emails = 0
    for path in sorted(set(p for pattern in logs for p in glob.glob(pattern))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if re.search(r"congress_portal\.notifications\.sms.*SMS to ", line):
                    texts += 1
                elif line.rstrip().endswith(DASHES):  # also when Celery logs the worker's stdout
                    emails += 1
    logged = texts + emails
    print(f"deliveries since the run began: {sum(by.values())} "
          f"({', '.join(f'{c} {s} {n}' for (c, s), n in sorted(by.items()))}); caught up in {caught_up:.0f} s; "
          f"left waiting: {waiting[0]} outbox events, {waiting[1]} in-portal, {waiting[2]} e-mail/SMS")
    print(f"in-portal sent {in_app_sent}, notifications {notes.count()}, doubled {doubled_notes}; e-mail/SMS "
          f"sent {external_sent} ({backlog} of them waiting from before the run), in the workers' logs {logged} ({emails} e-mails, {texts} texts), fate unknown "
          f"{unknown + interrupted} (killed processes {killed})")
    ok = not any(waiting) and doubled_notes == 0 and notes.count() == in_app_sent
    from congress_portal.notifications.services import send_batch_size

    cut_off = killed * send_batch_size()  # a killed process's claimed batch, sent or not
    if logs:
        # Each message in the logs is recorded sent, except those of a killed process's batch (cut off
        # after they left, before the batch's record): more in the logs than that would be a message sent twice.
        ok = ok and external_sent <= logged <= external_sent + min(unknown + interrupted, cut_off)
    ok = ok and unknown + interrupted <= cut_off
    return ok


def check_planned(at):
    """Every reminder due on `at` has its delivery rows (a sweep killed before it wrote them was run again)."""
    import datetime

    from congress_portal.notifications import services

    day = datetime.date.fromisoformat(at)
    missing = sum(len(services.pending_of(reminders)) for _kind, reminders in services.collect(day))
    print(f"reminders due on {at} without their delivery rows: {missing}")
    return missing == 0


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("sent_file", nargs="?", default="test-artifacts/load/sent.txt")
    parser.add_argument("--since", help="ISO time the run began: check the deliveries written since")
    parser.add_argument("--settle", type=float, default=120, help="seconds to wait for the workers to catch up")
    parser.add_argument("--logs", action="append", default=[], help="workers' log files (glob), to count messages")
    parser.add_argument("--killed", type=int, default=0, help="worker processes killed during the run")
    parser.add_argument("--sweep-at", help="the day a sweep was queued for during the run: all of it planned")
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.utils.dateparse import parse_datetime

    ok = check_opinions(args.sent_file)
    if args.since:
        ok = check_deliveries(parse_datetime(args.since), args.settle, args.logs, args.killed) and ok
    if args.sweep_at:
        ok = check_planned(args.sweep_at) and ok
    print("check:", "nothing lost, nothing doubled" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

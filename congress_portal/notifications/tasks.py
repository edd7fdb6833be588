"""Thin tasks: ids in, a service call, safe to run twice (acks_late; every step claims its rows)."""

import datetime

from celery import shared_task

from congress_portal.core.schedule import PeriodicJob

from . import registry, services

# Run by Celery beat (django-celery-beat's rows, editable in the admin); put back after a flush and
# watched by /healthz (core/schedule.py). The first rows came from migration 0002.
PERIODIC_JOBS = [
    PeriodicJob("notifications: reminder sweep", "notifications.sweep_reminders",
                "Finds every reminder due and sends it once; several runs a day are harmless.",
                minute="30", hour="7,12,17"),
    PeriodicJob("notifications: daily digest", "notifications.send_digests",
                "One e-mail / SMS per user who chose the daily digest.", minute="0", hour="8"),
    PeriodicJob("notifications: outbox relay", "notifications.relay_outbox",
                "Relays outbox events that waited (broker down when they were written).", every_minutes=1),
    PeriodicJob("notifications: retry deliveries", "notifications.deliver_pending",
                "Sends e-mail and SMS that failed, with backoff.", every_minutes=10),
]


@shared_task(name="notifications.sweep_reminders")
def sweep_reminders(at=None, kinds=None):
    day = datetime.date.fromisoformat(at) if at else None
    chosen = [k for k in registry.kinds() if k.code in kinds] if kinds else None
    return services.sweep(day, chosen)


@shared_task(name="notifications.relay_outbox_event")
def relay_outbox_event(event_id):
    services.relay_event(event_id)
    return services.deliver_pending()


@shared_task(name="notifications.relay_outbox")
def relay_outbox():
    relayed = services.relay_waiting()
    return {"relayed": relayed, **services.deliver_pending()}


@shared_task(name="notifications.deliver_pending")
def deliver_pending():
    return services.deliver_pending()


@shared_task(name="notifications.send_digests")
def send_digests():
    return services.send_digests()

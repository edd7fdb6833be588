"""Thin tasks: ids in, a service call, safe to run twice (acks_late; every step claims its rows)."""

import datetime

from celery import shared_task

from . import registry, services


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

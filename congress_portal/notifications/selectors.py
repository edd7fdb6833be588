"""Reads for the notification centre, the header bell and /healthz."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from congress_portal.core.caching import kept

from .models import Delivery, Notification, OutboxEvent

log = logging.getLogger(__name__)

# The header bell's count is read on every page; it is cached per user (settings.
# NOTIFICATIONS_BELL_CACHE_SECONDS, 0 to switch it off) and forgotten whenever the user's notifications
# change (services.deliver_in_app, services.mark_read). The time limit bounds what a change made
# elsewhere (the admin, a data fix) can leave stale.

# The oldest waiting outbox row may be this old before /healthz reports a failure.
OUTBOX_MAX_AGE_SECONDS = 600


def _count_unread(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user):
    if not user.is_authenticated:
        return 0
    seconds = settings.NOTIFICATIONS_BELL_CACHE_SECONDS
    if not seconds:
        return _count_unread(user)
    return kept(_unread_key(user.pk), seconds, lambda: _count_unread(user), what="unread notifications")


def forget_unread_counts(user_ids):
    """Drop the cached bell counts of these users (call once their notifications have changed)."""
    try:
        cache.delete_many([_unread_key(pk) for pk in set(user_ids)])
    except Exception:  # noqa: BLE001 - a stale count expires by itself within the time limit
        log.warning("cache unavailable: bell counts not refreshed", exc_info=True)


def notifications_for(user, *, unread_only=False):
    """The user's notifications, newest first (one query per page)."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def outbox_backlog():
    """(waiting rows, age in seconds of the oldest, or None)."""
    waiting = OutboxEvent.objects.filter(relayed_at__isnull=True)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else None
    return waiting.count(), age


def outbox_health():
    """/healthz check: the outbox backlog and the age of its oldest row."""
    try:
        count, age = outbox_backlog()
        failed = Delivery.objects.filter(status=Delivery.Status.FAILED).count()
    except Exception as exc:  # noqa: BLE001 - the database check reports the cause
        return "outbox", False, {"error": str(exc)[:200]}
    ok = age is None or age < OUTBOX_MAX_AGE_SECONDS
    return "outbox", ok, {"backlog": count, "oldest_age_seconds": round(age, 1) if age is not None else None,
                          "failed_deliveries": failed}

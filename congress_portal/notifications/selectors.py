"""Reads for the notification centre, the header bell and /healthz."""

from django.utils import timezone

from .models import Delivery, Notification, OutboxEvent

# The oldest waiting outbox row may be this old before /healthz reports a failure.
OUTBOX_MAX_AGE_SECONDS = 600


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


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
